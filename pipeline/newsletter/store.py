"""Opening the ledger: the lock that serialises runs, read-only opening for dry runs, schema
upgrades, and what SQLite's errors mean to the person reading the message."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import Busy, LedgerError
from pipeline.newsletter.ledger import SCHEMA, UPGRADES, VERSION, Ledger

WAIT_SECONDS = 30.0
"""How long a run waits for another one (the lock) or another program (SQLite's own lock)."""
LEDGER = "newsletter.db"
LOCK = "newsletter.lock"
# SQLite's primary result codes (sqlite3.h) that deserve their own message.
BUSY, LOCKED, CORRUPT, FULL, NOTADB = 5, 6, 11, 13, 26


@contextlib.contextmanager
def open_ledger(
    state_dir: Path, *, read_only: bool = False, wait_seconds: float | None = None
) -> Iterator[Ledger]:
    """The ledger, under an exclusive lock held until the block ends.

    A second run waits up to `wait_seconds` for the first, then sees what it did (and so makes
    no second issue); past that it raises Busy. `read_only` (dry runs, history) takes no lock,
    creates nothing, and works on a ledger the user may only read.
    """
    wait = WAIT_SECONDS if wait_seconds is None else wait_seconds
    path = state_dir / LEDGER
    if read_only:
        with _meaning(path):
            yield from _read_only(path, wait)
        return
    fresh = not state_dir.exists()
    try:
        with _locked(state_dir, wait), _meaning(path):
            created = not path.exists()
            connection = sqlite3.connect(path, timeout=wait, isolation_level="DEFERRED")
            try:
                _configure(connection)
                _migrate(connection, path)
                yield Ledger(connection)
            except BaseException:
                if created and _empty(connection):  # a refused first run leaves no ledger
                    connection.close()
                    ends = ("-journal", "-wal", "-shm")
                    _remove(path, *(path.with_name(path.name + end) for end in ends))
                raise
            finally:
                connection.close()
    finally:
        if fresh and not path.exists():  # nor a state folder it made
            _remove(state_dir / LOCK)
            with contextlib.suppress(OSError):
                state_dir.rmdir()


def _empty(connection: sqlite3.Connection) -> bool:
    """Whether the ledger records nothing (no issue): only then may it go with a failed run."""
    try:
        connection.rollback()
        return connection.execute("SELECT 1 FROM issues LIMIT 1").fetchone() is None
    except sqlite3.Error:
        return False


def _remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _read_only(path: Path, wait: float) -> Iterator[Ledger]:
    if not path.exists():
        yield Ledger(None)  # no ledger yet: as if empty, and still none afterwards
        return
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=wait)
    try:
        _configure(connection)
        _check_version(connection, path)
        has_issues = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'issues'"
        ).fetchone()
        yield Ledger(connection if has_issues else None)
    finally:
        connection.close()


def _configure(connection: sqlite3.Connection) -> None:
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = FULL")
    # A damaged page found now gives the "restore from a backup" message before anything is
    # done, rather than half-way through a run.
    verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
    if verdict != "ok":
        raise sqlite3.DatabaseError(verdict)


@contextlib.contextmanager
def _locked(state_dir: Path, wait: float) -> Iterator[None]:
    from pipeline import portable

    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        lock = portable.file_lock(state_dir / LOCK, wait=wait)
        lock.__enter__()
    except portable.Busy:
        raise Busy(f"{state_dir / LOCK}: another `scenes newsletter` is running") from None
    except OSError as exc:
        raise LedgerError(f"{state_dir}: cannot use the state folder: {exc.strerror}") from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def _check_version(connection: sqlite3.Connection, path: Path) -> int:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > VERSION:
        raise LedgerError(f"{path}: made by a newer scenes (ledger version {version})")
    return version


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    version = _check_version(connection, path)
    if version == VERSION:
        return
    with connection:
        if version == 0:
            connection.executescript(SCHEMA)
        for step in range(version or VERSION, VERSION):
            connection.executescript(UPGRADES[step])
        connection.execute(f"PRAGMA user_version = {VERSION}")
    path.chmod(0o600)  # it may hold subscriber-facing content and addresses


@contextlib.contextmanager
def _meaning(path: Path) -> Iterator[None]:
    """SQLite's errors as what they mean for the person reading the message."""
    try:
        yield
    except sqlite3.Error as exc:
        raise _explain(path, exc) from None


def _explain(path: Path, exc: sqlite3.Error) -> Exception:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code in (BUSY, LOCKED):
        return Busy(f"{path}: another program is using the ledger ({exc}); nothing was changed")
    if code == FULL:
        return LedgerError(
            f"{path}: the disk is full; nothing was recorded and the ledger is as it was. "
            "Free some space: the next run carries on"
        )
    # type() is: a bare DatabaseError without a code is `_configure`'s failed quick_check,
    # not one of its subclasses (a ProgrammingError is a bug, not a damaged file).
    if code in (CORRUPT, NOTADB) or (type(exc) is sqlite3.DatabaseError and not code):
        return LedgerError(
            f"{path}: the ledger is damaged ({exc}). Restore it from your latest backup while "
            f"no run is going (`cp newsletter-YYYY-MM-DD.db {path}`; see “The ledger” in "
            "docs/newsletter.md); `sqlite3 ... .recover` may save what a backup lacks"
        )
    return LedgerError(f"{path}: cannot use the ledger: {exc}")
