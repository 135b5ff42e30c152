"""Every broken input gives its exact diagnostics; every nasty-but-valid input loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, SOURCE

import pipeline
from pipeline import serialize, source
from pipeline.errors import ValidationError
from pipeline.source import resolve_plain
from pipeline.values import Ambiguous

INVALID = sorted((DATA / "invalid").glob("*.yaml"))
VALID = sorted((DATA / "valid").glob("*.yaml"))


def diagnostics_of(path: Path) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        pipeline.load(path)
    return [d.render().removeprefix(f"{path}:") for d in caught.value.diagnostics]


def test_the_corpus_is_large_enough():
    assert len(INVALID) >= 60
    assert all(p.with_suffix(".expected").is_file() for p in INVALID)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_input_gives_expected_diagnostics(path: Path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert diagnostics_of(path) == expected


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_but_nasty_input_loads(path: Path):
    dataset = pipeline.load(path)
    assert dataset.scenes[0].id == "rocky-ii"


def test_quoted_lookalikes_keep_their_text():
    dataset = pipeline.load(DATA / "valid" / "quoted-yaml11-lookalikes.yaml")
    assert dataset.scenes[0].films[0].title == "1917"
    assert dataset.scenes[0].heading == "No"


def test_explicit_str_tag_keeps_text():
    assert pipeline.load(DATA / "valid" / "explicit-str-tag.yaml").scenes[0].heading == "1:20"


def test_crlf_and_bom_do_not_leak_into_values():
    for name in ("crlf-line-endings", "byte-order-mark", "mixed-line-endings"):
        dataset = pipeline.load(DATA / "valid" / f"{name}.yaml")
        assert dataset.collection.title == "Test collection"
        assert "\r" not in serialize.canonical_json(dataset).decode()


def test_every_problem_is_reported_at_once(tmp_path):
    bad = SOURCE.read_text(encoding="utf-8")
    bad = bad.replace("year: 2001", "year: nineteen eighty").replace("year: 1979", "year: 1799")
    bad = bad.replace("    heading: Rocky III\n", "    heading: Rocky III\n    sumary: x\n")
    path = tmp_path / "scenes.yaml"
    path.write_text(bad, encoding="utf-8")
    lines = diagnostics_of(path)
    assert len(lines) == 3
    assert any(
        "scenes[0].films[0].year: expected an integer, got the text 'nineteen eighty'" in x
        for x in lines
    )
    assert any("scenes[1].films[0].year: must be at least 1888" in x for x in lines)
    assert any("scenes[6]: unknown field 'sumary'" in x for x in lines)


def test_diagnostic_points_at_the_offending_line(tmp_path):
    text = SOURCE.read_text(encoding="utf-8").replace("year: 1982", "year: '1982'")
    path = tmp_path / "scenes.yaml"
    path.write_text(text, encoding="utf-8")
    (line,) = diagnostics_of(path)
    number = next(i for i, raw in enumerate(text.splitlines(), 1) if "year: '1982'" in raw)
    column = text.splitlines()[number - 1].index("'1982'") + 1
    assert line.startswith(f"{number}:{column}: scenes[6].films[0].year:")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1917", 1917),
        ("-3", -3),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("true", True),
        ("~", None),
        ("null", None),
        ("Rocky", "Rocky"),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(text, expected):
    assert resolve_plain(text) == expected
    assert type(resolve_plain(text)) is type(expected)


@pytest.mark.parametrize(
    "text",
    ["No", "yes", "ON", "off", "y", "012", "0x1F", "0o17", "1_000", "1:20", "2001-01-01", ".NaN"],
)
def test_yaml_1_1_lookalikes_stay_text_but_are_flagged(text):
    value = resolve_plain(text)
    assert isinstance(value, Ambiguous)
    assert value == text


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ValidationError, match="no such file"):
        pipeline.load(tmp_path / "nope.yaml")


def test_size_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(SOURCE.read_bytes() + b"#" * 4096)
    with pytest.raises(ValidationError, match="larger than the limit of 1,024 bytes"):
        source.read(path, max_bytes=1024)


def test_alias_bomb_is_never_expanded():
    bomb = b"a: &a [" + b"x," * 50 + b"]\n"
    bomb += b"".join(
        b"k%d: &k%d [*k%d,*k%d,*k%d,*k%d]\n" % (i, i, i - 1, i - 1, i - 1, i - 1)
        for i in range(1, 40)
    )
    document = source.parse(bomb.replace(b"*k0", b"*a"))
    assert document.data["k39"] == [None, None, None, None]  # aliases stand for nothing
    messages = [d.message for d in document.problems]
    assert "aliases (*a) are not allowed; write the value out" in messages


def test_very_deep_nesting_is_refused_without_recursion():
    # Which of the two stops it first depends on the libyaml version (libyaml 0.2.6 has a
    # depth limit of its own, reported as a syntax error): either is one located line.
    with pytest.raises(ValidationError) as caught:
        source.parse(b"a: " + b"[" * 30_000 + b"]" * 30_000)
    [problem] = caught.value.diagnostics
    assert problem.line == 1
    assert "nested deeper than 50 levels" in problem.message or "nesting depth" in problem.message
    assert len(caught.value.render().splitlines()[0]) < 200
