"""A user-named file's bytes, within the size limit, with a message for every way reading fails.

Every file a user names (the dataset, the settings, a template, a reference document, a
document to review, the record of published ids) is read here, by `read_at_most`: opened
without blocking, then looked at before anything is read. A FIFO with no writer would
otherwise hold the command forever (opening one waits for a writer), and a terminal would wait
for typing: both are refused in one line, as a socket is; `/dev/zero` is read no further than
the limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from pipeline import portable
from pipeline.errors import PipelineError, ValidationError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # about 130,000 scenes of the article's size


class NotAFile(OSError):
    """A path naming something that is read by waiting (a FIFO, a socket, a terminal), not a
    file; `kind` says which, as a message puts it ("a named pipe (FIFO)")."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"is {kind}, not a file")
        self.kind = kind


def read_at_most(path: str | Path, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of the file at `path` (one more than allowed tells the
    caller it is too large). Opened without blocking (O_NONBLOCK where it exists) and checked
    before any read: NotAFile for a FIFO, a socket or a terminal, IsADirectoryError for a
    folder, and any other OSError as opening or reading raises it."""
    flags = os.O_RDONLY | portable.NON_BLOCK | portable.NO_TTY | portable.BINARY
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and _is_socket(path):  # POSIX opens no socket by its path
            raise NotAFile("a socket") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        kind = _waited_on(fd, mode)
        if kind:
            raise NotAFile(kind)
        parts, left = [], max_bytes + 1
        while left > 0:  # a regular file comes in one read; a device may give less each time
            part = os.read(fd, left)
            if not part:
                break
            parts.append(part)
            left -= len(part)
        return b"".join(parts)
    finally:
        os.close(fd)


def _is_socket(path: str | Path) -> bool:
    try:
        return stat.S_ISSOCK(Path(path).stat().st_mode)
    except OSError:
        return False


def _waited_on(fd: int, mode: int) -> str:
    """What reading `fd` would wait on, as a message names it; '' for a file or a device
    such as /dev/zero or /dev/null, which never waits."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) and os.isatty(fd):
        return "a terminal"
    return ""


def read_bounded(
    path: str | Path, max_bytes: int, what: str, error: type[PipelineError] = PipelineError
) -> bytes:
    """A user-named file's bytes, never more than `max_bytes` read: `/dev/zero`, a FIFO or a
    huge file is refused, not read into memory. `error` (naming the file and `what` it should
    be) for everything that goes wrong."""
    try:
        raw = read_at_most(path, max_bytes)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, expected {what}") from None
    except NotAFile as exc:
        raise error(f"{path}: is {exc.kind}, expected {what}") from None
    except OSError as exc:
        raise error(f"{path}: cannot read {what}: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise error(f"{path}: larger than {_size(max_bytes)}; not {what}")
    return raw


def _size(count: int) -> str:
    return f"{count // 2**20} MiB" if count >= 2**20 else f"{count // 2**10} KiB"


def read_bytes(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes; ValidationError (naming the file) when it cannot be read or is
    larger than `max_bytes`."""
    shown = str(path)
    try:
        raw = read_at_most(path, max_bytes)
    except FileNotFoundError:
        raise ValidationError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise ValidationError(f"{shown}: is a directory, expected a YAML file") from None
    except NotAFile as exc:
        raise ValidationError(f"{shown}: is {exc.kind}, expected a YAML file") from None
    except OSError as exc:
        raise ValidationError(f"{shown}: cannot read: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise ValidationError(
            f"{shown}: larger than the limit of {max_bytes:,} bytes "
            "(raise limits.max_source_bytes in scenes.toml if this is intended)"
        )
    return raw
