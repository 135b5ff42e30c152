"""Run Python as on Windows, where `scenes` must work too: no `fcntl`, no `os.fork`, no
`signal.pthread_sigmask`. Loaded at start-up when this folder is on PYTHONPATH and
SCENES_AS_WINDOWS=1 (`.ci/run` runs the suite so; `tests/conftest.py` passes it on to every
`scenes` the tests start)."""

import os
import signal
import sys

if os.environ.get("SCENES_AS_WINDOWS") == "1":
    sys.modules["fcntl"] = None  # type: ignore[assignment]  (import fcntl: ImportError)
    for name in ("fork", "forkpty"):
        if hasattr(os, name):
            delattr(os, name)
    if hasattr(signal, "pthread_sigmask"):
        del signal.pthread_sigmask
