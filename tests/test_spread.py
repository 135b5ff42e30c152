"""Formats rendered in forked processes: the same files as one process, failures reported
per format, and no child outlives its export."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from conftest import needs_fork

import pipeline
from pipeline import spread
from pipeline.errors import OutputError, WriterError
from pipeline.writers import discover


@pytest.fixture
def spread_always(monkeypatch):
    """Spread even the article's 13 scenes (a large dataset takes too long for a unit test)."""
    monkeypatch.setattr(spread, "SPREAD_FROM", 1)


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


class Plugin:
    extension = ".out"
    media_type = "text/plain"

    def __init__(self, name, render):
        self.name = name
        self._render = render

    def render(self, dataset, options):
        return self._render()


def registry_with(*writers):
    registry = discover()
    for writer in writers:
        registry.add(writer)
    return registry


@pytest.mark.parametrize("jobs", [2, 3, 8])
def test_spread_writes_exactly_what_one_process_writes(dataset, tmp_path, spread_always, jobs):
    alone = pipeline.export(dataset, ["all"], tmp_path / "alone", jobs=1)
    spread_out = pipeline.export(dataset, ["all"], tmp_path / "spread", jobs=jobs)
    assert files(tmp_path / "alone") == files(tmp_path / "spread")
    assert [w.format for w in spread_out] == [w.format for w in alone]  # reported in order
    again = pipeline.export(dataset, ["all"], tmp_path / "spread", jobs=jobs)
    assert not any(w.changed for w in again)  # the manifest was recorded for every format


def test_no_more_processes_than_finish_with_the_costliest_format():
    """Seven formats and eight jobs: two processes, as fast as seven (the DOCX alone takes
    as long as the rest together), with a fraction of the memory copied."""
    every = [discover().get(name) for name in discover().expand(["all"])]
    groups = spread.plan(every, 8)
    assert len(groups) == 2
    assert [w.name for w in groups[0]] == ["docx"]
    slowest = max(sum(spread.cost(w) for w in group) for group in groups)
    assert slowest == spread.cost(discover().get("docx"))


def test_the_plan_balances_cost_and_keeps_each_group_in_order():
    registry = discover()
    writers = [registry.get(n) for n in registry.expand(["all"])]
    groups = spread.plan(writers, 2)
    assert sorted(w.name for g in groups for w in g) == sorted(w.name for w in writers)
    loads = [sum(spread.cost(w) for w in g) for g in groups]
    assert max(loads) - min(loads) <= max(spread.COST.values()) / 2
    assert {"docx", "html"} not in [{w.name for w in g} & {"docx", "html"} for g in groups]
    for group in groups:
        assert group == sorted(group, key=writers.index)
    assert len(spread.plan(writers, 64)) == 2  # no more than finish with the DOCX
    assert spread.plan(writers, 1) == [writers]


@needs_fork
def test_a_failure_in_a_child_is_that_format_s_alone(dataset, tmp_path, spread_always):
    def boom():
        raise RuntimeError(f"boom in {os.getpid()}")

    registry = registry_with(Plugin("boom", boom))
    registry.get("boom").cost = 100  # alone in a child (the costliest share)
    with pytest.raises(WriterError) as caught:
        pipeline.export(dataset, ["all"], tmp_path, registry=registry, jobs=2)
    message = str(caught.value)
    assert "writer 'boom' failed: RuntimeError: boom in " in message
    assert f"boom in {os.getpid()}" not in message  # it failed in a child
    assert "(written: atom, docx, html, json, jsonfeed, rss, text)" in message
    assert not (tmp_path / "scenes.out").exists()


@needs_fork
@pytest.mark.parametrize(
    ("end", "how"),
    [
        (lambda: os.kill(os.getpid(), signal.SIGKILL), "killed by signal 9"),
        (lambda: os._exit(7), "exit status 7"),
    ],
)
def test_a_child_that_dies_leaves_its_formats_unwritten_and_said(
    dataset, tmp_path, spread_always, end, how
):
    registry = registry_with(Plugin("dies", end))
    registry.get("dies").cost = 100
    with pytest.raises(WriterError) as caught:
        pipeline.export(dataset, ["all"], tmp_path, registry=registry, jobs=2)
    assert f"writer 'dies': its process ended ({how}) before rendering it" in str(caught.value)
    assert (tmp_path / "scenes.json").exists() and not (tmp_path / "scenes.out").exists()


@needs_fork
def test_leaving_early_stops_and_reaps_every_child(dataset):
    """Ctrl-C in the parent while children render: they are ended and reaped (no zombie, no
    orphan still rendering)."""
    writers = [Plugin(f"slow{n}", lambda: time.sleep(60) or b"") for n in range(3)]
    children = []
    with (
        pytest.raises(KeyboardInterrupt),
        spread.rendered(writers, lambda w: w.render(dataset, None), 3) as results,
    ):
        children = list(_child_pids())
        raise KeyboardInterrupt
    assert len(children) == 2
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    del results


def _child_pids():
    path = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if not path.exists():
        pytest.skip("no /proc children list here")
    return [int(pid) for pid in path.read_text().split()]


def test_small_datasets_and_one_job_stay_in_one_process(dataset, tmp_path, monkeypatch):
    forks = []
    monkeypatch.setattr(spread._Child, "start", lambda *a: forks.append(a))
    pipeline.export(dataset, ["all"], tmp_path / "a")  # 13 scenes: below SPREAD_FROM
    monkeypatch.setattr(spread, "SPREAD_FROM", 1)
    pipeline.export(dataset, ["all"], tmp_path / "b", jobs=1)
    pipeline.export(dataset, ["all"], tmp_path / "c")  # the library forks only when asked
    assert forks == []


@pytest.mark.skipif(spread.jobs_available() < 2, reason="one core: nothing to spread over")
@needs_fork
def test_the_command_line_spreads_over_the_cores_unless_told(invoke, monkeypatch):
    starts = []
    real = spread._Child.start
    monkeypatch.setattr(spread, "SPREAD_FROM", 1)
    monkeypatch.setattr(
        spread._Child, "start", lambda *a: starts.append(a) or real(*a), raising=True
    )
    assert invoke("export", "-f", "all", "--out", "a").exit_code == 0
    every = [discover().get(name) for name in discover().expand(["all"])]
    assert len(starts) == len(spread.plan(every, spread.jobs_available())) - 1
    starts.clear()
    assert invoke("export", "-f", "all", "--out", "b", "--jobs", "1").exit_code == 0
    assert starts == []


@needs_fork
def test_fork_failing_falls_back_to_one_process(dataset, tmp_path, spread_always, monkeypatch):
    """A pids limit (EAGAIN) or no memory for a child: every format is rendered here instead."""
    import errno

    def refused():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    written = pipeline.export(dataset, ["all"], tmp_path / "alone", jobs=4)
    assert [w.format for w in written] == discover().expand(["all"])
    assert files(tmp_path / "alone") == files_of_one_process(dataset, tmp_path)


def files_of_one_process(dataset, tmp_path):
    pipeline.export(dataset, ["all"], tmp_path / "one", jobs=1)
    return files(tmp_path / "one")


@needs_fork
def test_a_child_that_goes_silent_is_ended_not_waited_for(
    dataset, tmp_path, spread_always, monkeypatch
):
    """A child stuck (here: reading a pipe nobody writes) is ended after SILENT_FOR and its
    format reported unwritten: the export never hangs on it."""
    monkeypatch.setattr(spread, "SILENT_FOR", 0.2)
    parent = os.getpid()
    never_read, never_written = os.pipe()

    def stuck():
        if os.getpid() != parent:
            os.read(never_read, 1)  # blocks for ever: nobody writes
        return b"here"

    registry = registry_with(Plugin("stuck", stuck))
    registry.get("stuck").cost = 100
    try:
        with pytest.raises(WriterError) as caught:
            pipeline.export(dataset, ["all"], tmp_path, registry=registry, jobs=2)
    finally:
        os.close(never_read)
        os.close(never_written)
    assert "writer 'stuck': its process ended (stopped: it sent nothing for 0.2 s)" in str(
        caught.value
    )
    assert (tmp_path / "scenes.json").exists() and not (tmp_path / "scenes.out").exists()


@needs_fork
def test_a_plugin_thread_holding_a_lock_never_hangs_the_export(tmp_path):
    """A plugin that starts a thread at import, holding a lock its writer takes: forking then
    would copy the lock held, with no thread left in the child to release it. The export
    renders in one process instead, and finishes."""
    import subprocess
    import sys

    from conftest import SOURCE, scenes_env

    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "scenes.yaml").write_bytes(SOURCE.read_bytes())
    script = (
        "import threading, sys\n"
        "from pipeline import spread\n"
        "spread.SPREAD_FROM = 1\n"
        "lock = threading.Lock()\n"
        "held, done = threading.Event(), threading.Event()\n"
        "def hold():\n"
        "    with lock:\n"
        "        held.set()\n"
        "        done.wait(30)\n"
        "threading.Thread(target=hold, daemon=True).start()\n"
        "held.wait()\n"
        "class Locked:\n"
        "    name, extension, media_type, cost = 'locked', '.out', 'text/plain', 100\n"
        "    def render(self, dataset, options):\n"
        "        with lock:\n"
        "            return b'rendered'\n"
        "import pipeline\n"
        "from pipeline.writers import discover\n"
        "registry = discover()\n"
        "registry.add(Locked())\n"
        "dataset = pipeline.load('source/scenes.yaml')\n"
        "threading.Timer(0.5, done.set).start()  # the thread lets go, in this process only\n"
        "pipeline.export(dataset, ['json', 'locked'], 'out', registry=registry, jobs=2)\n"
        "print(open('out/scenes.out').read())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=scenes_env(),
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"rendered\n"


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_a_file_that_cannot_be_written_is_that_format_s_alone(
    dataset, tmp_path, spread_always, jobs
):
    """One output that cannot be written (a folder stands in its place) fails that format
    only: every other file is written, whatever order the processes finish in, and the error
    says what was written."""
    out = tmp_path / "out"
    (out / "scenes.json").mkdir(parents=True)
    with pytest.raises(OutputError) as caught:
        pipeline.export(dataset, ["all"], out, jobs=jobs)
    message = str(caught.value)
    assert "scenes.json: not written" in message
    assert message.endswith("(written: atom, docx, html, jsonfeed, rss, text)")
    assert sorted(p.name for p in out.iterdir() if p.is_file() and p.name[0] != ".") == [
        "scenes.atom.xml",
        "scenes.docx",
        "scenes.feed.json",
        "scenes.html",
        "scenes.rss.xml",
        "scenes.txt",
    ]
    (out / "scenes.json").rmdir()
    again = pipeline.export(dataset, ["all"], out, jobs=jobs)
    assert [w.format for w in again if w.changed] == ["json"]  # the others were recorded
