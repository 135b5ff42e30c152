"""Phrased text with titles of works marked, for formats with emphasis: HTML with `<cite>`
(the page, the email, the feeds' HTML content). The DOCX writer reads the same pieces
(`wording.Piece`) and sets titles in an italic character style.

The pieces come from `pipeline.wording`, which knows what is a title: a scene's films' titles
and original titles, and the `works` its text names.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from pipeline import wording

if TYPE_CHECKING:
    from markupsafe import Markup

    from pipeline.model import Film, Scene


def html(pieces: list[wording.Piece]) -> str:
    """The pieces as HTML text: escaped, each title in <cite>; a number and the word after
    it joined by a no-break space, so '1,040' never ends a line with 'mph' on the next."""
    return "".join(
        f"<cite>{escape(text, quote=False)}</cite>"
        if title
        else escape(unbroken(text), quote=False)
        for text, title in pieces
    )


_NUMBER_AND_WORD = re.compile(r"(?<=\d) (?=\S)")


def unbroken(text: str) -> str:
    """A number and the word after it joined by a no-break space."""
    return _NUMBER_AND_WORD.sub("\u00a0", text)


def _markup(pieces: list[wording.Piece]) -> Markup:
    from markupsafe import Markup

    return Markup(html(pieces))


def films_html(films: tuple[Film, ...]) -> Markup:
    """`films` for a page: 'The Mummy Returns (2001)' with the title in <cite>."""
    return _markup(wording.film_pieces(films))


def credits_html(scene: Scene) -> Markup:
    """`credits` for a page or an email, titles in <cite>."""
    return _markup(wording.credit_pieces(scene))


def heading_html(scene: Scene) -> Markup:
    """The scene's heading, in <cite> when it is the film's title."""
    return _markup(wording.heading_pieces(scene))


def blurb_html(scene: Scene) -> Markup:
    """The blurb with its numbers' conversions, titles of works in <cite>."""
    return _markup(wording.blurb_pieces(scene))


def correction_html(scene: Scene) -> Markup:
    """What a correction changed, titles of works in <cite> ('' when never corrected)."""
    return _markup(wording.correction_pieces(scene))


def correction_text(scene: Scene) -> str:
    return scene.correction or ""


def heading_text(scene: Scene) -> str:
    return scene.heading


def cast_line(scene: Scene) -> str:
    """Who is in the scene, as the credits list them ('Rick O’Connell (Brendan Fraser)'); a
    compilation's person, already named in its 'Films' line, is not repeated."""
    return wording.person_line(wording.cast_shown(scene))
