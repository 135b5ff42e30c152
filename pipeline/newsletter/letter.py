"""An issue's words: the context its templates get (see the comment at the top of
`scenes template newsletter`), its subject and preheader, and the text and HTML it becomes."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import msgspec

from pipeline import templating
from pipeline.errors import PipelineError
from pipeline.records import fields_of
from pipeline.templating import BUILTIN

if TYPE_CHECKING:
    from markupsafe import Markup

    from pipeline.model import Claim, Dataset, Scene
    from pipeline.newsletter.brand import Brand
    from pipeline.newsletter.schedule import Period
    from pipeline.settings import Settings
    from pipeline.templating import Template

PREVIEW_FILLER = "\u200c\u00a0" * 80
"""After the preheader: invisible characters, so an inbox's preview stops there instead of
running on into the letter ("Read this issue on the web…")."""


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


def context(
    dataset: Dataset,
    settings: Settings,
    brand: Brand,
    number: int,
    period: Period,
    scenes: list[Scene],
    web_url: str | None,
    corrections: Sequence[tuple[Scene, int]] = (),
) -> dict[str, Any]:
    """What the issue's templates get: the subject and preheader are rendered first, from
    their settings. `corrections`: corrected scenes an earlier issue featured, each with that
    issue's number."""
    from pipeline.writers import _links as links

    news = settings.newsletter
    positions = {s.id: i for i, s in enumerate(dataset.scenes, 1)}
    words = {
        "name": brand.name,
        "title": dataset.collection.title,
        "number": number,
        "period": period.label(),
        "headings": ", ".join(s.heading for s in scenes),
        "blurb": next((s.blurb for s in scenes if s.blurb), ""),
    }
    subject = _one_line(settings, "subject", news.subject, words)
    default_preheader = words["blurb"] or words["headings"]
    preheader = _one_line(settings, "preheader", news.preheader, words) if news.preheader else None
    return {
        "collection": dataset.collection,
        "name": brand.name,
        "publisher": brand.publisher,
        "article_url": brand.article_url,
        "issue": SimpleNamespace(number=number, period=period.label(), start=period.start),
        "scenes": [
            SimpleNamespace(
                **_fields(s),
                record=s,  # for the filters: `scene.record | blurb` cites titles of works
                position=positions[s.id],
                url=links.item_url(dataset, settings, s),
                numbers=numbers(s),
            )
            for s in scenes
        ],
        "corrections": [
            _correction(dataset, settings, s, featured_in, positions[s.id])
            for s, featured_in in corrections
        ],
        "intro": news.intro,
        "sign_off": news.sign_off,
        "unsubscribe": news.unsubscribe,
        "subscribe_url": news.subscribe_url,
        "postal_address": news.postal_address,
        "web_url": web_url,
        "subject": subject,
        "preheader": preheader or " ".join(default_preheader.split()),
    }


def _correction(
    dataset: Dataset, settings: Settings, scene: Scene, featured_in: int, position: int
) -> SimpleNamespace:
    """One line of the Corrections section: what it corrects, where readers saw it, what
    changed ('2. Rocky II (issue 1). Corrected November 25, 2026: …')."""
    from pipeline.wording import correction_label, correction_line
    from pipeline.writers import _links as links

    return SimpleNamespace(
        heading=scene.heading,
        position=position,
        url=links.item_url(dataset, settings, scene),
        issue=featured_in,
        label=correction_label(scene),
        correction=scene.correction,
        updated=scene.updated,
        line=correction_line(scene),
        record=scene,  # for the filters: `item.record | correction_text` cites titles
    )


def text(layout: Layout, values: dict[str, Any]) -> str:
    rendered = templating.render(
        BUILTIN["newsletter"], layout.template, width=layout.width, **values
    )
    return _signature(rendered)


def html(layout: Layout, values: dict[str, Any], *, web: bool) -> str:
    """The HTML template rendered. For the email, its styles are then inlined by css-inline
    (many mail programs drop <style>, and inlining by hand is what goes wrong); a web page
    keeps its style sheet, which the archive's navigation uses too."""
    page = templating.render(
        BUILTIN["newsletter-html"],
        layout.html_template,
        markup=True,
        web=web,
        credits=credits_markup,
        preview_filler=PREVIEW_FILLER,
        **values,
    )
    if not web:
        import css_inline

        inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
        page = inliner.inline(page)
    return _without_blank_lines(page)


def numbers(scene: Scene) -> list[str]:
    """The scene's numbers as the letter gives them, one paragraph each. A number the blurb
    already states (its published words are in it) is not told again: only its reality
    check is, when it has one."""
    from pipeline.reality import claim_sentence

    said = []
    for claim in scene.claims:
        if scene.blurb and claim.as_published in scene.blurb:
            check = _reality_check(claim)
            if check:
                said.append(check)
        else:
            said.append(claim_sentence(claim))
    return said


def _reality_check(claim: Claim) -> str:
    """'Reality check: 1,673 km/h (1,040 mph) is physically absurd. About 37 times Usain
    Bolt’s top speed (44.72 km/h, Berlin 2009), …', or '' for a claim without a verdict."""
    from pipeline.reality import reality_line
    from pipeline.wording import quantity

    check = reality_line(claim)  # a verdict, then its reason as a sentence of its own
    return f"Reality check: {quantity(claim)} is {check}" if check else ""


def credits_markup(scene: Scene) -> Markup:
    """The credits line with each film's titles in italics: '<i>Run Lola Run</i> (<i>Lola
    rennt</i>, 1998), with Franka Potente as Lola'."""
    from markupsafe import Markup

    from pipeline.wording import cast, credits

    if not scene.films:
        return Markup.escape(credits(scene))  # a compilation: no title to set in italics
    works = [
        Markup("<i>{}</i> ({}{})").format(
            film.title,
            Markup("<i>{}</i>, ").format(film.original_title) if film.original_title else "",
            film.year,
        )
        for film in scene.films
    ]
    shown = works[0] if len(works) == 1 else Markup(", ").join(works[:-1]) + " and " + works[-1]
    people = cast(scene.people)
    return shown + Markup(", with {}").format(people) if people else shown


def _one_line(settings: Settings, setting: str, source: str, words: dict[str, Any]) -> str:
    """A one-line template setting (subject, preheader) rendered, its white space collapsed,
    in the sandbox (a settings file is no licence to run code). A mistake in it, or a step
    the sandbox refuses, is located at its line of the settings file, like any template error."""
    import jinja2

    from pipeline import sandbox
    from pipeline.settings import located

    try:
        env = sandbox.environment(undefined=jinja2.StrictUndefined)
        return " ".join(env.from_string(source).render(**words).split())
    except jinja2.TemplateError as exc:
        reason = f"template error: {_said(str(exc))}"
    except Exception as exc:  # the template's own code failed (1/0, 1 + 'a'): say so, in one line
        reason = f"template error: {_said(f'{type(exc).__name__}: {exc}')}"
    raise PipelineError(located(settings, "newsletter", setting, message=reason))


def _said(text: str) -> str:
    return " ".join(text.split())


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
