"""Hypothesis strategies that build valid datasets, with any characters validation allows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from pipeline.api import dataset_from
from pipeline.fields import FIRST_FILM_YEAR, LAST_PLAUSIBLE_YEAR
from pipeline.model import Dataset
from pipeline.units import MEASURES
from pipeline.values import FORBIDDEN_CHARACTERS

RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def text(max_size: int = 60) -> st.SearchStrategy[str]:
    """Any text validation accepts: every Unicode character but the ones XML cannot carry, and
    a carriage return (line breaks are \\n)."""
    chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff\r")
    return (
        st.text(chars, min_size=1, max_size=max_size)
        .map(lambda s: FORBIDDEN_CHARACTERS.sub("", s))
        .filter(lambda s: s.strip() != "")
    )


slugs = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}", fullmatch=True).filter(
    lambda s: s not in RESERVED
)
# Fixed offsets, as ISO 8601 in the YAML gives them. (A named zone's times in a DST gap compare
# unequal across zones by design, PEP 495, which says nothing about the data.)
offsets = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=zone),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
    offsets,
)
urls = st.from_regex(r"https://[a-z]{1,10}\.example/[a-z0-9/]{0,20}", fullmatch=True)
numbers = st.one_of(
    st.integers(min_value=1, max_value=10**9),
    st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False),
)


@st.composite
def claims(draw: st.DrawFn) -> dict:
    measure = draw(st.sampled_from(sorted(MEASURES)))
    return {
        "measure": measure,
        "value": draw(numbers),
        "unit": draw(st.sampled_from(sorted(MEASURES[measure]))),
        "subject": draw(text()),
        "as_published": draw(text(20)),
        "qualifier": draw(st.none() | text(20)),
        "comparison": draw(st.none() | text()),
        "source": draw(st.none() | text()),
    }


@st.composite
def people(draw: st.DrawFn) -> dict:
    character, actor = draw(st.none() | text(30)), draw(st.none() | text(30))
    if character is None and actor is None:
        actor = draw(text(30))
    return {"character": character, "actor": actor, "note": draw(st.none() | text())}


@st.composite
def scenes(draw: st.DrawFn, scene_id: str, former_ids: tuple[str, ...] = ()) -> dict:
    compilation = draw(st.booleans())
    published = draw(moments)
    corrected = draw(st.none() | st.timedeltas(timedelta(0), timedelta(days=300)))
    films = [
        {"title": draw(text()), "year": draw(st.integers(FIRST_FILM_YEAR, LAST_PLAUSIBLE_YEAR))}
        for _ in range(draw(st.integers(0 if compilation else 1, 2)))
    ]
    return {
        "id": scene_id,
        "heading": draw(text()),
        "kind": "compilation" if compilation else "film",
        "about": draw(text(30)) if compilation else None,
        "films": films,
        "people": draw(st.lists(people(), max_size=3)),
        "blurb": draw(st.none() | text(300)),
        "claims": draw(st.lists(claims(), max_size=3)),
        "tags": draw(st.lists(slugs, max_size=4, unique=True)),
        "published": published,
        "updated": None if corrected is None else published + corrected,
        "correction": None if corrected is None else draw(text()),
        "former_ids": list(former_ids),
    }


@st.composite
def datasets(draw: st.DrawFn, max_scenes: int = 4) -> Dataset:
    every = draw(st.lists(slugs, min_size=1, max_size=max_scenes * 2, unique=True))
    ids = every[: max(1, len(every) // 2)]
    spare = every[len(ids) :]  # former ids: each scene's own, never another's id
    former = {scene_id: tuple(spare[i :: len(ids)]) for i, scene_id in enumerate(ids)}
    data = {
        "collection": {
            "title": draw(text()),
            "dek": draw(text()),
            "intro": draw(st.lists(text(200), min_size=1, max_size=3)),
            "advisory": draw(st.none() | text()),
            "link": draw(urls),
            "language": draw(st.sampled_from(["en", "en-CA", "fr", "he", "zh-Hant"])),
            "authors": [{"name": draw(text(30))}],
            "publisher": draw(st.none() | text(30)),
            "published": draw(moments),
        },
        "scenes": [draw(scenes(scene_id, former[scene_id])) for scene_id in ids],
    }
    return dataset_from(data)
