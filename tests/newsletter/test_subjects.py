"""Subjects read back exactly: whatever the headings, `email` with policy.default (what Python
mail programs and most others do) reads the Subject of an issue, and of its test copy, as it
was meant, with lines no longer than RFC 2047 and RFC 5322 allow."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime

from helpers import MONDAY
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import text

from pipeline.newsletter.letter import _one_line
from pipeline.newsletter.message import build_eml, retarget
from pipeline.settings import Settings, settings_from

TYPOGRAPHIC = ["’", "‘", "“", "”", "–", "—", "…", "«", "»", "„", "·", "é", "ß", "ﬁ", "e\u0301"]
SCRIPTS = ["Беги", "Лола", "Ωμέγα", "走れ", "ローラ", "한국어", "العربية", "עברית", "हिन्दी", "ไทย"]
TRICKY = ["=?", "?=", "=?utf-8?q?x?=", "_", "=", "?", "😀", "👩‍👩‍👧", "Peak", "Dante’s", "x" * 90]
WORDS = st.sampled_from(["Run", "Lola", "The", "Day", *TYPOGRAPHIC, *SCRIPTS, *TRICKY])
HEADINGS = st.one_of(text(40), st.lists(WORDS, min_size=1, max_size=7).map(" ".join))
SUBJECTS = [
    "{{ name }} #{{ number }}: {{ headings }}",
    "«{{ title }}» — {{ period }}: {{ headings }}",
]
NEWS = settings_from(
    {"newsletter": {"sender": "Журнал <news@runningmagazine.ca>", "recipient": "l@example.org"}}
).newsletter


def read_back(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)


def check_lines(raw: bytes) -> None:
    for line in raw.partition(b"\n\n")[0].split(b"\n"):
        assert len(line) <= (76 if b"=?" in line else 78), line


@settings(max_examples=300, deadline=None)
@given(headings=st.lists(HEADINGS, min_size=1, max_size=4), template=st.sampled_from(SUBJECTS))
def test_every_subject_reads_back_exactly(headings, template):
    words = {
        "name": "Canadian Running",
        "title": "13 memorable (and sometimes ridiculous) running scenes in movies",
        "number": 12,
        "period": "week of 23 November 2026",
        "headings": ", ".join(headings),
    }
    subject = _one_line(Settings(), "subject", template, words)
    when = datetime(2026, 11, 23, 7, tzinfo=UTC)
    raw = build_eml(NEWS, "Canadian Running", subject, "text\n", None, "scenes-issue-12.x", when)
    check_lines(raw)
    msg = read_back(raw)
    assert msg["Subject"] == subject and not msg["Subject"].defects
    copy = retarget(
        raw, to="me@example.org", subject=f"[TEST] {subject}", message_id="t", when=when
    )
    check_lines(copy)
    assert read_back(copy)["Subject"] == f"[TEST] {subject}"


def test_issue_2_no_longer_reads_two_spaces(project, run_newsletter):
    """`Tomorrow, ⏎ =?utf-8?q?Dante=E2=80=99s?= Peak` read back as 'Tomorrow,  Dante’s'."""
    run_newsletter("--date", "2026-11-16")
    run_newsletter("--date", MONDAY)
    raw = (project / "outputs" / "newsletter" / "issue-002.eml").read_bytes()
    assert b"Tomorrow, \n" not in raw
    assert (
        read_back(raw)["Subject"]
        == "Canadian Running #2: Run Lola Run, The Day After Tomorrow, Dante’s Peak"
    )
