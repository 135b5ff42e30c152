"""In-place YAML edits: only the edited values' text changes, and each reads back exactly."""

from __future__ import annotations

import pytest

from pipeline import source
from pipeline.review import yamledit, yamlstyle
from pipeline.review.yamledit import DELETE

ORDER = ("title", "year", "original_title", "character", "actor", "note")


def edit(text: str, edits: dict, **options) -> str:
    document = source.parse(text.encode("utf-8")).located()
    return yamledit.apply(text, document.marks, document.data, edits, key_order=ORDER, **options)


def loads(text: str):
    return source.parse(text.encode("utf-8")).data


def test_plain_value_keeps_everything_else():
    text = "# a comment\na: 1  # one\nb: old text\nc: [x, y]\n"
    assert edit(text, {("b",): "new text"}) == "# a comment\na: 1  # one\nb: new text\nc: [x, y]\n"


def test_text_that_would_read_as_another_type_is_quoted():
    assert edit("a: x\n", {("a",): "no"}) == 'a: "no"\n'
    assert edit("a: x\n", {("a",): "1917"}) == 'a: "1917"\n'
    assert edit("a: x\n", {("a",): "key: value"}) == 'a: "key: value"\n'
    assert edit("a: x\n", {("a",): "a #b"}) == 'a: "a #b"\n'


def test_quoting_style_is_kept():
    assert edit("a: 'x'\n", {("a",): "it's"}) == "a: 'it''s'\n"
    assert edit('a: "x"\n', {("a",): 'say "hi"'}) == 'a: "say \\"hi\\""\n'


def test_numbers_keep_their_type():
    assert edit("a: 1673\n", {("a",): 1700}) == "a: 1700\n"
    assert edit("a: 1673\n", {("a",): 1700.5}) == "a: 1700.5\n"
    assert yamlstyle.number(1e-07) == "1.0e-07"  # YAML 1.1 readers need the point
    assert loads(edit("a: 1\n", {("a",): 1e-07})) == {"a": 1e-07}


def test_folded_block_keeps_each_line_break_and_blank_line():
    text = "blurb: >-\n  One long\n  paragraph.\nnext: 1\n"
    value = "First paragraph.\nSecond, after one break.\n\nThird, after two."
    result = edit(text, {("blurb",): value})
    assert result == (
        "blurb: >-\n  First paragraph.\n\n  Second, after one break.\n\n\n  Third, after two.\nnext: 1\n"
    )
    assert loads(result) == {"blurb": value, "next": 1}


def test_folding_breaks_only_at_single_spaces():
    value = ("word " * 30).strip() + "  two  spaces  kept" + " more" * 20
    result = edit("b: >-\n  x\n", {("b",): value})
    assert loads(result) == {"b": value}
    assert all(len(line) <= yamlstyle.WIDTH for line in result.splitlines())


@pytest.mark.parametrize(
    ("value", "style"),
    [
        ("  indented start", '"'),
        ("a\tb", '"'),
        ("first\n  indented second", "|"),
        ("trailing space \nnext", '"'),
        ("two\n\nbreaks", ">"),
        ("ends with a break\n", ">"),
        ("ends with two\n\n", '"'),
        ("line\u2028separator", '"'),
    ],
)
def test_a_folded_value_gives_way_to_a_style_that_carries_it(value, style):
    result = edit("b: >-\n  x\nc: 1\n", {("b",): value})
    assert loads(result) == {"b": value, "c": 1}
    assert result[3] == style, result


def test_a_block_scalar_keeps_the_blank_lines_and_comments_after_it():
    text = "a: |-\n  one\n  two\n\n\n# about b\nb: |  # keep\n  x\n\nc: 1\n"
    result = edit(text, {("a",): "three", ("b",): "y\n"})
    assert result == "a: |-\n  three\n\n\n# about b\nb: |  # keep\n  y\n\nc: 1\n"


def test_crlf_is_kept_in_new_lines():
    text = "a: >-\r\n  x\r\ntags:\r\n  - p\r\nb: 1\r\n"
    result = edit(text, {("a",): "one\ntwo", ("tags",): ["p", "q"]})
    assert result == "a: >-\r\n  one\r\n\r\n  two\r\ntags:\r\n  - p\r\n  - q\r\nb: 1\r\n"


def test_flow_context_quotes_commas_brackets_and_colons():
    text = "s: {h: x, t: [a, b]}\n"
    result = edit(text, {("s", "h"): "one, two", ("s", "t", 0): "c:d"})
    assert result == 's: {h: "one, two", t: ["c:d", b]}\n'
    assert loads(edit(text, {("s", "h"): "[x] {y}"})) == {"s": {"h": "[x] {y}", "t": ["a", "b"]}}


def test_columns_count_characters_not_bytes():
    text = "a: {e: 😀😀, f: x}\n"
    assert edit(text, {("a", "f"): "z"}) == "a: {e: 😀😀, f: z}\n"


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (["a", "b", "c"], "t:\n  - a\n  # b is next\n  - b\n  - c\nn: 1\n"),
        (["z", "a", "b"], "t:\n  - z\n  - a\n  # b is next\n  - b\nn: 1\n"),
        (["a"], "t:\n  - a\n  # b is next\nn: 1\n"),
        (["b"], "t:\n  # b is next\n  - b\nn: 1\n"),
        (["a", "x"], "t:\n  - a\n  # b is next\n  - x\nn: 1\n"),
        ([], "t: []\nn: 1\n"),
    ],
)
def test_a_block_list_is_edited_as_lines(new, expected):
    text = "t:\n  - a\n  # b is next\n  - b\nn: 1\n"
    assert edit(text, {("t",): new}) == expected


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (["a", "b", "c"], "t: [a,  b, c]\n"),
        (["z", "a", "b"], "t: [z, a,  b]\n"),
        (["b"], "t: [b]\n"),
        (["a"], "t: [a]\n"),
        ([], "t: []\n"),
        (["no"], 't: ["no"]\n'),
    ],
)
def test_a_flow_list_stays_flow_with_its_spacing(new, expected):
    assert edit("t: [a,  b]\n", {("t",): new}) == expected


def test_an_empty_flow_list_gets_items():
    assert edit("t: []\n", {("t",): ["a", "b"]}) == "t: [a, b]\n"


def test_keys_are_added_in_field_order_and_removed_as_lines():
    text = "p:\n  - actor: X\n    note: N\n  - character: C\n"
    result = edit(text, {("p", 0, "character"): "Yvonne", ("p", 0, "note"): DELETE})
    assert result == "p:\n  - character: Yvonne\n    actor: X\n  - character: C\n"
    result = edit(text, {("p", 1, "actor"): "A"})
    assert result == "p:\n  - actor: X\n    note: N\n  - character: C\n    actor: A\n"


def test_the_first_key_of_an_item_can_go():
    text = "p:\n  - actor: X\n    note: N\n"
    assert edit(text, {("p", 0, "actor"): DELETE}) == "p:\n  - note: N\n"


def test_every_key_of_a_mapping_replaced():
    text = "p:\n  - actor: X\n    note: N\nq: 1\n"
    result = edit(
        text, {("p", 0, "actor"): DELETE, ("p", 0, "note"): DELETE, ("p", 0, "character"): "C"}
    )
    assert result == "p:\n  - character: C\nq: 1\n"


@pytest.mark.parametrize(
    ("edits", "expected"),
    [
        ({("m", "note"): DELETE}, "m: {character: C, actor: A}\n"),
        ({("m", "actor"): DELETE, ("m", "note"): DELETE}, "m: {character: C}\n"),
        ({("m", "character"): DELETE, ("m", "actor"): DELETE}, "m: {note: N}\n"),
        ({("m", "actor"): DELETE, ("m", "character"): "D"}, "m: {character: D, note: N}\n"),
    ],
)
def test_flow_mapping_keys_removed_together(edits, expected):
    assert edit("m: {character: C, actor: A, note: N}\n", edits) == expected


def test_a_key_added_to_a_flow_mapping():
    text = "f: {title: T, year: 2001}\n"
    assert (
        edit(text, {("f", "original_title"): "O, T"})
        == 'f: {title: T, year: 2001, original_title: "O, T"}\n'
    )


def test_double_quotes_carry_any_character():
    value = 'tab\t nl\n nel\x85 ls\u2028 ps\u2029 bom\ufeff quote" back\\'
    quoted = yamlstyle.double_quoted(value)
    assert "\n" not in quoted and "\t" not in quoted
    assert loads(f"a: {quoted}\n") == {"a": value}


@pytest.mark.parametrize("before", ["plain", "'quoted'", '"quoted"', ">-\n  folded", "|-\n  kept"])
def test_line_separators_are_written_as_the_escapes_the_reader_asks_for(before):
    """Raw, the reader refuses them (YAML counts them as line breaks, editors do not); the
    value keeps them, written as `\\u2028` and `\\u2029` in double quotes."""
    value = "one\u2028two\u2029three"
    result = edit(f"a: {before}\nb: after\n", {("a",): value})
    assert result == 'a: "one\\u2028two\\u2029three"\nb: after\n'
    assert loads(result) == {"a": value, "b": "after"}
