"""This period's newsletter issue as it would be sent, made exactly as `scenes newsletter
--dry-run` makes it: the ledger is opened read-only (nothing recorded, no file created, and
none at all when there is no ledger yet), nothing is written or sent."""

from __future__ import annotations

import html
import html.parser
import re
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.newsletter.ledger import Issue
    from pipeline.settings import Settings

PREVIEW_CHARACTERS = 140
"""About what an inbox shows of a message after its subject (Gmail ~100, Apple Mail ~140)."""


class Letter(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    period: str
    """As readers see it: 'week of 23 November 2026'."""
    subject: str
    preheader: str
    """What an inbox shows after the subject: the first text of the HTML part (a hidden
    preheader comes first when the template has one)."""
    sender: str
    recipient: str
    text: str
    html: str | None
    recorded: str | None = None
    """The issue's state when the ledger already holds it ('created', 'sent'...): then it is
    shown as recorded, and changes to the data no longer change it."""


class Preview(msgspec.Struct, frozen=True, kw_only=True):
    letters: tuple[Letter, ...]
    notes: tuple[str, ...]
    """Why there is no issue, when there is none (every scene featured, one made ahead)."""


def preview(dataset: Dataset, settings: Settings, day: date | None = None) -> Preview:
    """This period's issue (the period of `day`, default today in the newsletter's zone)."""
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import read_layout

    report = run.run(
        dataset,
        settings,
        read_layout(settings),
        day or run.today_in(settings.newsletter),
        run.issues_dir(settings),
        dry_run=True,
    )
    recorded = report.current
    letters = tuple(
        _letter(issue, settings, recorded.state if issue is recorded else None)
        for issue in report.preview
    )
    return Preview(letters=letters, notes=tuple(report.notes))


def _letter(issue: Issue, settings: Settings, recorded: str | None) -> Letter:
    from pipeline.newsletter.message import html_part, parse
    from pipeline.newsletter.schedule import Schedule

    news = settings.newsletter
    message = parse(issue.eml)
    part = html_part(issue.eml)
    start = date.fromisoformat(issue.period_start)
    return Letter(
        number=issue.number,
        period=Schedule(news.cadence, news.weekday).period_of(start).label(),
        subject=issue.subject,
        preheader=inbox_preview(part) if part is not None else _first_words(issue.text),
        sender=str(message["From"]),
        recipient=str(message["To"]),
        text=issue.text.decode("utf-8"),
        html=part,
        recorded=recorded,
    )


def inbox_preview(markup: str) -> str:
    """The text of an HTML body as an inbox shows it after the subject: its first characters,
    styles and scripts left out. Invisible characters count (a preheader is often followed by
    zero-width ones, so the preview stops there), but are not shown; an ellipsis says the
    preview ends inside the text."""
    reader = _BodyText()
    reader.feed(markup)
    reader.close()
    text = " ".join(_HTML_SPACE.split("".join(reader.text))).strip()  # NBSP is not collapsed
    shown, rest = text[:PREVIEW_CHARACTERS], text[PREVIEW_CHARACTERS:]
    preview = _visible(shown)
    last, following = shown[-1:], rest[:1]
    if _visible(rest) and (_visible(last) or last == " "):  # it ends inside the text
        if _visible(last) and _visible(following):  # inside a word: not half of it
            preview = re.sub(r"\s*\S*$", "", preview)
        preview += "…"
    return preview


def _first_words(text: bytes) -> str:
    return inbox_preview(html.escape(text.decode("utf-8")))


def _visible(text: str) -> str:
    """Without invisible (format) characters, white space collapsed."""
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Cf").split())


_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


class _BodyText(html.parser.HTMLParser):
    HIDDEN = frozenset({"head", "style", "script", "title", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag in ("br", "p", "div", "td", "h1", "h2", "h3", "li"):
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def ledger_path(settings: Settings) -> Path:
    """The ledger a preview reads (and watches for other runs' changes), never writes."""
    from pipeline.newsletter import run
    from pipeline.newsletter.store import LEDGER

    return run.state_dir(settings) / LEDGER
