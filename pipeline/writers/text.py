"""Plain text for the body of an email newsletter, rendered through a replaceable Jinja2 template.

The template decides the layout; the filters below do what templates are bad at: wrapping to a
width without trailing spaces, and numbers with units and a conversion for readers in miles.
"""

from __future__ import annotations

from importlib import resources
from typing import Any, ClassVar

import jinja2

from pipeline.diagnostics import WriterError
from pipeline.model import Dataset
from pipeline.wording import claim_line, film_line, person_line, quantity
from pipeline.writers import Template, WriterOptions

DEFAULT_TEMPLATE = "scenes.txt.j2"


def wrap(text: str, width: int = 72, indent: str = "", first: str | None = None) -> str:
    """Wrap to `width` columns, greedily; URLs and long words are never broken; no trailing
    spaces. (textwrap does the same with these options, five times slower.)"""
    prefix = indent if first is None else first
    words = text.split()
    if len(prefix) + len(text) <= width and len(words) == text.count(" ") + 1:
        return (prefix + text).rstrip() if words else prefix.rstrip()  # fits as it is
    lines: list[str] = []
    line = prefix
    bare = True  # nothing after the prefix yet
    for word in words:
        if bare:
            line, bare = line + word, False
        elif len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = indent + word
    if not bare:
        lines.append(line)
    return "\n".join(lines)


def underline(text: str, char: str = "-") -> str:
    return char * len(text)


def environment(user_template: Template | None) -> jinja2.Environment:
    loader: jinja2.BaseLoader = jinja2.PackageLoader("pipeline", "templates")
    if user_template is not None:
        loader = jinja2.ChoiceLoader(
            [jinja2.DictLoader({user_template.name: user_template.source}), loader]
        )
    env = jinja2.Environment(
        loader=loader,
        autoescape=False,  # plain text: nothing is markup here
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a run: no stat() per include
    )
    env.filters.update(
        wrap=wrap,
        quantity=quantity,
        claim=claim_line,
        films=film_line,
        people=person_line,
        underline=underline,
    )
    return env


def default_template_source(name: str = DEFAULT_TEMPLATE) -> str:
    return resources.files("pipeline").joinpath("templates", name).read_text("utf-8")


def render_template(name: str, options: WriterOptions, **context: Any) -> str:
    """Render a text template, turning template mistakes into errors that name file and line."""
    user = options.template
    name = user.name if user is not None else name
    try:
        template = environment(user).get_template(name)
        text = template.render(width=options.settings.text.width, **context)
    except jinja2.TemplateSyntaxError as exc:
        raise WriterError(
            f"{exc.filename or exc.name or name}:{exc.lineno}: template error: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        raise WriterError(f"{name}: template error: {exc}") from None
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"


class TextWriter:
    name: ClassVar[str] = "text"
    extension: ClassVar[str] = ".txt"
    media_type: ClassVar[str] = "text/plain; charset=utf-8"

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        text = render_template(
            DEFAULT_TEMPLATE, options, collection=dataset.collection, scenes=dataset.scenes
        )
        return text.encode("utf-8")
