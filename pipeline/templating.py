"""The Jinja environment and its filters, shared by the text export, the web page and the
newsletter.

Templates decide the layout; the filters do what templates are bad at: wrapping to a width
without trailing spaces, and numbers with units and a conversion for readers in miles. Jinja2
is imported on first use, so commands that render no template never pay for it. A markup
environment (the web page) escapes every value it prints, whatever its template's file name:
a user's `page.j2` is as safe as the built-in `scenes.html.j2`.

A user's templates shadow the built-in ones by name: `--template mine.txt.j2` replaces the
whole layout, and every file of a template folder (`[text] template_dir`) replaces the built-in
part of the same name, e.g. `_scene.txt.j2` alone. Any mistake in a template, found when it is
read or while it runs, is reported with the template's file and line.

A user's template may come from a folder others can write: it runs in the sandbox
(`pipeline.sandbox`), and so do the built-in parts beside it (as code compiled for the
sandbox). The built-in templates alone are our own code and run in the normal environment.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, MutableMapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import msgspec

from pipeline.errors import WriterError
from pipeline.filters import FILTERS, MARKUP_FILTERS, TESTS

if TYPE_CHECKING:
    import jinja2

BUILTIN = {
    "text": "scenes.txt.j2",
    "html": "scenes.html.j2",
    "newsletter": "newsletter.txt.j2",
    "newsletter-html": "newsletter.html.j2",
}
"""The layout of each templated output, by the name `scenes template NAME` knows it."""
PARTS = {"scene": "_scene.txt.j2", "html-scene": "_scene.html.j2", "html-style": "_page.css.j2"}
"""Parts the built-in layouts include; `[text] template_dir` may replace the text's by file
name (the page takes no template folder: only its own `--template` / `[html] template`)."""
BUILTIN_PREFIX = "built-in "
_TRAILING = re.compile(r"(?<![ \t])[ \t]+$", re.MULTILINE)
"""Spaces and tabs that end a line (matched from the start of each run only: linear)."""
TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The built-in templates (read as files: importlib.resources costs 10 ms of start-up)."""


class Template(msgspec.Struct, frozen=True):
    """A user's template: its name (the path it was read from, for messages) and its text."""

    name: str
    source: str

    @property
    def key(self) -> str:
        """The name templates include it by: its file name."""
        return self.name.replace("\\", "/").rsplit("/", 1)[-1]


def environment(
    user: Sequence[Template] = (), *, markup: bool = False, sandboxed: bool | None = None
) -> jinja2.Environment:
    """Jinja for plain text, or with `markup` for HTML and XML (every value is escaped unless
    a template marks it safe): the user's templates first (by file name), then the built-ins.
    With a user's template the environment is sandboxed (`pipeline.sandbox`; `sandboxed`
    decides instead when given): the built-ins alone are our own code, run unchecked."""
    import jinja2

    options: dict[str, Any] = {
        "loader": _loader_class()({template.key: template for template in user}, markup),
        # decided by the output, not by file names: a page escapes in every template it uses
        "autoescape": markup,
        "undefined": jinja2.StrictUndefined,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "auto_reload": False,  # templates do not change during a run: no stat() per include
    }
    filters = {**FILTERS, **MARKUP_FILTERS} if markup else FILTERS
    if sandboxed is None:
        sandboxed = bool(user)
    if sandboxed:
        from pipeline import sandbox

        env = sandbox.environment(filters, **options)
    else:
        env = jinja2.Environment(**options)
        env.filters.update(filters)
    env.tests.update(TESTS)
    return env


@functools.cache
def _loader_class() -> type[jinja2.BaseLoader]:
    """The loader: a user's template by file name (compiled from its source), else a built-in
    one, compiled ahead when its module matches the template (`pipeline.precompiled`)."""
    import jinja2

    class Loader(jinja2.BaseLoader):
        def __init__(self, own: dict[str, Template], markup: bool) -> None:
            self.own, self.markup = own, markup

        def get_source(self, environment: jinja2.Environment, name: str) -> tuple[str, str, Any]:
            if name in self.own:
                return self.own[name].source, self.own[name].name, lambda: True
            try:
                return builtin_source(name), BUILTIN_PREFIX + name, lambda: True
            except (FileNotFoundError, IsADirectoryError, OSError):
                raise jinja2.TemplateNotFound(name) from None

        def load(
            self,
            environment: jinja2.Environment,
            name: str,
            globals: MutableMapping[str, Any] | None = None,
        ) -> jinja2.Template:
            if name not in self.own:
                from pipeline import precompiled

                try:
                    source = builtin_source(name)
                except OSError:
                    raise jinja2.TemplateNotFound(name) from None
                made = precompiled.namespace(
                    name, self.markup, source, BUILTIN_PREFIX + name, _compiled_for(environment)
                )
                if made is not None:
                    return environment.template_class.from_module_dict(
                        environment, made, environment.make_globals(globals)
                    )
            return super().load(environment, name, globals)

    return Loader


def _compiled_for(env: jinja2.Environment) -> str:
    """What code compiled for `env` depends on beyond Jinja: '' for the normal environment."""
    if not env.sandboxed:
        return ""
    from pipeline.sandbox import SIGNATURE

    return SIGNATURE


def names() -> list[str]:
    """Every built-in template and part, by file name."""
    return sorted(p.name for p in TEMPLATES.iterdir() if p.name.endswith(".j2"))


def builtin_source(name: str) -> str:
    """The text of a built-in template or part, by file name."""
    if "/" in name or "\\" in name or name.startswith("."):
        raise FileNotFoundError(name)
    return (TEMPLATES / name).read_text("utf-8")


def render(
    builtin: str,
    main: Template | None,
    parts: Sequence[Template] = (),
    *,
    markup: bool = False,
    **context: Any,
) -> str:
    """Render the user's `main` template if given, else the built-in file `builtin`, with the
    user's `parts` shadowing built-in parts; no trailing spaces. `markup` (HTML) escapes every
    value printed, unless it is marked safe (markupsafe.Markup) by the writer. Every mistake
    (syntax, an undefined name, a filter given the wrong type, 1/0) becomes one line naming the
    template's file and line."""
    text = "".join(_rendered(builtin, main, parts, markup, context))
    _utf8(text, main.key if main is not None else builtin)  # what is rendered gets encoded
    return text


def render_bytes(
    builtin: str,
    main: Template | None,
    parts: Sequence[Template] = (),
    *,
    markup: bool = False,
    **context: Any,
) -> bytes:
    """`render`, encoded as UTF-8 piece by piece: a 100,000-scene page (140 MB) never exists
    as one str next to the millions of small strings Jinja makes it from."""
    import io

    name = main.key if main is not None else builtin
    out = io.BytesIO()  # its value is handed over without a copy (a join holds both)
    for piece in _rendered(builtin, main, parts, markup, context):
        out.write(_utf8(piece, name))
    return out.getvalue()


def _utf8(text: str, name: str) -> bytes:
    """`text` as UTF-8; a lone surrogate (which only a template can print, from a string
    literal like "\\ud800") is a template error naming the template."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = ord(exc.object[exc.start])
        raise WriterError(
            f"{name}: template error: the output holds U+{bad:04X}, a lone surrogate"
            " that UTF-8 cannot encode"
        ) from None


_BATCH = 4096
"""Template output pieces joined at a time before their lines are tidied."""


def _rendered(
    builtin: str,
    main: Template | None,
    parts: Sequence[Template],
    markup: bool,
    context: dict[str, Any],
) -> Iterator[str]:
    """The output in pieces of whole lines: trailing spaces gone, no blank lines at either
    end, one newline at the end. A no-break space (U+00A0) that ends a line is the text's own;
    lines end at LF (or a template's CRLF) only, so U+2028 or NEL in the data stay as they are."""
    import jinja2

    user = [*parts, *([main] if main is not None else [])]
    name = main.key if main is not None else builtin
    started = False  # a piece has been given: blank lines are no longer leading
    newlines = 0  # newlines held back: they are trailing unless more text follows
    try:
        for text in _lines(environment(user, markup=markup).get_template(name).generate(**context)):
            if not started:
                text = text.lstrip("\n")
            body = text.rstrip("\n")
            if body:
                yield "\n" * newlines + body
                started = True
                newlines = 0
            newlines += len(text) - len(body)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise WriterError(
            f"{where}:{exc.lineno}: template error: {_one_line(exc.message)}"
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise WriterError(f"{name}: template error: no template named {exc.name!r}") from None
    except Exception as exc:  # the template's own code failed: say where, in one line
        raise WriterError(_located(exc, name, {t.name for t in user})) from None
    yield "\n"


def _lines(pieces: Iterator[str]) -> Iterator[str]:
    """Jinja's output pieces, joined a batch at a time and tidied (no trailing spaces). The
    pieces are taken and joined by C code (`islice`, `str.join`), not one by one in a Python
    loop. A batch is passed on up to its last character that is not a space, tab or CR: what
    follows may yet end a line (and go), so it waits for the next batch. Long text without a
    newline (the page's structured data) streams through like the rest."""
    from itertools import islice

    held: list[str] = []  # blanks that a later newline may take away
    while chunk := list(islice(pieces, _BATCH)):  # (empty pieces may come _BATCH at a time)
        batch = "".join(chunk)
        cut = len(batch.rstrip(" \t\r"))
        if not cut:
            held.append(batch)
            continue
        text = "".join([*held, batch[:cut]]) if held else batch[:cut]
        held = [batch[cut:]]
        yield _tidy(text)
    yield _tidy("".join(held))


def _tidy(text: str) -> str:
    """`text` without CR before LF and without spaces or tabs at the end of a line."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        return _TRAILING.sub("", text)
    return text  # nothing to take off: no need to run the regex over every space


def _located(exc: Exception, fallback: str, user_files: set[str]) -> str:
    """'mine.txt.j2:7: template error: ZeroDivisionError: division by zero'."""
    where = fallback
    line: int | None = None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:  # the innermost frame that runs template code
        filename = tb.tb_frame.f_code.co_filename
        if filename in user_files or filename.startswith(BUILTIN_PREFIX):
            where, line = filename, tb.tb_lineno
        tb = tb.tb_next
    import jinja2

    reason = str(exc) if isinstance(exc, jinja2.TemplateError) else f"{type(exc).__name__}: {exc}"
    at = f"{where}:{line}" if line is not None else where
    return f"{at}: template error: {_one_line(reason)}"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
