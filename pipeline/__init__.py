"""scenes: one canonical dataset of movie running scenes, validated and exported by writers.

    >>> import pipeline
    >>> dataset = pipeline.load("source/scenes.yaml")
    >>> pipeline.export(dataset, ["json", "text"], "outputs")

Names are imported on first use, so `import pipeline` stays cheap.
"""

from __future__ import annotations

import datetime  # noqa: F401  (before msgspec, always: see below)
import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

# msgspec's C module fetches the datetime C API as it initialises and does not check that it
# got it: a signal's exception raised while that import of `datetime` runs is swallowed, the
# API stays NULL, and the first time is decoded (seen: SIGSEGV in one of a hundred interrupted
# exports). With `datetime` imported first, msgspec finds it loaded and runs no Python code
# there; the command also imports msgspec with signals deferred (`_import_msgspec`).


def _import_msgspec() -> None:
    """msgspec, without the typing_extensions it uses only when present (for typing features
    Python 3.11 has itself): that import brings `inspect` and costs 6 ms of CPU, a tenth of a
    small export. Once msgspec is in, typing_extensions imports as usual (pydantic's). The
    command calls this once its signal handlers are in (`pipeline.__main__`); a program
    importing the library gets msgspec as its modules ask for it."""
    from pipeline.interrupts import deferred

    if "msgspec" in sys.modules or "typing_extensions" in sys.modules:
        return
    with deferred():  # see above: a signal while msgspec initialises waits until it has
        sys.modules["typing_extensions"] = None  # type: ignore[assignment]
        try:
            import msgspec  # noqa: F401
        finally:
            del sys.modules["typing_extensions"]


from pipeline.errors import Diagnostic, PipelineError, ValidationError, WriterError  # noqa: E402

if TYPE_CHECKING:
    from pipeline.api import Written, dataset_from, export, export_one, load, render
    from pipeline.model import Claim, Collection, Dataset, Film, Person, Scene
    from pipeline.settings import Settings, load_settings
    from pipeline.writers import Writer, WriterOptions

_LAZY = {
    "load": "pipeline.api",
    "dataset_from": "pipeline.api",
    "render": "pipeline.api",
    "export": "pipeline.api",
    "export_one": "pipeline.api",
    "Written": "pipeline.api",
    "Dataset": "pipeline.model",
    "Scene": "pipeline.model",
    "Collection": "pipeline.model",
    "Film": "pipeline.model",
    "Person": "pipeline.model",
    "Claim": "pipeline.model",
    "Settings": "pipeline.settings",
    "load_settings": "pipeline.settings",
    "Writer": "pipeline.writers",
    "WriterOptions": "pipeline.writers",
}

__all__ = [
    "Claim",
    "Collection",
    "Dataset",
    "Diagnostic",
    "Film",
    "Person",
    "PipelineError",
    "Scene",
    "Settings",
    "ValidationError",
    "Writer",
    "WriterError",
    "WriterOptions",
    "Written",
    "dataset_from",
    "export",
    "export_one",
    "load",
    "load_settings",
    "render",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
