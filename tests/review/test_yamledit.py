"""In-place YAML edits: only the edited value's text changes."""

from __future__ import annotations

from pipeline import source
from pipeline.review import yamledit


def edit(text: str, loc: tuple, value) -> str:
    document = source.parse(text.encode("utf-8")).located()
    return yamledit.apply(text, document.marks, document.data, {loc: value})


def test_plain_value_keeps_everything_else():
    text = "# a comment\na: 1  # one\nb: old text\nc: [x, y]\n"
    assert edit(text, ("b",), "new text") == "# a comment\na: 1  # one\nb: new text\nc: [x, y]\n"


def test_text_that_would_read_as_another_type_is_quoted():
    assert edit("a: x\n", ("a",), "no") == 'a: "no"\n'
    assert edit("a: x\n", ("a",), "1917") == 'a: "1917"\n'
    assert edit("a: x\n", ("a",), "key: value") == 'a: "key: value"\n'


def test_quoting_style_is_kept():
    assert edit("a: 'x'\n", ("a",), "it's") == "a: 'it''s'\n"
    assert edit('a: "x"\n', ("a",), 'say "hi"') == 'a: "say \\"hi\\""\n'


def test_numbers_and_lists():
    assert edit("a: 1673\n", ("a",), 1700) == "a: 1700\n"
    assert edit("t: [a, b]\n", ("t",), ["a", "b", "c"]) == "t: [a, b, c]\n"


def test_edited_text_loads_back_equal():
    text = "blurb: >-\n  One long\n  paragraph.\nnext: 1\n"
    new = "A new paragraph that is long enough to be folded by the editor's width " * 3
    result = edit(text, ("blurb",), new.strip())
    assert source.parse(result.encode()).data == {"blurb": new.strip(), "next": 1}
