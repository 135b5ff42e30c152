"""An issue's stored web page dressed for the archive: what changes after the issue was made
(the previous and next issues, when it was published, where to subscribe) goes where the page
marks it, so the letter itself stays exactly as it was made.

The built-in template marks three places with comments (see `scenes template
newsletter-html`); a page without them (a user's template, or one made by an older `scenes`)
is published as it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import msgspec
from markupsafe import Markup

if TYPE_CHECKING:
    from pipeline.settings import NewsletterSettings

HEAD = "<!--scenes:archive-head-->"
TOP = "<!--scenes:archive-top-->"
NAV = "<!--scenes:archive-nav-->"


class Entry(msgspec.Struct, frozen=True, kw_only=True):
    """One published issue as the index, the feed and its neighbours' pages show it."""

    number: int
    subject: str
    period: str
    """As readers see it: 'week of 23 November 2026'."""
    date: datetime
    """When it was sent (the Date it carried), or due; in the newsletter's time zone."""
    headings: str
    """Its scenes: 'Run Lola Run, The Day After Tomorrow and Dante’s Peak'."""
    page: str
    url: str
    id: str


def dress(
    page: bytes,
    entry: Entry,
    before: Entry | None,
    after: Entry | None,
    news: NewsletterSettings,
) -> bytes:
    html = page.decode("utf-8")
    for marker, filling in (
        (HEAD, _head(entry, before, after)),
        (TOP, top_bar(news.subscribe_url, every_issue=True)),
        (NAV, _pager(before, after)),
    ):
        if not filling:  # nothing to put there: the marker's line goes too
            html = html.replace(marker + "\n", "", 1)
        html = html.replace(marker, filling, 1)
    return html.encode("utf-8")


def top_bar(subscribe_url: str | None, *, every_issue: bool, feed: str | None = None) -> str:
    """The archive's links above a page: every issue, subscribe, the feed."""
    links = []
    if every_issue:
        links.append(Markup('<a href="index.html">Every issue</a>'))
    if subscribe_url:
        links.append(Markup('<a href="{}">Subscribe by email</a>').format(subscribe_url))
    if feed:
        links.append(Markup('<a href="{}">Follow in a feed reader (Atom)</a>').format(feed))
    if not links:
        return ""
    joined = Markup(' <span aria-hidden="true">·</span> ').join(links)
    return Markup('<nav class="bar" aria-label="Newsletter">{}</nav>').format(joined)


def _head(entry: Entry, before: Entry | None, after: Entry | None) -> str:
    lines = [
        Markup('<meta property="article:published_time" content="{}">').format(
            entry.date.isoformat()
        )
    ]
    for rel, other in (("prev", before), ("next", after)):
        if other is not None:
            lines.append(Markup('<link rel="{}" href="{}">').format(rel, other.page))
    return "\n".join(lines)


def _pager(before: Entry | None, after: Entry | None) -> str:
    if before is None and after is None:
        return ""
    links = []
    if before is not None:
        links.append(
            Markup(
                '<a class="prev" rel="prev" href="{}"><span aria-hidden="true">← </span>'
                "Issue {}, {}</a>"
            ).format(before.page, before.number, before.period)
        )
    if after is not None:
        links.append(
            Markup(
                '<a class="next" rel="next" href="{}">Issue {}, {}'
                '<span aria-hidden="true"> →</span></a>'
            ).format(after.page, after.number, after.period)
        )
    inside = Markup("\n").join(links)
    return Markup('<nav class="pager" aria-label="Previous and next issues">\n{}\n</nav>').format(
        inside
    )
