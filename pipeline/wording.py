"""How values are phrased for readers: numbers with units and conversions, films, people,
dates, and which words are titles of works (set in italics where a format has emphasis)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline import units

if TYPE_CHECKING:
    from datetime import datetime

    from pipeline.model import Claim, Film, Person, Scene

Piece = tuple[str, bool]
"""A run of text, and whether it is the title of a work (set in italics)."""

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""Spelled here, not by strftime('%B'), whose month names follow the process's locale."""


def number(value: float) -> str:
    """1673 -> '1,673'; 1.25 -> '1.25'; 0.000012 -> '0.000012'; whole floats lose their
    decimals. The digits are the number's shortest exact form (what the data holds: 999999999999999.9
    stays that, never '999,999,999,999,999.88'), never in exponent notation."""
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    from decimal import Decimal

    return f"{Decimal(repr(float(value))):,f}"


def conversion(claim: Claim) -> str:
    """The value in the other system ('1,040 mph'), or '' when there is none to give: whole
    from 10 up, else two significant digits (a conversion is approximate)."""
    other = units.unit(claim.unit).shown_in
    if other is None:
        return ""
    converted = units.convert(claim.value, claim.unit, other)
    if converted >= 10:
        return f"{number(round(converted))} {other}"
    shown = float(f"{converted:.2g}") if converted < 1 else round(converted, 1)
    return f"{number(shown)} {other}"


def amount(claim: Claim) -> str:
    """The value in its own unit: '1,673 km/h', '100,000 Deutsche Mark (DEM)', '2'."""
    return f"{number(claim.value)} {units.label(claim.unit)}".rstrip()


def quantity(claim: Claim) -> str:
    """'1,673 km/h (1,040 mph)', '100,000 Deutsche Mark (DEM)', '20 minutes'."""
    shown = amount(claim)
    other = conversion(claim)
    return f"{shown} ({other})" if other else shown


def claim_line(claim: Claim) -> str:
    """'1,673 km/h (1,040 mph): Rick's speed (estimated); faster than the speed of sound'."""
    line = f"{quantity(claim)}: {claim.subject}"
    if claim.qualifier:
        line += f" ({claim.qualifier})"
    if claim.comparison:
        line += f"; {claim.comparison}"
    if claim.source:
        line += f"; source: {claim.source}"
    return line


def film_line(films: tuple[Film, ...]) -> str:
    return "; ".join(
        f"{f.title} ({f.year}"
        + (f", original title {f.original_title})" if f.original_title else ")")
        for f in films
    )


def person_line(people: tuple[Person, ...]) -> str:
    def one(p: Person) -> str:
        name = p.character or p.actor or ""
        if p.character and p.actor:
            name = f"{p.character} ({p.actor})"
        return f"{name}, {p.note}" if p.note else name

    return "; ".join(one(p) for p in people)


def series(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def cast(people: tuple[Person, ...]) -> str:
    """'Brendan Fraser as Rick O’Connell and Carl Weathers as Apollo Creed (Rocky’s former
    nemesis)', as a letter names them."""

    def one(p: Person) -> str:
        name = f"{p.actor} as {p.character}" if p.actor and p.character else p.actor or p.character
        return f"{name} ({p.note})" if p.note else str(name)

    return series([one(p) for p in people]) if people else ""


COMPILATION_LEAD = "many, all with "
"""What a compilation's `about` follows, after the label 'Films'."""


def compilation(scene: Scene) -> str:
    """What a compilation gathers, after the label 'Films': 'many, all with Tom Cruise'. The
    one wording of it, from the data (`kind: compilation`, `about`), in every output."""
    return COMPILATION_LEAD + scene.about if scene.about else "many"


def cast_shown(scene: Scene) -> tuple[Person, ...]:
    """The people a scene's credits name: a compilation's person is already in its
    `compilation` line, so someone who is only that (no character, no note) is not repeated."""
    if scene.kind != "compilation":
        return scene.people
    return tuple(
        p for p in scene.people if p.character or p.note or (p.actor and p.actor != scene.about)
    )


def credits(scene: Scene) -> str:
    """The film and year in one line, with who is in the scene: 'Run Lola Run (Lola rennt,
    1998), with Franka Potente as Lola'; a compilation: 'Films: many, all with Tom Cruise'."""
    return "".join(text for text, _ in credit_pieces(scene))


def credit_pieces(scene: Scene) -> list[Piece]:
    """`credits` with the films' titles marked."""
    pieces: list[Piece] = []
    if scene.films:
        for number, f in enumerate(scene.films):
            if number:
                pieces.append((" and " if number == len(scene.films) - 1 else ", ", False))
            pieces.append((f.title, True))
            pieces.append((" (", False))
            if f.original_title:
                pieces += [(f.original_title, True), (", ", False)]
            pieces.append((f"{f.year})", False))
    else:
        pieces.append((f"Films: {compilation(scene)}", False))
    people = cast(cast_shown(scene))
    if people:
        pieces.append((f", with {people}", False))
    return pieces


def film_pieces(films: tuple[Film, ...]) -> list[Piece]:
    """`film_line` with the titles marked: [('Run Lola Run', True), (' (1998, original title ',
    False), ('Lola rennt', True), (')', False)]."""
    pieces: list[Piece] = []
    for number, f in enumerate(films):
        if number:
            pieces.append(("; ", False))
        pieces += [(f.title, True), (f" ({f.year}", False)]
        if f.original_title:
            pieces += [(", original title ", False), (f.original_title, True)]
        pieces.append((")", False))
    return pieces


def titles(scene: Scene) -> tuple[str, ...]:
    """The titles of works the scene's text may name, longest first: its films' titles and
    original titles and its `works`; not a title that is also someone's name in the scene
    (in running text, is 'Forrest Gump' the film or the man?)."""
    names = {n for p in scene.people for n in (p.character, p.actor) if n}
    found = {f.title for f in scene.films} | {f.original_title for f in scene.films}
    found |= set(scene.works)
    found.discard(None)  # type: ignore[arg-type]
    return tuple(sorted(found - names, key=lambda t: (-len(t), t)))


def emphasis(text: str, known: tuple[str, ...]) -> list[Piece]:
    """`text` in pieces, each title of `known` that it names (as whole words) marked."""
    spans: list[tuple[int, int]] = []
    for title in known:  # longest first: 'Rocky II' before 'Rocky'
        start = text.find(title)
        while start >= 0:
            end = start + len(title)
            free = all(end <= a or b <= start for a, b in spans)
            if free and _word_edge(text, start - 1) and _word_edge(text, end):
                spans.append((start, end))
            start = text.find(title, start + 1)
    pieces: list[Piece] = []
    at = 0
    for start, end in sorted(spans):
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    if at < len(text) or not pieces:
        pieces.append((text[at:], False))
    return pieces


def _word_edge(text: str, index: int) -> bool:
    """True when `index` is outside `text` or not a letter or digit: a title ends there."""
    return index < 0 or index >= len(text) or not text[index].isalnum()


def heading_pieces(scene: Scene) -> list[Piece]:
    """The heading, marked as a title when it is the name of the scene's film or a work."""
    whole = {f.title for f in scene.films} | set(scene.works)
    if scene.heading in whole:
        return [(scene.heading, True)]
    return emphasis(scene.heading, titles(scene))


def with_conversions(scene: Scene) -> str:
    """The blurb with each number's conversion after it, as a writer adds one for readers in
    the other system: 'as fast as 1673 km/h (1,040 mph), faster than…'. The number itself
    stays as the article printed it, written once."""
    text = scene.blurb or ""
    at = 0
    for claim in scene.claims:
        other = conversion(claim)
        start = _find_word(text, claim.as_published, at)
        if start < 0:
            continue
        end = start + len(claim.as_published)
        at = end
        if other and not text[end:].lstrip().startswith("("):
            addition = f" ({other})"
            text = text[:end] + addition + text[end:]
            at += len(addition)
    return text


def _find_word(text: str, word: str, start: int) -> int:
    """Where `word` first stands as whole words in `text` from `start`, or -1."""
    found = text.find(word, start)
    while found >= 0:
        if _word_edge(text, found - 1) and _word_edge(text, found + len(word)):
            return found
        found = text.find(word, found + 1)
    return -1


def stated(scene: Scene, claim: Claim) -> bool:
    """True when the scene's blurb states the claim's number as published: readers have it
    there, and need it no second time."""
    return bool(scene.blurb) and _find_word(scene.blurb or "", claim.as_published, 0) >= 0


def blurb_pieces(scene: Scene) -> list[Piece]:
    """The blurb with conversions (`with_conversions`), titles of works marked."""
    return emphasis(with_conversions(scene), titles(scene))


def long_date(moment: datetime) -> str:
    """'November 24, 2026': the date as the magazine prints it, in the moment's own zone."""
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


CORRECTED = "Corrected"
"""What opens a correction's line, before its date."""


def correction_label(scene: Scene) -> str:
    """'Corrected November 25, 2026': the correction's date as printed ('' when none)."""
    if scene.updated is None:
        return ""
    return f"{CORRECTED} {long_date(scene.updated)}"


def correction_pieces(scene: Scene) -> list[Piece]:
    """The correction's sentence, titles of works marked (empty when never corrected)."""
    return emphasis(scene.correction, titles(scene)) if scene.correction else []


def correction_line(scene: Scene) -> str:
    """'Corrected November 25, 2026: The distance is 50 km, not 50 miles.' — how every
    output tells readers what a correction changed ('' for a scene never corrected)."""
    label = correction_label(scene)
    return f"{label}: {scene.correction}" if label and scene.correction else ""
