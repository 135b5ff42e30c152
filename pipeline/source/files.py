"""A source file's bytes, within the size limit, with a message for every way reading fails."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import PipelineError, ValidationError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # about 130,000 scenes of the article's size


def read_bounded(
    path: str | Path, max_bytes: int, what: str, error: type[PipelineError] = PipelineError
) -> bytes:
    """A user-named file's bytes, never more than `max_bytes` read: `/dev/zero`, a FIFO that
    never ends or a huge file is refused, not read into memory. `error` (naming the file and
    `what` it should be) for everything that goes wrong."""
    try:
        with Path(path).open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, expected {what}") from None
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
        with Path(path).open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise ValidationError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise ValidationError(f"{shown}: is a directory, expected a YAML file") from None
    except OSError as exc:
        raise ValidationError(f"{shown}: cannot read: {exc.strerror}") from None
    if len(raw) > max_bytes:
        raise ValidationError(
            f"{shown}: larger than the limit of {max_bytes:,} bytes "
            "(raise limits.max_source_bytes in scenes.toml if this is intended)"
        )
    return raw
