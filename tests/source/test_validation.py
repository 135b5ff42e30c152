"""Every broken input gives its exact diagnostics; every nasty-but-valid input loads."""

from __future__ import annotations

from datetime import UTC, datetime
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


# -- what is counted, what is shown -------------------------------------------------------------
HEAD = (DATA / "invalid" / "date-naive.yaml").read_text(encoding="utf-8").partition("scenes:\n")[0]
SCENE = """  - id: {id}
    heading: Rocky II
    films: [{{title: Rocky II, year: 1979}}]
    people: [{{character: Rocky Balboa, actor: Sylvester Stallone}}]
    blurb: {blurb}
    tags: {tags}
    published: 2024-05-01T09:00:00+00:00
"""


def refusal_of(tmp_path, *scenes: str, head: str = HEAD) -> ValidationError:
    path = tmp_path / "scenes.yaml"
    path.write_text(head + "scenes:\n" + "".join(scenes), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        pipeline.load(path)
    return caught.value


def scene(id="rocky-ii", blurb="A run.", tags="[training-run]", **more: str) -> str:
    return SCENE.format(id=id, blurb=blurb, tags=tags) + "".join(
        f"    {key}: {value}\n" for key, value in more.items()
    )


def test_problems_across_scenes_are_all_counted_though_a_hundred_are_shown(tmp_path):
    refused = refusal_of(tmp_path, *[scene() for _ in range(130)])
    assert str(refused) == "129 problems found (the first 100 shown)"
    assert len(refused.diagnostics) == 100
    assert refused.diagnostics[0].message == "duplicate id 'rocky-ii', already used by scenes[0]"


@pytest.mark.parametrize(("copies", "summary"), [(2, "1 problem found"), (3, "2 problems found")])
def test_the_summary_counts_each_problem(copies, summary, tmp_path):
    assert str(refusal_of(tmp_path, *[scene() for _ in range(copies)])) == summary


def test_a_value_the_reader_refused_is_said_once_and_the_others_still_are(tmp_path):
    refused = refusal_of(
        tmp_path, scene(blurb='"A \\x01 run"'), scene(id="a", tags="[x, x]"), scene(id="a")
    )
    assert [f"{d.line}: {d.field}: {d.message}" for d in refused.diagnostics] == [
        "14: scenes[0].blurb: escaped control character U+0001 is not allowed",
        "22: scenes[1].tags[1]: duplicate tag 'x'",
        "24: scenes[2].id: duplicate id 'a', already used by scenes[1]",
    ]
    assert str(refused) == "3 problems found"


def test_cross_record_rules_look_past_what_the_schema_refuses(tmp_path):
    """A scene that is not a mapping, or a tag that is not text, is the schema's to report;
    the rules still check every other scene and tag."""
    refused = refusal_of(
        tmp_path,
        "  - [not, a, scene]\n",
        scene(tags="[{a: 1}, x, x]", former_ids="[[1], old]"),
        scene(former_ids="[old]"),
    )
    found = [f"{d.field}: {d.message}" for d in refused.diagnostics]
    assert "scenes[1].tags[2]: duplicate tag 'x'" in found
    assert "scenes[2].id: duplicate id 'rocky-ii', already used by scenes[1]" in found
    assert "scenes[2].former_ids[0]: former id 'old' is already listed by scenes[1]" in found


def test_too_many_digits_of_a_second_are_refused_in_the_collection_too(tmp_path):
    head = HEAD.replace(
        "published: 2024-05-01T09:00:00+00:00", 'published: "2024-05-01T09:00:00.1234567Z"'
    )
    refused = refusal_of(tmp_path, scene(), head=head)
    assert [f"{d.line}: {d.field}: {d.message}" for d in refused.diagnostics] == [
        "8: collection.published: 7 digits of a second: at most 6 (microseconds) can be kept; "
        "round it"
    ]


def test_a_document_that_is_not_a_mapping_is_one_problem(tmp_path):
    path = tmp_path / "scenes.yaml"
    path.write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        pipeline.load(path)
    assert str(caught.value) == "1 problem found"
    assert [d.message for d in caught.value.diagnostics] == [
        "the top level must be a mapping, got a list"
    ]


def test_a_refusal_the_schema_cannot_explain_is_still_one_located_problem(monkeypatch):
    """msgspec refusing what pydantic passes never happens (tests/test_records.py hunts for
    it); if it did, the user would still get msgspec's words at its place, not a traceback."""
    from pipeline import records
    from pipeline.validate import validate, validate_data

    convert = records.convert

    def refuse(cls, data):
        convert(cls, data)  # what it was asked to build, it could
        raise records.Refused("Expected `str`, got `int`", ("scenes", 1, "heading"))

    raw = SOURCE.read_bytes()
    data = source.parse(raw, "scenes.yaml").data
    monkeypatch.setattr(records, "convert", refuse)
    with pytest.raises(ValidationError) as caught:
        validate(source.parse(raw, "scenes.yaml"))
    assert str(caught.value) == "1 problem found"
    [found] = caught.value.diagnostics
    assert (found.field, found.message) == ("scenes[1].heading", "Expected `str`, got `int`")
    assert found.line > 1
    with pytest.raises(ValidationError) as caught:
        validate_data(data, "<data>")
    assert str(caught.value) == "1 problem in <data>"
    [found] = caught.value.diagnostics
    assert (found.path, found.line, found.col) == ("<data>", 0, 0)
    assert (found.field, found.message) == ("scenes[1].heading", "Expected `str`, got `int`")


def test_data_from_python_is_checked_like_the_file(dataset):
    """`pipeline.dataset_from`: the same records from plain data, and each problem named by
    its field (there is no line to point at)."""
    from pipeline.validate import validate_data

    data = source.parse(SOURCE.read_bytes(), "scenes.yaml").data
    assert validate_data(data, "<data>") == dataset
    scenes = data["scenes"]
    data = {**data, "scenes": [{**scenes[0], "heding": "x"}, *[scenes[1]] * 130]}
    with pytest.raises(ValidationError) as caught:
        validate_data(data, "<data>")
    assert str(caught.value) == "130 problems in <data> (the first 100 shown)"
    shown = caught.value.diagnostics
    assert len(shown) == 100  # the first hundred in the data's order, whatever found them
    assert [d.render() for d in shown[:2]] == [
        "<data>: scenes[0]: unknown field 'heding' (did you mean 'heading'?)",
        f"<data>: scenes[2].id: duplicate id {scenes[1]['id']!r}, already used by scenes[1]",
    ]
    assert shown[-1].field == "scenes[100].id"


def test_the_first_hundred_problems_shown_are_the_first_in_the_data(tmp_path):
    """A scene with more problems than are shown does not hide the collection's, and those of
    later scenes wait their turn."""
    head = HEAD.replace(
        "published: 2024-05-01T09:00:00+00:00", 'published: "2024-05-01T09:00:00.1234567Z"'
    ).replace("dek: A dek", "dek: 5")
    tags = "[" + ", ".join(["x"] * 150) + "]"
    refused = refusal_of(tmp_path, scene(tags=tags), "  - [not, a, scene]\n", head=head)
    assert str(refused) == "152 problems found (the first 100 shown)"
    fields = [d.field for d in refused.diagnostics]
    assert fields[:2] == ["collection.dek", "collection.published"]
    assert fields[2:] == [f"scenes[0].tags[{i}]" for i in range(1, 99)]


def test_a_list_whose_items_all_failed_is_not_also_too_short(tmp_path):
    """pydantic counts only the items that passed: `[5]` would also be "needs at least 1
    item", which is noise beside what is wrong with the item; an empty list is still short."""
    for intro, said in [
        ("[5]", "collection.intro[0]: expected text, got the number 5; put it in quotes"),
        ("[]", "collection.intro: needs at least 1 item"),
    ]:
        head = HEAD.replace("intro: [An intro paragraph.]", f"intro: {intro}")
        refused = refusal_of(tmp_path, scene(), head=head)
        assert [f"{d.field}: {d.message}" for d in refused.diagnostics] == [said]


def test_data_that_is_not_a_mapping_is_one_problem():
    with pytest.raises(ValidationError) as caught:
        pipeline.dataset_from(["a", "list"])  # type: ignore[arg-type]
    assert str(caught.value) == "1 problem in <data>"
    assert [d.message for d in caught.value.diagnostics] == ["expected a mapping, got a list"]


def test_rules_across_scenes_hold_for_data_from_python_too():
    from pipeline.validate import validate_data

    data = source.parse(SOURCE.read_bytes(), "scenes.yaml").data
    precise = {**data["scenes"][0], "published": "2024-05-01T09:00:00.1234567Z"}
    with pytest.raises(ValidationError, match=r"^1 problem in <data>$"):
        validate_data({**data, "scenes": [precise]}, "<data>")  # msgspec would round it
    twice = {**data, "scenes": [data["scenes"][0]] * 2}
    with pytest.raises(ValidationError) as caught:
        validate_data(twice, "<data>")
    assert [d.render() for d in caught.value.diagnostics] == [
        f"<data>: scenes[1].id: duplicate id {data['scenes'][0]['id']!r}, already used by scenes[0]"
    ]


def test_valid_data_is_never_explained(monkeypatch, tmp_path):
    """pydantic only explains a refusal (docs: Performance): valid data, YAML-style times
    included, is built by msgspec alone."""
    from pipeline import records
    from pipeline.validate import validate, validate_data

    def explain(cls, data):
        raise AssertionError("valid data went to pydantic")

    monkeypatch.setattr(records, "validate_fully", explain)
    text = (
        HEAD
        + "scenes:\n"
        + scene(updated="2024-05-02 09:00:00+00:00", correction="A date was wrong.")
    )
    text = text.replace("2024-05-01T09:00:00+00:00", "2024-05-01 09:00:00+00:00")
    dataset = validate(source.parse(text.encode(), "scenes.yaml"))
    assert dataset.scenes[0].updated == datetime(2024, 5, 2, 9, tzinfo=UTC)
    assert validate_data(source.parse(SOURCE.read_bytes(), "s").data, "<data>").scenes


def test_the_hundred_shown_are_the_first_hundred_found(tmp_path):
    """Past 100 problems, the first 100 found are located and shown (locating every one of
    20,000 would cost more than the answer is worth): a scene's 100 duplicate tags are found
    before its id's own problem, so the id's is counted but not shown."""
    tags = "[" + ", ".join(["x"] * 101) + "]"
    refused = refusal_of(tmp_path, scene(id="Not A Slug", tags=tags))
    assert str(refused) == "101 problems found (the first 100 shown)"
    assert len(refused.diagnostics) == 100
    assert {d.message for d in refused.diagnostics} == {"duplicate tag 'x'"}
