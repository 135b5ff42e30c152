"""What the newsletter tests share: running `scenes newsletter` as a process, reading the
ledger and the settings. (The fixtures, a real SMTP server among them, are in tests/conftest.py.)"""

from __future__ import annotations

import email
import email.policy
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import scenes_env

MONDAY = "2026-11-23"
"""A Monday in the past: its issue is due, so --send sends it."""
FUTURE = "2099-11-23"
"""A day whose issue is never due while these tests are kept."""
UNSUBSCRIBE = "https://runningmagazine.ca/newsletter/unsubscribe?list=scenes"
LIST = "subscribers@lists.runningmagazine.ca"
"""The list address the sending tests use (a placeholder in example.com is refused)."""
POSTAL = "Canadian Running\n123 Front Street West, Suite 400\nToronto, ON M5J 2M2\nCanada"


def news(
    project: Path,
    *args: str,
    crash: str | None = None,
    check: bool = True,
    at: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`scenes newsletter ARGS` as cron runs it: a process of its own; `at` ("2026-11-23
    09:15:00", UTC) starts its clock then, under faketime."""
    env = scenes_env()
    if crash:
        env["SCENES_CRASH_AT"] = crash
    clock = []
    if at:
        env["TZ"] = "UTC"
        clock = ["faketime", at]
    run = subprocess.run(
        [*clock, sys.executable, "-m", "pipeline", "newsletter", *args],
        capture_output=True,
        text=True,
        cwd=project,
        env=env,
    )
    if check:
        assert run.returncode == 0, run.stderr
    return run


def ledger_rows(project: Path) -> list[tuple]:
    path = project / "state" / "newsletter.db"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT number, period, state, scene_ids FROM issues ORDER BY number"
        ).fetchall()


def issue_files(project: Path) -> dict[str, bytes]:
    """The files readers get (not the archive's own note of what it was made from)."""
    folder = project / "outputs" / "newsletter"
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def settings(project: Path, text: str) -> None:
    (project / "scenes.toml").write_text(text, encoding="utf-8")


def smtp_settings(project: Path, port: int, extra: str = "") -> None:
    """Settings a list send accepts: real addresses, an unsubscribe link, a postal address."""
    recipient = "" if "recipient =" in extra else f'recipient = "Subscribers <{LIST}>"\n'
    sender = "" if "sender =" in extra else 'sender = "Scenes <news@runningmagazine.ca>"\n'
    settings(
        project,
        "[newsletter]\n"
        f"{sender}"
        f"{recipient}"
        f'unsubscribe = "{UNSUBSCRIBE}"\n'
        f'postal_address = "{POSTAL.encode("unicode_escape").decode()}"\n'
        f"{extra}"
        f'[newsletter.smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n',
    )


def parsed(envelope) -> email.message.EmailMessage:
    """A received message as a mail program reads it."""
    return email.message_from_bytes(envelope.content, policy=email.policy.default)
