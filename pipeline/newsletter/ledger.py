"""The newsletter's send ledger: which issue featured which scenes, for which period, and
whether it was sent. SQLite (stdlib), one file in the state folder, guarded by a lock file.

Rules the schema enforces, whatever the code does: one issue per period, issue numbers unique,
a scene featured at most once per cycle, states limited to created -> sending -> sent.
An issue's text and .eml are stored with it, so what is re-written or sent later is exactly
what was made.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import Busy, LedgerError
from pipeline.faults import crash_point
from pipeline.struct import struct

SCHEMA = """
CREATE TABLE IF NOT EXISTS issues (
    number INTEGER PRIMARY KEY CHECK (number > 0),
    period TEXT NOT NULL UNIQUE,
    period_start TEXT NOT NULL,
    cycle INTEGER NOT NULL,
    scene_ids TEXT NOT NULL,
    known_ids TEXT NOT NULL,
    subject TEXT NOT NULL,
    text BLOB NOT NULL,
    eml BLOB NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('created', 'sending', 'sent')),
    created_at TEXT NOT NULL,
    sending_at TEXT,
    sent_at TEXT,
    sent_to TEXT
);
CREATE TABLE IF NOT EXISTS features (
    scene_id TEXT NOT NULL,
    cycle INTEGER NOT NULL,
    number INTEGER NOT NULL REFERENCES issues (number) ON DELETE CASCADE,
    PRIMARY KEY (scene_id, cycle)
);
"""
VERSION = 1


@struct
class Issue:
    number: int
    period: str
    period_start: str
    cycle: int
    scene_ids: tuple[str, ...]
    known_ids: tuple[str, ...]
    """Every scene id in the dataset when the issue was made: later ones are new."""
    subject: str
    text: bytes
    eml: bytes
    state: str
    created_at: str | None = None
    """Set by the ledger when the issue is recorded."""
    sending_at: str | None = None
    sent_at: str | None = None
    sent_to: str | None = None


def _now() -> str:
    """Ledger bookkeeping times (not issue content, which never depends on the clock)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    # -- reading ---------------------------------------------------------------------------
    def issues(self) -> list[Issue]:
        rows = self.db.execute("SELECT * FROM issues ORDER BY number").fetchall()
        return [_issue(row) for row in rows]

    def issue(self, number: int) -> Issue | None:
        row = self.db.execute("SELECT * FROM issues WHERE number = ?", (number,)).fetchone()
        return _issue(row) if row else None

    def by_period(self, period: str) -> Issue | None:
        row = self.db.execute("SELECT * FROM issues WHERE period = ?", (period,)).fetchone()
        return _issue(row) if row else None

    def latest(self) -> Issue | None:
        row = self.db.execute("SELECT * FROM issues ORDER BY number DESC LIMIT 1").fetchone()
        return _issue(row) if row else None

    def featured(self, cycle: int) -> set[str]:
        rows = self.db.execute("SELECT scene_id FROM features WHERE cycle = ?", (cycle,))
        return {r[0] for r in rows}

    def current_cycle(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(cycle), 1) FROM features").fetchone()[0])

    # -- writing (each call is one transaction) --------------------------------------------
    def add(self, issue: Issue) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO issues (number, period, period_start, cycle, scene_ids, known_ids, "
                "subject, text, eml, state, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'created', ?)",
                (
                    issue.number,
                    issue.period,
                    issue.period_start,
                    issue.cycle,
                    json.dumps(list(issue.scene_ids)),
                    json.dumps(list(issue.known_ids)),
                    issue.subject,
                    issue.text,
                    issue.eml,
                    _now(),
                ),
            )
            self.db.executemany(
                "INSERT INTO features (scene_id, cycle, number) VALUES (?, ?, ?)",
                [(scene_id, issue.cycle, issue.number) for scene_id in issue.scene_ids],
            )
            crash_point("before-commit")

    def set_state(
        self, number: int, state: str, *, expect: str, sent_to: str | None = None
    ) -> None:
        column = {"sending": "sending_at", "sent": "sent_at", "created": "sending_at"}[state]
        stamp = None if state == "created" else _now()
        with self.db:
            changed = self.db.execute(
                f"UPDATE issues SET state = ?, {column} = ?, sent_to = COALESCE(?, sent_to) "
                "WHERE number = ? AND state = ?",
                (state, stamp, sent_to, number, expect),
            ).rowcount
        if changed != 1:
            raise LedgerError(f"issue {number} is not in state {expect!r}; nothing changed")

    def discard(self, number: int) -> Issue:
        issue = self.issue(number)
        if issue is None:
            raise LedgerError(f"there is no issue {number}")
        if issue.state != "created":
            raise LedgerError(
                f"issue {number} is {issue.state}: only an unsent issue can be discarded"
            )
        latest = self.latest()
        if latest is not None and latest.number != number:
            raise LedgerError(
                f"issue {number} is not the latest (#{latest.number}); discard from the latest down"
            )
        with self.db:
            self.db.execute("DELETE FROM features WHERE number = ?", (number,))
            self.db.execute("DELETE FROM issues WHERE number = ?", (number,))
        return issue


def _issue(row: sqlite3.Row) -> Issue:
    data = dict(row)
    data["scene_ids"] = tuple(json.loads(data["scene_ids"]))
    data["known_ids"] = tuple(json.loads(data["known_ids"]))
    return Issue(**data)


@contextlib.contextmanager
def open_ledger(state_dir: Path, wait_seconds: float = 30.0) -> Iterator[Ledger]:
    """The ledger, under an exclusive lock held until the block ends.

    A second run waits up to `wait_seconds` for the first, then sees what it did (and so makes
    no second issue); past that it raises Busy.
    """
    try:
        state_dir.mkdir(parents=True, exist_ok=True)
        lock = (state_dir / "newsletter.lock").open("a")
    except OSError as exc:
        raise LedgerError(f"{state_dir}: cannot use the state folder: {exc.strerror}") from None
    with lock:
        _acquire(lock, state_dir, wait_seconds)
        path = state_dir / "newsletter.db"
        try:
            connection = sqlite3.connect(path, isolation_level="DEFERRED")
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA synchronous = FULL")
            _migrate(connection, path)
        except sqlite3.DatabaseError as exc:
            raise LedgerError(f"{path}: not a usable ledger: {exc}") from None
        try:
            yield Ledger(connection)
        finally:
            connection.close()


def _acquire(lock: object, state_dir: Path, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # type: ignore[attr-defined]
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                raise Busy(
                    f"{state_dir / 'newsletter.lock'}: another `scenes newsletter` is running"
                ) from None
            time.sleep(0.05)


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > VERSION:
        raise LedgerError(f"{path}: made by a newer scenes (ledger version {version})")
    with connection:
        connection.executescript(SCHEMA)
        connection.execute(f"PRAGMA user_version = {VERSION}")
    path.chmod(0o600)  # it may hold subscriber-facing content and addresses
