"""Every format and one newsletter issue against golden files (Pelican's functional test).
Regenerate them after an intended change with `python tests/golden/update.py`."""

from __future__ import annotations

import sys

import pytest
from conftest import GOLDEN

sys.path.insert(0, str(GOLDEN))
from update import FORMATS, expected

EXPECTED = expected()


def test_every_format_and_the_issue_have_a_golden_file():
    assert set(FORMATS) <= set(EXPECTED)
    assert {"newsletter-issue-001.txt", "newsletter-issue-001.eml"} <= set(EXPECTED)
    docx_and_reports = {"scenes.docx.document.xml", "scenes.docx.core.xml", "scenes-check.txt"}
    assert docx_and_reports | {"scenes-check.md", "scenes-scripted.txt"} <= set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_output_matches_its_golden_file(name):
    assert EXPECTED[name] == (GOLDEN / name).read_bytes(), (
        f"{name} changed; if intended, run `python tests/golden/update.py` and review the diff"
    )
