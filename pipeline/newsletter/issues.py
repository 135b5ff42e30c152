"""What goes into an issue: the next scenes (choose) and the issue itself (compose)."""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline import templating
from pipeline.errors import PipelineError
from pipeline.newsletter.ledger import Issue
from pipeline.newsletter.message import build_eml
from pipeline.records import fields_of
from pipeline.struct import struct

if TYPE_CHECKING:
    from pipeline.model import Dataset, Scene
    from pipeline.newsletter.schedule import Period
    from pipeline.settings import NewsletterSettings
    from pipeline.templating import Template


@struct
class Layout:
    """How an issue is laid out: the newsletter's own template (or the built-in one) and width.
    Nothing of the text export's settings reaches an issue."""

    template: Template | None = None
    width: int = 72


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
    news: NewsletterSettings,
    layout: Layout,
    number: int,
    period: Period,
    cycle: int,
    scenes: list[Scene],
) -> Issue:
    positions = {s.id: i for i, s in enumerate(dataset.scenes, 1)}
    numbered = [SimpleNamespace(**_fields(s), position=positions[s.id]) for s in scenes]
    info = SimpleNamespace(number=number, period=period.label(), start=period.start)
    text = templating.render(
        templating.BUILTIN["newsletter"],
        layout.template,
        collection=dataset.collection,
        issue=info,
        scenes=numbered,
        intro=news.intro,
        sign_off=news.sign_off,
        unsubscribe=news.unsubscribe,
        width=layout.width,
    )
    subject = _subject(news, dataset, number, period, scenes)
    hour, minute = map(int, news.send_time.split(":"))
    when = period.send_time(time(hour, minute), ZoneInfo(news.timezone))
    # The Message-ID derives from the issue, so a re-send is recognisable as the same message.
    message_id = f"scenes-issue-{number}.{period.start:%Y%m%d}"
    return Issue(
        number=number,
        period=period.key,
        period_start=period.start.isoformat(),
        cycle=cycle,
        scene_ids=tuple(s.id for s in scenes),
        known_ids=tuple(s.id for s in dataset.scenes),
        subject=subject,
        text=text.encode("utf-8"),
        eml=build_eml(news, subject, text, message_id, when),
        state="created",
    )


def _fields(scene: Scene) -> dict[str, object]:
    return {name: getattr(scene, name) for name in fields_of(type(scene))}


def _subject(
    news: NewsletterSettings, dataset: Dataset, number: int, period: Period, scenes: list[Scene]
) -> str:
    import jinja2

    try:
        rendered = (
            jinja2.Environment(undefined=jinja2.StrictUndefined)
            .from_string(news.subject)
            .render(
                title=dataset.collection.title,
                number=number,
                period=period.label(),
                headings=", ".join(s.heading for s in scenes),
            )
        )
    except jinja2.TemplateError as exc:
        raise PipelineError(f"newsletter.subject: template error: {exc}") from None
    return " ".join(rendered.split())
