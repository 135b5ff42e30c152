"""The template output is tidied as it streams: the same text as tidying it whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import templating
from pipeline.errors import WriterError
from pipeline.templating import Template

PIECES = st.lists(
    st.text(alphabet=st.sampled_from(["a", " ", "\t", "\n", "\r", "\u00a0", "\u2028", "é"])),
    max_size=40,
)


def tidied_whole(text: str) -> str:
    """The rule, stated on the whole output: LF endings, no trailing spaces or tabs, no blank
    lines at either end, one newline at the end."""
    lines = text.replace("\r\n", "\n").split("\n")
    return "\n".join(line.rstrip(" \t") for line in lines).strip("\n") + "\n"


def through_template(pieces: list[str], monkeypatch: pytest.MonkeyPatch, batch: int) -> str:
    monkeypatch.setattr(templating, "_BATCH", batch)
    source = "{% for p in pieces %}{{ p }}{% endfor %}"
    main = Template("mine.j2", source)
    text = templating.render("scenes.txt.j2", main, pieces=pieces)
    data = templating.render_bytes("scenes.txt.j2", main, pieces=pieces)
    assert data == text.encode("utf-8")
    return text


@settings(max_examples=300, deadline=None)
@given(pieces=PIECES, batch=st.integers(1, 5))
def test_streamed_tidy_equals_whole_tidy(pieces, batch):
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert through_template(pieces, monkeypatch, batch) == tidied_whole("".join(pieces))


@pytest.mark.parametrize("batch", [1, 2, 4096])
def test_boundaries_that_split_a_line_or_a_crlf(monkeypatch, batch):
    pieces = ["\n", "\n", "title  ", " ", "\r", "\n", "body\u00a0", "\t\n", "\n\n", "end \t", " "]
    text = through_template(pieces, monkeypatch, batch)
    assert text == "title\nbody\u00a0\n\n\nend\n"


def test_output_without_newlines_is_one_line(monkeypatch):
    text = through_template(["x "] * 50, monkeypatch, 1)
    assert text == "x " * 49 + "x\n"


def test_a_lone_surrogate_from_a_template_is_named_not_a_crash():
    main = Template("mine.j2", '{{ "\\ud800" }}')
    with pytest.raises(WriterError, match=r"^mine\.j2: .*U\+D800"):
        templating.render_bytes("scenes.txt.j2", main)


def test_the_same_holds_for_text_rendered_as_a_string():
    main = Template("letter.j2", 'ok {{ "\\udfff" }}')
    with pytest.raises(WriterError, match=r"^letter\.j2: .*U\+DFFF"):
        templating.render("newsletter.txt.j2", main)
