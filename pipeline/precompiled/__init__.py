"""The built-in templates, compiled by Jinja ahead of time: code we ship, like any other module.

Compiling the page's templates takes about 9 ms and the text's 5 ms, a tenth of a small
export; a compiled template loads in a fraction of a millisecond. Each module here records the
SHA-256 of the template it was made from and the Jinja version that made it, and is used only
while both still match: a changed template, or another Jinja, is compiled from its source as
usual, so these files can be out of date without changing any output. A user's template is
always compiled from its source, per run (nothing user-writable is ever loaded as code).

Each template is compiled twice: for the normal environment, where the built-ins run alone,
and for the sandbox (`pipeline.sandbox`), where they run beside a user's template. Code
compiled for the sandbox routes every call and the operators it bounds through the sandbox's
checks; the normal code does not, so it is never loaded into a sandboxed environment (a user's
template could otherwise hand a built-in part something to call, or to multiply, unchecked).
A sandboxed module also records the sandbox it was compiled for (`SANDBOX`).

After changing a built-in template: `python -m pipeline.precompiled` (a test says when;
`build.py` makes the modules).
"""

from __future__ import annotations

import hashlib
import importlib
import re
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent


def module_name(name: str, markup: bool, sandboxed: bool = False) -> str:
    """`scenes.txt.j2`, plain -> `scenes_txt_plain` (`scenes_txt_plain_sandboxed`)."""
    stem = re.sub(r"[^A-Za-z0-9]", "_", name.removesuffix(".j2")).strip("_")
    return f"{stem}_{'markup' if markup else 'plain'}{'_sandboxed' if sandboxed else ''}"


def fingerprint(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def namespace(
    name: str, markup: bool, source: str, filename: str, sandbox: str = ""
) -> dict[str, Any] | None:
    """The compiled template's namespace, for `Template.from_module_dict`, if a module made
    from exactly `source` by the Jinja now installed is here (for the sandbox whose
    `SIGNATURE` is `sandbox`, or for the normal environment: ""); else None (compile the
    source).

    Each call gets its own namespace, its functions bound to it: Jinja stores the environment
    in the namespace it loads a template from, and two environments (a user's template folder
    in one, not in the other) must never share one."""
    import jinja2

    try:
        module = importlib.import_module(f"{__name__}.{module_name(name, markup, bool(sandbox))}")
    except ImportError:
        return None
    if getattr(module, "SOURCE_SHA256", None) != fingerprint(source):
        return None
    if getattr(module, "JINJA_VERSION", None) != jinja2.__version__:
        return None
    if getattr(module, "SANDBOX", "") != sandbox:
        return None
    return _own_copy(module, filename)


def _own_copy(module: ModuleType, filename: str) -> dict[str, Any]:
    fresh: dict[str, Any] = dict(module.__dict__)
    for key, value in module.__dict__.items():
        if isinstance(value, FunctionType) and value.__module__ == module.__name__:
            fresh[key] = FunctionType(
                value.__code__, fresh, value.__name__, value.__defaults__, value.__closure__
            )
    fresh["blocks"] = {block: fresh[f.__name__] for block, f in module.blocks.items()}
    fresh["__file__"] = filename  # as messages name a built-in template
    return fresh
