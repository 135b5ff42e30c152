"""The newsletter's send ledger: which issue featured which scenes, for which period, and
whether it was sent. SQLite (stdlib), one file in the state folder; `store` opens it.

Rules the schema enforces, whatever the code does: one issue per period, issue numbers unique,
a scene featured at most once per cycle, a correction carried by one issue only, states limited
to created -> sending -> sent.
An issue's text, .eml and web page are stored with it, so what is re-written, published or
sent later is exactly what was made.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

import msgspec

from pipeline.errors import LedgerError
from pipeline.faults import crash_point

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
    sent_to TEXT,
    headings TEXT,
    page BLOB
);
CREATE TABLE IF NOT EXISTS features (
    scene_id TEXT NOT NULL,
    cycle INTEGER NOT NULL,
    number INTEGER NOT NULL REFERENCES issues (number) ON DELETE CASCADE,
    PRIMARY KEY (scene_id, cycle)
);
CREATE TABLE IF NOT EXISTS corrections (
    scene_id TEXT NOT NULL,
    updated TEXT NOT NULL,
    number INTEGER NOT NULL REFERENCES issues (number) ON DELETE CASCADE,
    PRIMARY KEY (scene_id, updated)
);
"""
_CORRECTIONS = SCHEMA[SCHEMA.index("CREATE TABLE IF NOT EXISTS corrections") :]
VERSION = 3
"""1: the first ledger; 2: each issue also keeps its scenes' headings and its web page; 3: the
corrections each issue carried (scene identity and correction time), each in one issue only."""
UPGRADES = {
    1: "ALTER TABLE issues ADD COLUMN headings TEXT; ALTER TABLE issues ADD COLUMN page BLOB;",
    2: _CORRECTIONS,
}
"""From version N to N + 1: issues of an older ledger keep NULL there (see `Issue`)."""


class Issue(msgspec.Struct, frozen=True):
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
    headings: tuple[str, ...] = ()
    """The featured scenes' headings, for the archive (empty for issues of a version 1 ledger)."""
    page: bytes | None = None
    """The issue's web page (None for issues of a version 1 ledger: the archive makes one)."""
    corrected: tuple[tuple[str, str], ...] = ()
    """The corrections this issue carries, as (scene identity, correction time in UTC): in its
    Corrections section, or in the text of a corrected scene it features. Recorded when the
    issue is, so no later issue carries them again (not read back)."""


def _now() -> str:
    """Ledger bookkeeping times (not issue content, which never depends on the clock)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    def __init__(self, connection: sqlite3.Connection | None) -> None:
        """`None`: a ledger that does not exist yet, read by a dry run (which creates nothing)."""
        self.db = connection

    def _rows(self, sql: str, *args: object) -> list[sqlite3.Row]:
        return [] if self.db is None else self.db.execute(sql, args).fetchall()

    # -- reading ---------------------------------------------------------------------------
    def issues(self) -> list[Issue]:
        return [_issue(row) for row in self._rows("SELECT * FROM issues ORDER BY number")]

    def issue(self, number: int) -> Issue | None:
        rows = self._rows("SELECT * FROM issues WHERE number = ?", number)
        return _issue(rows[0]) if rows else None

    def by_period(self, period: str) -> Issue | None:
        rows = self._rows("SELECT * FROM issues WHERE period = ?", period)
        return _issue(rows[0]) if rows else None

    def latest(self) -> Issue | None:
        rows = self._rows("SELECT * FROM issues ORDER BY number DESC LIMIT 1")
        return _issue(rows[0]) if rows else None

    def featured(self, cycle: int) -> set[str]:
        return {r[0] for r in self._rows("SELECT scene_id FROM features WHERE cycle = ?", cycle)}

    def last_featured(self) -> dict[str, int]:
        """Every scene id any issue featured -> the number of the latest issue that did."""
        rows = self._rows("SELECT scene_id, MAX(number) FROM features GROUP BY scene_id")
        return {row[0]: int(row[1]) for row in rows}

    def carried(self) -> set[tuple[str, str]]:
        """The corrections an issue has carried: (scene identity, correction time in UTC). A
        dry run may read a ledger older than the table (it upgrades nothing): none then."""
        table = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'"
        if not self._rows(table):
            return set()
        return {(row[0], row[1]) for row in self._rows("SELECT scene_id, updated FROM corrections")}

    def current_cycle(self) -> int:
        rows = self._rows("SELECT COALESCE(MAX(cycle), 1) FROM features")
        return int(rows[0][0]) if rows else 1

    # -- writing (each call is one transaction) --------------------------------------------
    def _writable(self) -> sqlite3.Connection:
        if self.db is None:  # a bug, not a user's mistake: dry runs never write
            raise LedgerError("the ledger was opened for reading only")
        return self.db

    def add(self, issue: Issue) -> None:
        db = self._writable()
        with db:
            db.execute(
                "INSERT INTO issues (number, period, period_start, cycle, scene_ids, known_ids, "
                "subject, text, eml, state, created_at, headings, page) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?)",
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
                    json.dumps(list(issue.headings), ensure_ascii=False),
                    issue.page,
                ),
            )
            db.executemany(
                "INSERT INTO features (scene_id, cycle, number) VALUES (?, ?, ?)",
                [(scene_id, issue.cycle, issue.number) for scene_id in issue.scene_ids],
            )
            db.executemany(
                "INSERT INTO corrections (scene_id, updated, number) VALUES (?, ?, ?)",
                [(scene_id, updated, issue.number) for scene_id, updated in issue.corrected],
            )
            crash_point("before-commit")

    def set_state(
        self,
        number: int,
        state: str,
        *,
        expect: str,
        sent_to: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """`at`: when it happened (sent: the Date the message carried), else now."""
        db = self._writable()
        if self.issue(number) is None:
            raise LedgerError(f"there is no issue {number}")
        column = {"sending": "sending_at", "sent": "sent_at", "created": "sending_at"}[state]
        when = at.astimezone(UTC).isoformat(timespec="seconds") if at else _now()
        stamp = None if state == "created" else when
        with db:
            changed = db.execute(
                f"UPDATE issues SET state = ?, {column} = ?, sent_to = COALESCE(?, sent_to) "
                "WHERE number = ? AND state = ?",
                (state, stamp, sent_to, number, expect),
            ).rowcount
        if changed != 1:
            raise LedgerError(f"issue {number} is not in state {expect!r}; nothing changed")

    def discard(self, number: int) -> Issue:
        db = self._writable()
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
        with db:
            db.execute("DELETE FROM corrections WHERE number = ?", (number,))
            db.execute("DELETE FROM features WHERE number = ?", (number,))
            db.execute("DELETE FROM issues WHERE number = ?", (number,))
        return issue


def _issue(row: sqlite3.Row) -> Issue:
    data = dict(row)
    data["scene_ids"] = tuple(json.loads(data["scene_ids"]))
    data["known_ids"] = tuple(json.loads(data["known_ids"]))
    data["headings"] = tuple(json.loads(data.get("headings") or "[]"))
    return Issue(**data)
