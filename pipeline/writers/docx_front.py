"""What the DOCX prints around the data's fields, for editors: the byline, date and link under
the dek, and the running header and footer.

A value the data marks as unconfirmed (a placeholder byline or date) is printed with a note
for editors: the DOCX is the one output that shows it, so it can be confirmed or replaced.
None of this is a field (`docx_layout`): review expects these texts (`front_texts`) and
reports any other text outside fields as the editor's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.wording import long_date, series

if TYPE_CHECKING:
    from pipeline.model import Dataset

Run = tuple[str, str | None, str | None, str | None]
"""Text, anchor (None here), character style role (or None), link target (or None)."""

UNCONFIRMED = " [to confirm]"
"""The note after a value the data marks as unconfirmed."""
SEPARATOR = " · "
HEADER_TITLE_LENGTH = 80
"""Characters of the article's title the running header holds."""


def byline(dataset: Dataset) -> list[Run]:
    """'By Canadian Running staff [placeholder…] · November 24, 2026 [placeholder…]'."""
    c = dataset.collection
    runs: list[Run] = [("By " + series([a.name for a in c.authors]), None, None, None)]
    if not c.confirmed("authors"):
        runs.append((UNCONFIRMED, None, "editor_note", None))
    runs.append((SEPARATOR + long_date(c.published), None, None, None))
    if not c.confirmed("published"):
        runs.append((UNCONFIRMED, None, "editor_note", None))
    return runs


def link(dataset: Dataset) -> list[Run]:
    """The article's address, as a link."""
    url = dataset.collection.link
    return [(url, None, "hyperlink", url)]


def front_texts(dataset: Dataset) -> list[str]:
    """The byline's and the link's texts, as review finds them outside fields."""
    return ["".join(run[0] for run in runs).strip() for runs in (byline(dataset), link(dataset))]


def header_text(dataset: Dataset) -> str:
    """The running header: 'Canadian Running · 13 memorable (and sometimes ridiculous)…'."""
    c = dataset.collection
    title = c.title
    if len(title) > HEADER_TITLE_LENGTH:
        title = title[: HEADER_TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"
    return f"{c.publisher}{SEPARATOR}{title}" if c.publisher else title


HEADER_ASIDE = "Editors’ copy"
"""At the right of the running header: this is the document to copy-edit, not the article."""
