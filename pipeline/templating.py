"""The Jinja environment and its filters, shared by the text export and the newsletter.

Templates decide the layout; the filters do what templates are bad at: wrapping to a width
without trailing spaces, and numbers with units and a conversion for readers in miles. Jinja2
is imported on first use, so commands that render no template never pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from pipeline.errors import WriterError
from pipeline.wording import claim_line, claim_sentence, credits, film_line, person_line, quantity

if TYPE_CHECKING:
    import jinja2

BUILTIN = {
    "text": "scenes.txt.j2",
    "newsletter": "newsletter.txt.j2",
    "newsletter-html": "newsletter.html.j2",
}
"""Each built-in template by the name `scenes template NAME` prints."""
PARTS = {"scene": "_scene.txt.j2"}
"""Parts the built-in templates include, which a user's template may include too."""


@dataclass(frozen=True)
class Template:
    """A user's template: its name (for error messages) and its source text."""

    name: str
    source: str


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


def unbroken(text: str) -> str:
    """A number and the word after it joined by a no-break space, so a narrow screen never
    leaves "1,673" at the end of one line and "km/h" at the start of the next."""
    import re

    return re.sub(r"(?<=\d) (?=\S)", "\u00a0", text)


FILTERS = {
    "wrap": wrap,
    "quantity": quantity,
    "claim": claim_line,
    "films": film_line,
    "people": person_line,
    "underline": underline,
    "credits": credits,
    "sentence": claim_sentence,
    "unbroken": unbroken,
}


def environment(
    user_template: Template | None = None, *, markup: bool = False
) -> jinja2.Environment:
    """The environment for plain text, or with `markup` for HTML and XML (every value is
    escaped unless a template marks it safe)."""
    import jinja2

    loader: jinja2.BaseLoader = jinja2.PackageLoader("pipeline", "templates")
    if user_template is not None:
        loader = jinja2.ChoiceLoader(
            [jinja2.DictLoader({user_template.name: user_template.source}), loader]
        )
    env = jinja2.Environment(
        loader=loader,
        autoescape=markup,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates do not change during a run: no stat() per include
    )
    env.filters.update(FILTERS)
    return env


def builtin_source(name: str) -> str:
    """The text of a built-in template or part, by file name."""
    return resources.files("pipeline").joinpath("templates", name).read_text("utf-8")


def render(
    builtin: str, user_template: Template | None, *, markup: bool = False, **context: Any
) -> str:
    """Render `user_template` if given, else the built-in file `builtin`, with no trailing
    spaces; template mistakes become errors naming the template's file and line."""
    import jinja2

    name = user_template.name if user_template is not None else builtin
    try:
        template = environment(user_template, markup=markup).get_template(name)
        text = template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise WriterError(f"{where}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise WriterError(f"{name}: template error: {exc}") from None
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n") + "\n"
