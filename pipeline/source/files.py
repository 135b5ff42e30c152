"""A source file's bytes, within the size limit, with a message for every way reading fails."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ValidationError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # about 130,000 scenes of the article's size


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
