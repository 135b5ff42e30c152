"""The newsletter's web archive in the issues folder: a page per published issue
(`issue-NNN.html`, the same letter as the email, with links to the previous and next issues),
`index.html` (every published issue, newest first: subject, date, scenes) and
`issues.atom.xml`.

Everything is rebuilt from the ledger on every run, so the archive always agrees with it. It
shows only what readers were sent: an issue appears once `--send` has delivered it, or, with
`[newsletter] publish = "due"` (another program sends the .eml files), once its date has come.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import msgspec

from pipeline import output
from pipeline.newsletter.dressing import Entry, dress, top_bar
from pipeline.newsletter.issues import page_name
from pipeline.newsletter.schedule import date_of, label_of

if TYPE_CHECKING:
    from pipeline.newsletter.brand import Brand
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


def published(issues: list[Issue], news: NewsletterSettings, now: datetime) -> list[Issue]:
    """The issues readers have been sent: sent ones, or with `publish = "due"` those whose
    Date has come."""
    if news.publish == "sent":
        return [i for i in issues if i.state == "sent"]
    return [i for i in issues if i.state == "sent" or date_of(i.eml) <= now]


def write_archive(
    issues: list[Issue], out_dir: Path, news: NewsletterSettings, brand: Brand, now: datetime
) -> None:
    shown = published(issues, news, now)
    output.prepare_folder(out_dir)
    keep = {page_name(i.number) for i in shown}
    for stale in out_dir.iterdir():  # pages of discarded or no longer published issues
        if PAGE.fullmatch(stale.name) and stale.name not in keep:
            stale.unlink(missing_ok=True)
    entries = [_entry(i, news) for i in shown]  # oldest first
    for at, issue in enumerate(shown):
        before = entries[at - 1] if at else None
        after = entries[at + 1] if at + 1 < len(entries) else None
        page = dress(page_of(issue), entries[at], before, after, news)
        output.write_atomic(out_dir / page_name(issue.number), page)
    mark, key = out_dir / MARK, _fingerprint(entries, news, brand)
    if (out_dir / INDEX).is_file() and (out_dir / FEED).is_file() and _read(mark) == key:
        return  # nothing the index or the feed shows has changed: no template to render
    context = _index_context(list(reversed(entries)), news, brand)  # newest first
    output.write_atomic(out_dir / INDEX, _render("newsletter-index.html.j2", context))
    output.write_atomic(out_dir / FEED, _render("newsletter.atom.j2", context))
    output.write_atomic(mark, key.encode("ascii"))


def _index_context(entries: list[Entry], news: NewsletterSettings, brand: Brand) -> dict:
    from email.utils import parseaddr

    base = news.archive_url or ""
    return {
        "name": brand.name,
        "publisher": brand.publisher,
        "language": brand.language,
        "article_title": brand.article_title,
        "article_url": brand.article_url,
        "subscribe_url": news.subscribe_url,
        "postal_address": news.postal_address,
        "entries": entries,
        "feed_url": f"{base}{FEED}",
        "index_url": f"{base}{INDEX}",
        "feed_id": f"urn:uuid:{uuid.uuid5(NAMESPACE, 'feed:' + parseaddr(news.sender)[1])}",
        "updated": max(
            (e.date for e in entries), default=datetime.fromisoformat("1970-01-01T00:00:00+00:00")
        ),
        "absolute": news.archive_url is not None,
        "top_bar": top_bar,
    }


def _fingerprint(entries: list[Entry], news: NewsletterSettings, brand: Brand) -> str:
    """What the index and the feed are made from: the published issues, the settings and the
    names they show, and the code (templates included) that makes them."""
    from hashlib import sha256

    from pipeline.cache import code_version

    shown = (news.sender, news.archive_url, news.subscribe_url, news.postal_address)
    digest = sha256(f"{code_version()}\0{shown!r}\0{brand!r}".encode())
    for entry in entries:
        digest.update(msgspec.json.encode(entry))
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii")
    except (OSError, ValueError):
        return None


def page_of(issue: Issue) -> bytes:
    """The issue's web page as made; an issue from a version 1 ledger has none, so its page
    is its email's HTML part, or its text."""
    from html import escape

    if issue.page is not None:
        return issue.page
    from pipeline.newsletter.message import html_part

    html = html_part(issue.eml)
    if html is not None:
        return html.encode("utf-8")
    body = f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{escape(issue.subject)}</title></head>'
    return f"{body}<body><pre>{escape(issue.text.decode('utf-8'))}</pre></body></html>\n".encode()


def _entry(issue: Issue, news: NewsletterSettings) -> Entry:
    from pipeline.wording import series

    name = page_name(issue.number)
    sent = datetime.fromisoformat(issue.sent_at) if issue.sent_at else None
    when = sent if issue.state == "sent" and sent else date_of(issue.eml)
    return Entry(
        number=issue.number,
        subject=issue.subject,
        period=label_of(issue.period),
        date=when.astimezone(ZoneInfo(news.timezone)),
        headings=series(list(issue.headings or issue.scene_ids)),
        page=name,
        url=f"{news.archive_url}{name}" if news.archive_url else name,
        id=f"urn:uuid:{uuid.uuid5(NAMESPACE, f'issue:{issue.number}:{issue.period}')}",
    )


def _render(name: str, context: dict[str, object]) -> bytes:
    from pipeline import templating

    return templating.render(name, None, markup=True, **context).encode("utf-8")
