"""Every `sh` and `console` example of the documentation works when pasted (tests/examples.py
says how they run and how a block says it needs a setup, another exit code, or is skipped)."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import ROOT

from examples import examples, run, scratch

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
"""The Markdown files whose examples run: the README and every page of docs/."""
EXAMPLES = examples(DOCUMENTS)


def test_the_examples_are_found_and_most_run():
    assert len(EXAMPLES) >= 30
    assert sum(1 for e in EXAMPLES if not e.skip) >= 25
    assert all(e.skip.strip() not in ("", "skipped") for e in EXAMPLES if e.skip)  # a reason


def test_every_shell_session_shown_is_an_example():
    """A transcript (`$ command`) in a block of another language would escape the runner: it
    is a `console` block, run or skipped with a reason."""
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"^[ \t]*```(\w*)[^\n]*\n[ \t]*\$ ", text, re.M):
            assert match.group(1) == "console", f"{path.name}: a {match.group(1)!r} transcript"


@pytest.mark.skipif(shutil.which("bash") is None, reason="the examples are bash")
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_works_when_pasted(example, tmp_path):
    if example.skip:
        pytest.skip(example.skip)
    assert run(example, scratch(tmp_path)) == []
