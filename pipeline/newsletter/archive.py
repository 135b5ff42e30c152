"""The newsletter's web archive in the issues folder: a page per issue (`issue-NNN.html`, the
same letter as the email), `index.html` (every issue, newest first) and `issues.atom.xml`.

Everything is rebuilt from the ledger on every run, so the archive always agrees with it. An
issue appears once its Date has come: an issue made ahead is not published before it is sent.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from pipeline import output
from pipeline.newsletter.issues import page_name
from pipeline.newsletter.schedule import date_of

if TYPE_CHECKING:
    from pipeline.newsletter.ledger import Issue
    from pipeline.settings import NewsletterSettings

INDEX = "index.html"
FEED = "issues.atom.xml"
MARK = ".archive.sha256"
"""What the index and the feed were last made from: unchanged, they are not made again."""
PAGE = re.compile(r"issue-\d{3,}\.html")
# Fixed forever: entry ids derive from it, and a changed id makes feed readers show old issues
# as new.
NAMESPACE = uuid.UUID("0c7c8f5e-2d1b-5d7e-9a57-6e6577736c74")


class Entry(msgspec.Struct, frozen=True):
    """One published issue as the index and the feed show it."""

    number: int
    subject: str
    period: str
    date: datetime
    headings: str
    page: str
    url: str
    id: str


def published(issues: list[Issue], now: datetime) -> list[Issue]:
    """The issues whose Date has come (the same rule decides what is sent)."""
    return [i for i in issues if date_of(i.eml) <= now]


def write_archive(
    issues: list[Issue], out_dir: Path, news: NewsletterSettings, now: datetime
) -> None:
    shown = published(issues, now)
    output.prepare_folder(out_dir)
    keep = {page_name(i.number) for i in shown}
    for stale in out_dir.iterdir():  # discarded issues' pages
        if PAGE.fullmatch(stale.name) and stale.name not in keep:
            stale.unlink(missing_ok=True)
    for issue in shown:
        output.write_atomic(out_dir / page_name(issue.number), page_of(issue))
    mark, key = out_dir / MARK, _fingerprint(shown, news)
    if (out_dir / INDEX).is_file() and (out_dir / FEED).is_file() and _read(mark) == key:
        return  # nothing the index or the feed shows has changed: no template to render
    from email.utils import parseaddr

    entries = [_entry(i, news) for i in reversed(shown)]  # newest first
    context = {
        "title": parseaddr(news.sender)[0] or "Newsletter",
        "language": _language(shown),
        "entries": entries,
        "feed_url": f"{news.archive_url}{FEED}" if news.archive_url else FEED,
        "index_url": f"{news.archive_url}{INDEX}" if news.archive_url else INDEX,
        "feed_id": f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed:' + parseaddr(news.sender)[1])}",
        "updated": max(
            (e.date for e in entries), default=datetime.fromisoformat("1970-01-01T00:00:00+00:00")
        ),
        "absolute": news.archive_url is not None,
    }
    output.write_atomic(out_dir / INDEX, _render("newsletter-index.html.j2", context))
    output.write_atomic(out_dir / FEED, _render("newsletter.atom.j2", context))
    output.write_atomic(mark, key.encode("ascii"))


def _fingerprint(shown: list[Issue], news: NewsletterSettings) -> str:
    """What the index and the feed are made from: the published issues, the settings they
    show, and the code (templates included) that makes them."""
    from hashlib import sha256

    from pipeline.cache import code_version

    digest = sha256(f"{code_version()}\0{news.sender}\0{news.archive_url}".encode())
    for issue in shown:
        row = (issue.number, issue.subject, issue.period, issue.headings, issue.scene_ids)
        digest.update(repr(row).encode() + date_of(issue.eml).isoformat().encode())
        digest.update(page_of(issue)[:2000])  # its language
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, ValueError):
        return None


def page_of(issue: Issue) -> bytes:
    """The issue's web page as made; an issue from a version 1 ledger has none, so its page
    is its email's HTML part, or its text."""
    if issue.page is not None:
        return issue.page
    from pipeline.newsletter.message import html_part

    html = html_part(issue.eml)
    if html is not None:
        return html.encode("utf-8")
    body = f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{escape(issue.subject)}</title></head>'
    return f"{body}<body><pre>{escape(issue.text.decode('utf-8'))}</pre></body></html>\n".encode()


def _entry(issue: Issue, news: NewsletterSettings) -> Entry:
    name = page_name(issue.number)
    return Entry(
        number=issue.number,
        subject=issue.subject,
        period=issue.period,
        date=date_of(issue.eml),
        headings=", ".join(issue.headings or issue.scene_ids),
        page=name,
        url=f"{news.archive_url}{name}" if news.archive_url else name,
        id=f"urn:uuid:{uuid.uuid5(NAMESPACE, f'issue:{issue.number}:{issue.period}')}",
    )


def _language(issues: list[Issue]) -> str:
    """The language of the newest page (the ledger keeps no other record of it)."""
    for issue in reversed(issues):
        found = re.search(rb'<html[^>]* lang="([A-Za-z0-9-]+)"', page_of(issue)[:2000])
        if found:
            return found.group(1).decode()
    return "en"


def _render(name: str, context: dict[str, object]) -> bytes:
    from pipeline import templating

    return templating.render(name, None, markup=True, **context).encode("utf-8")
