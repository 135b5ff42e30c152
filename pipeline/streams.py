"""Writing to standard output and to open file descriptors: in full, or a clear error.

A short or failed write is never a silent success; a reader that went away (`| head`) is
ClosedPipe, which the command line turns into exit 141 and no message.
"""

from __future__ import annotations

import errno
import os

from pipeline.errors import ClosedPipe, OutputError


def write_stdout(data: bytes) -> None:
    """Write to standard output in full; a closed pipe raises ClosedPipe, a short or failed
    write OutputError: never a silent success."""
    import io
    import sys

    stream = sys.stdout
    if stream is None or getattr(stream, "discards", False):  # started with it closed (`>&-`)
        raise OutputError("standard output: closed, so the output cannot be written")
    try:
        stream.flush()
        fd = stream.fileno()
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        fd = -1  # a stream in memory (a test runner's capture): write to it as it is
    if fd < 0:
        try:
            stream.buffer.write(data)
            stream.buffer.flush()
        except BrokenPipeError:
            raise ClosedPipe("") from None
        return
    write_fd(fd, data, "standard output")


def write_fd(fd: int, data: bytes, name: str) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BrokenPipeError:
            raise ClosedPipe("") from None
        except OSError as exc:
            reason = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
            raise OutputError(f"{name}: write failed ({reason})") from None
        if written == 0:
            raise OutputError(f"{name}: write failed (nothing more could be written)")
        view = view[written:]
