"""What goes into an issue: the next scenes (choose) and the issue itself (compose)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline.newsletter.ledger import Issue

if TYPE_CHECKING:
    from pipeline.model import Dataset, Scene
    from pipeline.newsletter.letter import Layout
    from pipeline.newsletter.schedule import Period
    from pipeline.settings import NewsletterSettings, Settings


def send_time(news: NewsletterSettings, period: Period) -> datetime:
    """When `period`'s issue is due: its first day at `send_time`, in the newsletter's zone.
    The issue's clock: its Date, and what it may feature."""
    hour, minute = map(int, news.send_time.split(":"))
    return period.send_time(time(hour, minute), ZoneInfo(news.timezone))


def out_by(dataset: Dataset, when: datetime) -> list[Scene]:
    """The scenes published by `when`, in the dataset's order. A scene published later waits
    for the first issue sent after it is. A placeholder date (`unconfirmed: [published]`)
    holds nothing back: it is not when the scene was published."""
    return [s for s in dataset.scenes if s.published <= when or not s.confirmed("published")]


def waiting(dataset: Dataset, when: datetime) -> list[Scene]:
    """The scenes an issue sent at `when` may not feature yet: published after it."""
    out = {s.id for s in out_by(dataset, when)}
    return [s for s in dataset.scenes if s.id not in out]


def choose(
    dataset: Dataset,
    news: NewsletterSettings,
    featured: set[str],
    known: set[str] | None,
    cycle: int,
    when: datetime,
) -> tuple[int, list[Scene]] | None:
    """The next scenes for the issue sent at `when`, among those published by then: new ones
    (published or added since the last issue) first, then the rest in order. Returns the
    round (cycle) they belong to, or None when every such scene has been featured and the
    settings do not wrap around (or none is published yet)."""
    ordered = out_by(dataset, when)
    if news.order == "published":
        ordered.sort(key=lambda s: s.published)
    remaining = [s for s in ordered if not _held(s, featured)]
    if not remaining:
        if not news.wrap_around or not ordered:
            return None
        cycle, remaining = cycle + 1, ordered
    if known is not None:
        remaining.sort(key=lambda s: _held(s, known))  # stable: new scenes move to the front
    return cycle, remaining[: news.scenes_per_issue]


def _held(scene: Scene, ids: set[str] | dict[str, int]) -> bool:
    """Whether `ids` names the scene by its id or an id it had before (a renamed scene is
    neither featured again nor new)."""
    return scene.id in ids or any(old in ids for old in scene.former_ids)


def correction_key(scene: Scene) -> tuple[str, str]:
    """A correction as the ledger knows it: the scene's identity and the correction's time."""
    assert scene.updated is not None
    return scene.identity, scene.updated.astimezone(UTC).isoformat()


def corrections_due(
    dataset: Dataset, featured: dict[str, int], carried: set[tuple[str, str]], when: datetime
) -> list[tuple[Scene, int]]:
    """The corrections the issue sent at `when` carries: each scene an earlier issue featured
    (with the latest such issue's number) whose correction, made by `when`, no issue has
    carried yet."""
    due = []
    for scene in dataset.scenes:
        if scene.updated is None or scene.updated > when or correction_key(scene) in carried:
            continue
        numbers = [featured[i] for i in (scene.id, *scene.former_ids) if i in featured]
        if numbers:
            due.append((scene, max(numbers)))
    return due


def compose(
    dataset: Dataset,
    settings: Settings,
    layout: Layout,
    number: int,
    period: Period,
    cycle: int,
    scenes: list[Scene],
    corrections: list[tuple[Scene, int]] | None = None,
) -> Issue:
    """An issue from its scenes (and the corrections it carries, each with the number of the
    issue that featured its scene) alone: no clock, so the same issue is the same bytes."""
    from pipeline.newsletter import letter
    from pipeline.newsletter.brand import brand_of
    from pipeline.newsletter.message import build_eml  # the email package, only to make one

    news = settings.newsletter
    brand = brand_of(dataset, settings)
    corrections = corrections or []
    values = letter.context(
        dataset, settings, brand, number, period, scenes, page_url(news, number), corrections
    )
    text = letter.text(layout, values)
    html = letter.html(layout, values, web=False)
    when = send_time(news, period)
    # The Message-ID derives from the issue, so a re-send is recognisable as the same message.
    message_id = f"scenes-issue-{number}.{period.start.isoformat().replace('-', '')}"
    subject = values["subject"]
    return Issue(
        number=number,
        period=period.key,
        period_start=period.start.isoformat(),
        cycle=cycle,
        scene_ids=tuple(s.id for s in scenes),
        known_ids=tuple(s.id for s in out_by(dataset, when)),  # a later one is new when out
        subject=subject,
        text=text.encode("utf-8"),
        eml=build_eml(news, brand.name, subject, text, html, message_id, when),
        state="created",
        headings=tuple(s.heading for s in scenes),
        page=letter.html(layout, values, web=True).encode("utf-8"),
        corrected=tuple(
            dict.fromkeys(
                correction_key(s)
                for s in [*(c for c, _ in corrections), *scenes]
                if s.updated is not None
            )
        ),
    )


def page_url(news: NewsletterSettings, number: int) -> str | None:
    """Where an issue's web page is served, when the archive's address is known."""
    return f"{news.archive_url}{page_name(number)}" if news.archive_url else None


def page_name(number: int) -> str:
    return f"issue-{number:03d}.html"
