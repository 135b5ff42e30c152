"""A signal that arrives while an extension module initialises waits until it has."""

from __future__ import annotations

import subprocess
import sys

from conftest import scenes_env

SCRIPT = """
import signal, sys
from pipeline import interrupts
interrupts.install()
fired = []
def hook(event, args):  # SIGTERM exactly while orjson's initialisation imports dataclasses
    if event == "import" and args[0] == "dataclasses" and not fired:
        fired.append(True)
        signal.raise_signal(signal.SIGTERM)
sys.addaudithook(hook)
try:
    interrupts.import_orjson()
except BaseException as exc:
    print(type(exc).__name__, fired, "orjson" in sys.modules)
"""


def test_sigterm_during_orjson_s_import_is_an_interrupt_not_a_crash():
    """orjson's module initialisation crashes the interpreter (SIGSEGV, exit -11) when a
    signal handler's exception cuts into it; seen once in about 150 interrupted exports."""
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=scenes_env()
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["Interrupted", "[True]", "True"]
