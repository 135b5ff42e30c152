"""A signal that arrives while an extension module initialises ends the command cleanly."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import scenes_env

SCRIPT = """
import signal, sys
class Interrupted(Exception):  # what pipeline.interrupts raises for SIGTERM
    pass
def stop(signum, frame):
    raise Interrupted
signal.signal(signal.SIGTERM, stop)
fired = []
def hook(event, args):  # SIGTERM exactly while msgspec's C module initialises
    if event == "import" and args[0] == sys.argv[1] and not fired:
        fired.append(True)
        signal.raise_signal(signal.SIGTERM)
sys.addaudithook(hook)
try:
    import msgspec
except BaseException as exc:
    print(type(exc).__name__, fired)
"""


@pytest.mark.parametrize("module", ["msgspec._core", "msgspec._utils", "msgspec.inspect"])
def test_sigterm_during_msgspec_s_import_is_an_interrupt_not_a_crash(module):
    """An extension module's initialisation that a signal handler's exception cuts into can
    crash the interpreter (orjson's did, SIGSEGV): msgspec's does not, wherever it is cut."""
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, module],
        capture_output=True,
        text=True,
        env=scenes_env(),
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["Interrupted", "[True]"]


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGHUP"), reason="no SIGHUP here")
def test_a_hangup_nohup_ignores_stays_ignored():
    """`nohup scenes newsletter --send` in a cron wrapper: the terminal closing must not stop
    it, so a SIGHUP its parent chose to ignore stays ignored."""
    code = (
        "import signal\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "from pipeline import interrupts\n"
        "interrupts.install()\n"
        "print(signal.getsignal(signal.SIGHUP) == signal.SIG_IGN)\n"
        "signal.signal(signal.SIGHUP, signal.SIG_DFL)\n"
        "interrupts.install()\n"
        "print(signal.getsignal(signal.SIGHUP) == signal.SIG_IGN)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=scenes_env(), check=True
    )
    assert run.stdout.split() == ["True", "False"]
