"""What goes into an issue: the next scenes (choose) and the issue itself (compose)."""

from __future__ import annotations

from datetime import time
from types import SimpleNamespace
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pipeline import templating
from pipeline.errors import PipelineError
from pipeline.newsletter.ledger import Issue
from pipeline.records import fields_of
from pipeline.struct import struct
from pipeline.templating import BUILTIN

if TYPE_CHECKING:
    from pipeline.model import Dataset, Scene
    from pipeline.newsletter.schedule import Period
    from pipeline.settings import NewsletterSettings, Settings
    from pipeline.templating import Template


@struct
class Layout:
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
    news: NewsletterSettings,
    layout: Layout,
    number: int,
    period: Period,
    cycle: int,
    scenes: list[Scene],
) -> Issue:
    from pipeline.newsletter.message import build_eml  # the email package, only to make one

    """An issue from its scenes alone: no clock, so the same issue is the same bytes."""
    positions = {s.id: i for i, s in enumerate(dataset.scenes, 1)}
    subject = _subject(news, dataset, number, period, scenes)
    context = {
        "collection": dataset.collection,
        "issue": SimpleNamespace(number=number, period=period.label(), start=period.start),
        "scenes": [SimpleNamespace(**_fields(s), position=positions[s.id]) for s in scenes],
        "intro": news.intro,
        "sign_off": news.sign_off,
        "unsubscribe": news.unsubscribe,
        "web_url": page_url(news, number),
        "subject": subject,
        "width": layout.width,
    }
    text = _signature(templating.render(BUILTIN["newsletter"], layout.template, **context))
    html = _html(layout, context, web=False)
    hour, minute = map(int, news.send_time.split(":"))
    when = period.send_time(time(hour, minute), ZoneInfo(news.timezone))
    # The Message-ID derives from the issue, so a re-send is recognisable as the same message.
    message_id = f"scenes-issue-{number}.{period.start.isoformat().replace('-', '')}"
    return Issue(
        number=number,
        period=period.key,
        period_start=period.start.isoformat(),
        cycle=cycle,
        scene_ids=tuple(s.id for s in scenes),
        known_ids=tuple(s.id for s in dataset.scenes),
        subject=subject,
        text=text.encode("utf-8"),
        eml=build_eml(news, subject, text, html, message_id, when),
        state="created",
        headings=tuple(s.heading for s in scenes),
        page=_html(layout, context, web=True).encode("utf-8"),
    )


def page_url(news: NewsletterSettings, number: int) -> str | None:
    """Where an issue's web page is served, when the archive's address is known."""
    return f"{news.archive_url}{page_name(number)}" if news.archive_url else None


def page_name(number: int) -> str:
    return f"issue-{number:03d}.html"


def _html(layout: Layout, context: dict[str, object], *, web: bool) -> str:
    """The HTML template rendered, then its styles inlined by css-inline: many mail programs
    drop <style>, and inlining by hand is what goes wrong."""
    import css_inline

    html = templating.render(
        BUILTIN["newsletter-html"], layout.html_template, markup=True, web=web, **context
    )
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    return _without_blank_lines(inliner.inline(html))


def _without_blank_lines(html: str) -> str:
    """css-inline leaves a blank line where each <style> element was and serializes the end as
    '\n\n</body></html>' without a final newline: blank lines go (whitespace between these
    elements means nothing, and the letter has no <pre>) and the page ends with a newline."""
    if "<pre" in html or "pre-wrap" in html:  # a user's template where whitespace counts
        return html if html.endswith("\n") else html + "\n"
    return "".join(line for line in html.splitlines(keepends=True) if line.strip()).rstrip() + "\n"


def _signature(text: str) -> str:
    """Trailing spaces are trimmed from every line, but the signature separator is "-- " with
    its space (RFC 3676): mail programs then grey out or hide what follows."""
    return "\n".join("-- " if line == "--" else line for line in text.split("\n"))


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
