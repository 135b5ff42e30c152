"""Every `sh` and `console` example of the documentation works when pasted (tests/docs_examples.py
says how they run and how a block says it needs a setup, another exit code, or is skipped)."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT
from docs_examples import examples, run, scratch

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("**/*.md"))]
"""The Markdown files whose examples run: the README, and docs/ once it exists."""
EXAMPLES = examples(DOCUMENTS)


def test_the_examples_are_found_and_most_run():
    assert len(EXAMPLES) >= 8
    assert sum(1 for e in EXAMPLES if not e.skip) >= 6


@pytest.mark.skipif(shutil.which("bash") is None, reason="the examples are bash")
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_works_when_pasted(example, tmp_path):
    if example.skip:
        pytest.skip(example.skip)
    assert run(example, scratch(tmp_path)) == []
