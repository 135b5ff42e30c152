"""The one wrapping function of the text export and the newsletter: display width, CJK, no-break
spaces, and the longest line's underline."""

from __future__ import annotations

import re
import sys

import pytest
from conftest import scenes_env
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace

import pipeline
from pipeline.settings import settings_from
from pipeline.wrapping import display_width, underline, wrap
from pipeline.writers import WriterOptions

NBSP, NNBSP = "\u00a0", "\u202f"
JAPANESE = (
    "東京の夏は暑い。「走れ、ローラ、走れ」は有名な映画です。彼女は二十分で十万マルクを"
    "用意しなければならない。恋人を救うために、ベルリンの街を何度も走り抜ける。"
)


def test_display_width_counts_wide_characters_twice():
    assert display_width("abc") == 3
    assert display_width("日本") == 4
    assert display_width("e\u0301") == 1  # a combining accent takes no column
    assert display_width("a\nlonger line") == 11


def test_japanese_wraps_between_characters_within_the_width():
    lines = wrap(JAPANESE, 30).splitlines()
    assert len(lines) > 3
    assert all(display_width(line) <= 30 for line in lines)
    assert "".join(lines) == JAPANESE  # nothing added or lost, no spaces inserted
    assert not any(line.startswith(("。", "、", "」")) for line in lines)  # kinsoku


def test_no_break_spaces_are_kept_and_never_broken():
    text = (
        f"Il court plus vite que le son{NBSP}! Incroyable{NNBSP}? «{NBSP}Oui{NBSP}», dit-il. " * 4
    )
    result = wrap(text, 40)
    assert result.count(NBSP) == text.count(NBSP) and result.count(NNBSP) == text.count(NNBSP)
    for line in result.splitlines():
        assert display_width(line) <= 40
        assert not line.startswith(("!", "?", "»"))


def test_underline_is_as_long_as_the_longest_wrapped_line():
    heading = "A heading of ninety characters that runs past the width of the text export for sure"
    wrapped = wrap(heading, 40)
    assert len(underline(wrapped)) == max(len(line) for line in wrapped.splitlines()) <= 40


def test_the_text_export_keeps_its_width_with_hostile_headings_and_scripts(dataset):
    long_heading = (
        "The longest heading anyone ever gave a running scene in a list article, honestly, truly."
    )
    assert len(long_heading) >= 88
    first = replace(
        dataset.scenes[0],
        heading=long_heading,
        blurb=f"Plus vite que le son{NBSP}! Vraiment{NNBSP}? " * 6,
    )
    second = replace(dataset.scenes[1], heading="走れローラ", blurb=JAPANESE * 2)
    tampered = replace(dataset, scenes=(first, second, *dataset.scenes[2:]))
    for width in (40, 72):
        options = WriterOptions(settings=settings_from({"text": {"width": width}}))
        text = pipeline.render(tampered, "text", options).decode()
        over = [line for line in text.splitlines() if display_width(line) > width]
        urls = [line for line in over if "https://" in line and " " not in line.strip()]
        assert over == urls, over  # only a URL longer than the width stands alone
        assert text.count(NBSP) == first.blurb.count(NBSP)
        lines = text.splitlines()
        for index, line in enumerate(lines):
            if line and set(line) <= {"-", "="} and index:
                assert (
                    len(line)
                    == max(
                        display_width(prev)
                        for prev in lines[max(0, index - 3) : index]
                        if prev and not set(prev) <= {"-", "="}
                    )
                    or len(line) <= width
                )


MIXED = st.text(
    st.sampled_from(
        [*list("abcdefghij ,.!?"), NBSP, NNBSP, *list("日本語の文章です。「」、"), "é", "ß", "🏃"]
    ),
    max_size=300,
)


@given(MIXED, st.integers(10, 120))
def test_any_mixed_script_text_wraps_within_the_width(text, width):
    result = wrap(text, width, "  ", "")
    for line in result.splitlines():
        assert line == line.rstrip(" ")
        if display_width(line) > width:  # only a single unbreakable word may stand out
            assert " " not in line.strip()
    assert result.count(NBSP) == text.count(NBSP)
    assert re.sub(r"[ \n]", "", result) == re.sub(r"[ \n]", "", text)  # same words, in order


@pytest.mark.parametrize("width", [40, 72, 200])
def test_ascii_and_general_paths_agree(width):
    text = "The quick brown fox jumps over the lazy dog. " * 10
    assert wrap(text, width) == wrap(text + "é", width)[: len(wrap(text, width))]


def test_every_character_the_quick_check_passes_is_one_column_and_one_grapheme():
    """What `_one_column_each` takes for granted, checked against wcwidth itself."""
    import wcwidth

    from pipeline.wrapping import _one_column_each

    for code in range(0x20, 0x3000):
        char = chr(code)
        if _one_column_each(char) and char != "\x7f" and not 0x80 <= code < 0xA0:
            assert wcwidth.width(char) == 1, f"U+{code:04X}"
            assert _one_column_each("a" + char + "b")


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("🏃‍♀️", 2),  # runner, ZWJ, female sign, VS16: one emoji
        ("🇨🇦", 2),  # a flag: two regional indicators
        ("👍🏽", 2),  # a skin tone
        ("e\u0301", 1),  # e and a combining acute accent
        ("Lola 🏃‍♀️ runs", 12),
        ("日本", 4),
        ("’…–", 3),
    ],
)
def test_display_width_of_emoji_sequences_and_combining_marks(text, width):
    assert display_width(text) == width


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        (
            "aaaa 🏃‍♀️🏃‍♀️🏃‍♀️🏃‍♀️🏃‍♀️ bbbb 🇨🇦🇨🇦🇨🇦 👍🏽👍🏽 café",
            10,
            ["aaaa 🏃‍♀️🏃‍♀️", "🏃‍♀️🏃‍♀️🏃‍♀️", "bbbb 🇨🇦🇨🇦", "🇨🇦 👍🏽👍🏽", "café"],
        ),
        ("🇨🇦🇨🇦🇨🇦🇨🇦", 5, ["🇨🇦🇨🇦", "🇨🇦🇨🇦"]),
        ("👍🏽👍🏽👍🏽", 3, ["👍🏽", "👍🏽", "👍🏽"]),
        (
            "Cafe\u0301 cre\u0300me bru\u0302le\u0301e",
            12,
            ["Cafe\u0301 cre\u0300me", "bru\u0302le\u0301e"],
        ),
        ("日本語の文章は空白がありません。", 10, ["日本語の文", "章は空白が", "ありませ", "ん。"]),
        (
            "«\u00a0Cours, Lola\u00a0!\u00a0» dit-il",
            12,
            ["«\u00a0Cours,", "Lola\u00a0!\u00a0»", "dit-il"],
        ),
    ],
)
def test_lines_break_between_grapheme_clusters_only(text, width, lines):
    """Exact lines: never inside a ZWJ sequence, a flag, a skin tone or a letter with its
    accents, and each line within the width."""
    result = wrap(text, width).split("\n")
    assert result == lines
    for line in result:
        assert display_width(line) <= width or " " not in line


def test_wcwidth_is_imported_only_for_text_that_needs_it(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pipeline.wrapping import wrap\n"
        "wrap('It’s estimated that Rick O’Connell – as fast as… 1,673 km/h €5 ™', 20)\n"
        "print('wcwidth' in sys.modules)\n"
        "wrap('Lola 🏃‍♀️ runs', 20)\n"
        "print('wcwidth' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=scenes_env()
    )
    assert run.stdout.split() == ["False", "True"]


@given(MIXED)
def test_wrapped_text_keeps_every_grapheme_whole(text):
    """A break inside a cluster would leave a piece of it that the text never held."""
    from pipeline.wrapping import graphemes

    whole = set(graphemes(text))
    assert all(g in whole or g.isspace() for g in graphemes(wrap(text, 12)))


@pytest.mark.parametrize(
    ("text", "first", "expected"),
    [
        ("", "1. ", "1."),  # nothing to wrap: the prefix alone, without its trailing spaces
        ("   ", "1. ", "1."),
        ("\u3000", "1. ", "1."),  # an ideographic space alone (the general path)
        ("\nLola runs", "", "Lola runs"),  # white space around the text is never kept
        ("Lola runs\n", "- ", "- Lola runs"),
    ],
)
def test_blank_text_and_outer_white_space(text, first, expected):
    assert wrap(text, 40, "  ", first) == expected


@pytest.mark.parametrize("tail", ["", f" vite{NBSP}!"])  # the quick path, then the general one
def test_the_first_line_starts_with_first_and_the_others_with_indent(tail):
    text = "Lola runs through Berlin to save Manni, three times over" + tail
    lines = wrap(text, 24, indent="   ", first="1. ").split("\n")
    assert lines[:3] == ["1. Lola runs through", "   Berlin to save Manni,", "   three times over"]
    assert len(lines) == (3 if not tail else 4)


def test_a_line_may_fill_the_width_exactly_and_no_more():
    assert wrap("aaaa bbbb cccc", 9) == "aaaa bbbb\ncccc"
    assert wrap("aaaa bbbb cccc", 8) == "aaaa\nbbbb\ncccc"
    assert wrap("日本 語の", 9) == "日本 語の"  # 4 + 1 + 4 columns
    assert wrap("日本 語の", 8) == "日本 語\nの"
    assert wrap("日本 語の", 6) == "日本\n語の"


def test_the_default_width_is_72_columns():
    assert wrap("a" * 70 + " bb") == "a" * 70 + "\nbb"
    assert wrap("a" * 69 + " bb") == "a" * 69 + " bb"
    assert wrap("é" * 70 + " 日本") == "é" * 70 + "\n日本"


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("あいう「えお」", ["あいう", "「えお」"]),  # never a break after an opening bracket
        ("あいうえ。お", ["あいう", "え。お"]),  # nor before a full stop
        ("あいうabcえお", ["あいう", "abcえお"]),  # Latin inside Japanese: whole, breaks around
        ("abcdあいう", ["abcdあい", "う"]),
    ],
)
def test_japanese_breaks_follow_the_kinsoku_rules(text, lines):
    assert wrap(text, 8).split("\n") == lines


def test_marks_that_take_no_column_alone():
    assert display_width("\u0301") == 0  # a combining accent with nothing to sit on
    assert display_width("\u200b") == 0  # a zero-width space
    assert underline("\u200b") == ""


def test_latin_text_wraps_without_wcwidth(monkeypatch):
    """The in-process half of the test above (mutation testing sees only this one): Latin and
    typographic text never needs wcwidth, so a missing wcwidth breaks only the other text."""
    from pipeline import wrapping

    monkeypatch.setitem(sys.modules, "wcwidth", None)  # `import wcwidth` now fails
    wrapping._wcwidth.cache_clear()
    try:
        text = (
            "It’s estimated that Rick O’Connell – as fast as… 1,673 km/h €5 ™ Ça, «\u00a0où\u00a0»"
        )
        assert wrap(text, 20).split("\n")[0] == "It’s estimated that"
        assert display_width(text) == len(text)
        with pytest.raises(ImportError):
            wrap("Lola 🏃‍♀️ runs", 20)
    finally:
        wrapping._wcwidth.cache_clear()
