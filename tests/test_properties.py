"""Properties that must hold for every input, checked with hypothesis."""

from __future__ import annotations

import contextlib
import io
import json
import zipfile

import docx
import feedparser
import html5lib
import pytest
from conftest import SOURCE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from strategies import datasets

import pipeline
from pipeline import source
from pipeline.errors import PipelineError
from pipeline.validate import validate

XHTML = "{http://www.w3.org/1999/xhtml}"


def relaxed(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@relaxed(60)
@given(datasets())
def test_any_valid_dataset_round_trips_through_json(dataset):
    document = json.loads(pipeline.render(dataset, "json"))
    assert document["schema_version"] == "2.1"
    assert pipeline.dataset_from(document) == dataset


@relaxed(25)
@given(datasets(max_scenes=3))
def test_no_text_can_break_docx_rss_atom_or_the_page(dataset):
    document = docx.Document(io.BytesIO(pipeline.render(dataset, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{i}. {s.heading}" for i, s in enumerate(dataset.scenes, 1)]
    for fmt in ("rss", "atom"):
        data = pipeline.render(dataset, fmt)
        etree.fromstring(data)  # well-formed XML, or this raises
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert len(parsed.entries) == len(dataset.scenes)
    text = pipeline.render(dataset, "text").decode("utf-8")
    # No trailing spaces; a no-break space ending a line is the text's own (templating.render).
    assert all(line == line.rstrip(" \t") for line in text.split("\n"))
    page = html5lib.parse(pipeline.render(dataset, "html"), treebuilder="etree")
    headings = ["".join(h.itertext()) for h in page.iter(f"{XHTML}h2")]
    assert headings == [f"{i}. {s.heading}" for i, s in enumerate(dataset.scenes, 1)]
    (script,) = page.iter(f"{XHTML}script")
    items = json.loads(script.text)["mainEntity"]["itemListElement"]
    assert [item["name"] for item in items] == [s.heading for s in dataset.scenes]


def load_bytes(data: bytes) -> None:
    with contextlib.suppress(PipelineError):  # the one kind of failure a user may see
        validate(source.parse(data))


@relaxed(300)
@given(st.binary(max_size=4096))
def test_any_bytes_give_a_result_or_our_own_error(data):
    load_bytes(data)


YAML_BITS = st.sampled_from(
    [
        "\n",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!!str ",
        "!!python/object ",
        "? ",
        "|",
        ">",
        "'",
        '"',
        "\\x01",
        "~",
        "no",
        "1:20",
        "0x1F",
        "\t",
        "\ufeff",
        "<<: ",
        "---\n",
        "%YAML 1.1\n",
        "é",
    ]
)


@relaxed(300)
@given(st.data())
def test_mutations_of_the_real_dataset_never_crash(data):
    text = SOURCE.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 20))
        text = text[:at] + "".join(data.draw(st.lists(YAML_BITS, max_size=3))) + text[at + cut :]
    load_bytes(text.encode("utf-8", "surrogatepass"))


FUZZ_FINDINGS = sorted((SOURCE.parent.parent / "tests" / "data" / "fuzz").glob("*"))


@pytest.mark.parametrize("path", FUZZ_FINDINGS, ids=[p.name for p in FUZZ_FINDINGS])
def test_inputs_the_fuzzer_found_stay_fixed(path):
    """Each file crashed the pipeline once; now it must end in a result or our own error."""
    try:
        dataset = validate(source.parse(path.read_bytes()))
    except PipelineError:
        return
    for fmt in ("docx", "rss", "atom", "json", "jsonfeed", "text"):
        pipeline.render(dataset, fmt)


def test_zip_dates_are_clamped_to_what_zip_can_carry():
    from datetime import UTC, datetime

    from pipeline.writers._ooxml import repack

    blank = pipeline.render(pipeline.load(SOURCE), "docx")
    for year, expected in ((3000, 2107), (1970, 1980)):
        data = repack(blank, datetime(year, 6, 1, tzinfo=UTC))
        assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].date_time[0] == expected
