"""Rendering several formats at once, one forked process per core, every file still written by
the one process that holds the output folder.

Writers are pure (no file I/O, no clock, no global state) and Python runs one thread at a time,
so formats are spread over processes: after the dataset is loaded, the export forks a child per
extra core; each child renders its share and sends the bytes back through a pipe, and the
parent renders its own share meanwhile. Only the parent writes files, records the manifest and
reports, so atomic writes, crash points and messages are the same as in one process. At
100,000 scenes on two cores, `--format all` takes the time of its costliest half.

A child that fails to render a format sends the error in its place: the other formats are
written and the failure is reported, as without children. A child that dies (the OOM killer,
a signal) leaves its formats unwritten, each reported as a writer failure. Ctrl-C or SIGTERM
reaches the parent (or the whole process group): children are stopped and reaped before the
parent unwinds (a signal that comes while a child is being forked waits until it is listed),
and as they write nothing, they leave nothing behind. If the parent is killed outright, the
kernel ends the children too (Linux, PR_SET_PDEATHSIG; elsewhere a child ends at its next
write to the pipe).

Forking costs a few milliseconds and the children's first touches of the dataset copy its
pages, so small datasets (fewer than SPREAD_FROM scenes) stay in one process.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import IO, TYPE_CHECKING

from pipeline import interrupts
from pipeline.errors import Interrupted, PipelineError, WriterError

if TYPE_CHECKING:
    from pipeline.writers import Writer

SPREAD_FROM = 1000
"""Scenes from which formats are rendered in several processes."""
COST = {"docx": 7.5, "html": 4.5, "text": 1.7, "json": 0.6}
"""Seconds each built-in format takes to render 100,000 scenes, loading aside (bench/, 2026-12:
each format's export less a feed's; feeds are bounded: 0.1). A plugin
may declare its own `cost` (ClassVar[float], in the same unit); otherwise it counts as 1."""

SILENT_FOR = 600.0
"""Seconds a child may send nothing before it counts as stuck and is ended: ten times what the
costliest format takes at the largest dataset the reader accepts (about 130,000 scenes)."""

EXIT_WITHIN = 5.0
"""Seconds a child whose pipe closed has to exit before it is killed."""

Render = Callable[["Writer"], bytes]
Starting = Callable[["Writer", int], None]
"""Told of each format (and how many came before it) as its turn comes."""
Result = tuple["Writer", "bytes | WriterError"]


def jobs_available() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


def cost(writer: Writer) -> float:
    declared = getattr(writer, "cost", None)
    if isinstance(declared, int | float) and not isinstance(declared, bool) and declared >= 0:
        return float(declared)
    return COST.get(writer.name, 0.1 if writer.name in ("atom", "rss", "jsonfeed") else 1.0)


def plan(writers: Sequence[Writer], jobs: int) -> list[list[Writer]]:
    """At most `jobs` groups of about equal cost, the costliest format first in its group
    (longest processing time first); each group keeps the formats' own order. No more groups
    than it takes to finish when the costliest format does: a process beyond that would only
    copy the dataset's memory (`-j 8` renders in 2 processes: the DOCX takes as long as
    the other formats together)."""
    costs = [cost(w) for w in writers]
    useful = math.ceil(sum(costs) / max(costs)) if costs and max(costs) > 0 else 1
    groups: list[list[Writer]] = [[] for _ in range(max(1, min(jobs, len(writers), useful)))]
    loads = [0.0] * len(groups)
    for writer in sorted(writers, key=cost, reverse=True):
        lightest = loads.index(min(loads))
        groups[lightest].append(writer)
        loads[lightest] += cost(writer)
    order = {id(w): n for n, w in enumerate(writers)}
    return [sorted(group, key=lambda w: order[id(w)]) for group in groups if group]


def single_threaded() -> bool:
    """No thread but this one: only then is forking safe. A thread (a plugin's, started at its
    import) may hold a lock at the moment of the fork, and the child, which has no such thread,
    would wait for it forever; with threads, formats render in this process."""
    threading = sys.modules.get("threading")  # never imported: no thread was started from Python
    return threading is None or threading.active_count() == 1


def attempt(render: Render, writer: Writer) -> bytes | WriterError:
    """The bytes, or the error in their place (to be reported after the other formats)."""
    try:
        return render(writer)
    except WriterError as exc:
        return exc


def _attempt_anything(render: Render, writer: Writer) -> bytes | WriterError:
    """In a child, any error the user can cause is sent back as this format's failure."""
    try:
        return render(writer)
    except PipelineError as exc:
        return exc if isinstance(exc, WriterError) else WriterError(exc.render())


@contextlib.contextmanager
def rendered(
    writers: Sequence[Writer], render: Render, jobs: int, starting: Starting | None = None
) -> Iterator[Iterator[Result]]:
    """Each writer with its bytes (or its WriterError), this process's own share first. With
    `jobs` above 1 the other shares render in forked children meanwhile; leaving the block
    stops and reaps every child, whatever happened. `starting` is told of each format before
    it is rendered here or taken from its child."""
    forking = jobs > 1 and hasattr(os, "fork") and single_threaded()
    groups = (plan(writers, jobs) if forking else []) or [list(writers)]
    children: list[_Child] = []
    own = list(groups[-1])
    try:
        for group in groups[:-1]:  # the costliest shares go to the children
            try:
                with interrupts.deferred():  # a signal waits until the child is listed
                    children.append(_Child.start(group, render, [c.pipe for c in children]))
            except OSError:  # no process to be had (a pids limit, memory): render it here
                own = [w for w in writers if w in own or w in group]
        yield _results(own, render, children, starting or (lambda _writer, _done: None))
    finally:
        for child in children:
            child.stop()


def _results(
    own: list[Writer], render: Render, children: list[_Child], starting: Starting
) -> Iterator[Result]:
    done = 0
    for writer in own:
        starting(writer, done)
        yield writer, attempt(render, writer)
        done += 1
    for child in children:
        for result in child.results():
            starting(result[0], done)
            yield result
            done += 1


_OK, _FAILED = b"o", b"e"
_HEADER = 9  # kind, then the length of what follows (8 bytes, big-endian)


class _Child:
    def __init__(self, pid: int, pipe: IO[bytes], group: list[Writer]) -> None:
        self.pid, self.pipe, self.group = pid, pipe, group
        self.status: int | None = None
        self.silent = False  # ended for saying nothing for SILENT_FOR seconds

    @classmethod
    def start(cls, group: list[Writer], render: Render, others: list[IO[bytes]]) -> _Child:
        sys.stdout.flush()
        sys.stderr.flush()
        read_fd, write_fd = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            raise
        if pid == 0:  # the child: render, send, and leave without running the parent's code
            code = 1
            try:
                if hasattr(signal, "pthread_sigmask"):
                    held = {
                        signal.SIGINT,
                        signal.SIGTERM,
                        getattr(signal, "SIGHUP", signal.SIGTERM),
                    }
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
                _die_with(parent)
                os.close(read_fd)
                for pipe in others:  # the earlier children's pipes are the parent's alone
                    pipe.close()
                with os.fdopen(write_fd, "wb") as out:
                    for writer in group:
                        _send(out, _attempt_anything(render, writer))
                code = 0
            except KeyboardInterrupt:
                code = 130
            except Interrupted:
                code = 143
            except BaseException:  # a closed pipe: the parent is gone
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        return cls(pid, os.fdopen(read_fd, "rb"), group)

    def results(self) -> Iterator[Result]:
        for writer in self.group:
            result = self._receive(writer)
            if result is None:
                yield from ((w, self._died(w)) for w in self.group[self.group.index(writer) :])
                return
            yield writer, result

    def _receive(self, writer: Writer) -> bytes | WriterError | None:
        header = self._read(_HEADER)
        if len(header) != _HEADER:
            return None
        size = int.from_bytes(header[1:], "big")
        body = self._read(size)
        if len(body) != size:
            return None
        if header[:1] == _OK:
            return bytes(body)
        return WriterError(bytes(body).decode("utf-8", "replace"))

    def _read(self, size: int) -> bytearray:
        """Up to `size` bytes from the child (fewer if it ends), never waiting on it without a
        bound: a child silent for SILENT_FOR seconds is stuck, so it is ended (`_died` then
        says so)."""
        import select

        fd = self.pipe.fileno()
        data = bytearray()
        while len(data) < size:
            ready, _, _ = select.select([fd], [], [], SILENT_FOR)
            if not ready:
                self.silent = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                break
            chunk = os.read(fd, min(size - len(data), 1 << 24))
            if not chunk:
                break
            data += chunk
        return data

    def _died(self, writer: Writer) -> WriterError:
        self._reap()
        status = self.status or 0
        how = (
            f"stopped: it sent nothing for {SILENT_FOR:g} s"
            if self.silent
            else f"killed by signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exit status {os.waitstatus_to_exitcode(status)}"
        )
        return WriterError(f"writer {writer.name!r}: its process ended ({how}) before rendering it")

    def _reap(self) -> None:
        """Collect the child's status, never waiting on it without a bound: one whose pipe is
        closed has ended or is about to; one still there after EXIT_WITHIN seconds is killed."""
        import time

        deadline = time.monotonic() + EXIT_WITHIN
        while self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
            elif time.monotonic() > deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                _, self.status = os.waitpid(self.pid, 0)  # SIGKILL cannot be refused
            else:
                time.sleep(0.005)

    def stop(self) -> None:
        """End the child if it still runs (it writes nothing), and reap it."""
        self.pipe.close()
        if self.status is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                self._reap()


def _die_with(parent: int) -> None:
    """On Linux the kernel ends this child (SIGKILL) when the parent dies, so a killed export
    leaves nothing running; elsewhere the child ends at its next write to the pipe."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before that took effect
        os._exit(1)


def _send(out: IO[bytes], result: bytes | WriterError) -> None:
    body = result if isinstance(result, bytes) else result.render().encode("utf-8", "replace")
    kind = _OK if isinstance(result, bytes) else _FAILED
    out.write(kind + len(body).to_bytes(8, "big"))
    out.write(body)
    out.flush()
