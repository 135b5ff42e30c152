"""Making the compiled modules of `pipeline.precompiled` from the built-in templates
(`python -m pipeline.precompiled`). Apart from the loader, which never imports the templating
it serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.precompiled import HERE, fingerprint, module_name

if TYPE_CHECKING:
    import jinja2


def compiled(env: jinja2.Environment, name: str, source: str, filename: str) -> str:
    """The module text for one template: its fingerprints, then Jinja's own compiled code."""
    import jinja2

    code = env.compile(source, name, filename, raw=True, defer_init=True)
    header = (
        f'"""{name}, compiled by Jinja {jinja2.__version__} (python -m pipeline.precompiled)."""\n'
        f"# ruff: noqa\n"
        f"SOURCE_SHA256 = {fingerprint(source)!r}\n"
        f"JINJA_VERSION = {jinja2.__version__!r}\n"
    )
    if env.sandboxed:
        from pipeline.sandbox import SIGNATURE

        header += f"SANDBOX = {SIGNATURE!r}\n"
    return header + code + "\n"


def expected() -> dict[str, str]:
    """Every module this folder should hold, by file name, as the templates are now."""
    from pipeline.templating import BUILTIN_PREFIX, builtin_source, environment, names

    files: dict[str, str] = {}
    for name in names():
        markup = not name.endswith(".txt.j2")  # the way each is used: text, or markup
        for sandboxed in (False, True):
            env = environment(markup=markup, sandboxed=sandboxed)
            text = compiled(env, name, builtin_source(name), BUILTIN_PREFIX + name)
            files[f"{module_name(name, markup, sandboxed)}.py"] = text
    return files


def main(argv: Any = None) -> None:
    """Write the compiled modules, and remove any no template needs."""
    wanted = expected()
    made = ("_plain.py", "_markup.py", "_sandboxed.py")
    for path in HERE.glob("*_*.py"):
        if path.name.endswith(made) and path.name not in wanted:
            path.unlink()
    for filename, text in wanted.items():
        (HERE / filename).write_text(text, encoding="utf-8")
    print(f"{len(wanted)} compiled templates in {HERE}")
