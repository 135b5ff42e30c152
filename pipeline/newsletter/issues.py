"""What goes into an issue: the next scenes (choose) and the issue itself (compose)."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import msgspec

from pipeline.newsletter.ledger import Issue

if TYPE_CHECKING:
    from pipeline.model import Dataset, Scene
    from pipeline.newsletter.schedule import Period
    from pipeline.settings import NewsletterSettings, Settings
    from pipeline.templating import Template


class Layout(msgspec.Struct, frozen=True):
    """How an issue is laid out: the newsletter's own templates (or the built-in ones) and
    width. Nothing of the text export's settings reaches an issue."""

    template: Template | None = None
    width: int = 72
    html_template: Template | None = None


def read_layout(settings: Settings) -> Layout:
    """The newsletter's templates and width from its settings, files read here (a dry run, a
    run and the live preview lay an issue out alike); the text export's settings never apply."""
    from pipeline.options import read_template

    news = settings.newsletter
    return Layout(
        template=read_template(settings.path(news.template)) if news.template else None,
        html_template=(
            read_template(settings.path(news.html_template)) if news.html_template else None
        ),
        width=news.width,
    )


def choose(
    dataset: Dataset,
    news: NewsletterSettings,
    featured: set[str],
    known: set[str] | None,
    cycle: int,
) -> tuple[int, list[Scene]] | None:
    """The next scenes: new ones (added since the last issue) first, then the rest in order.
    Returns the round (cycle) they belong to, or None when every scene has been featured and
    the settings do not wrap around."""
    ordered = list(dataset.scenes)
    if news.order == "published":
        ordered.sort(key=lambda s: s.published)
    remaining = [s for s in ordered if s.id not in featured]
    if not remaining:
        if not news.wrap_around:
            return None
        cycle, remaining = cycle + 1, ordered
    if known is not None:
        remaining.sort(key=lambda s: s.id in known)  # stable: new scenes move to the front
    return cycle, remaining[: news.scenes_per_issue]


def compose(
    dataset: Dataset,
    settings: Settings,
    layout: Layout,
    number: int,
    period: Period,
    cycle: int,
    scenes: list[Scene],
) -> Issue:
    """An issue from its scenes alone: no clock, so the same issue is the same bytes."""
    from pipeline.newsletter import letter
    from pipeline.newsletter.brand import brand_of
    from pipeline.newsletter.message import build_eml  # the email package, only to make one

    news = settings.newsletter
    brand = brand_of(dataset, settings)
    values = letter.context(
        dataset, settings, brand, number, period, scenes, page_url(news, number)
    )
    text = letter.text(layout, values)
    html = letter.html(layout, values, web=False)
    hour, minute = map(int, news.send_time.split(":"))
    when = period.send_time(time(hour, minute), ZoneInfo(news.timezone))
    # The Message-ID derives from the issue, so a re-send is recognisable as the same message.
    message_id = f"scenes-issue-{number}.{period.start.isoformat().replace('-', '')}"
    subject = values["subject"]
    return Issue(
        number=number,
        period=period.key,
        period_start=period.start.isoformat(),
        cycle=cycle,
        scene_ids=tuple(s.id for s in scenes),
        known_ids=tuple(s.id for s in dataset.scenes),
        subject=subject,
        text=text.encode("utf-8"),
        eml=build_eml(news, brand.name, subject, text, html, message_id, when),
        state="created",
        headings=tuple(s.heading for s in scenes),
        page=letter.html(layout, values, web=True).encode("utf-8"),
    )


def page_url(news: NewsletterSettings, number: int) -> str | None:
    """Where an issue's web page is served, when the archive's address is known."""
    return f"{news.archive_url}{page_name(number)}" if news.archive_url else None


def page_name(number: int) -> str:
    return f"issue-{number:03d}.html"
