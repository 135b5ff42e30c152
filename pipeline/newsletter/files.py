"""Issue files in the output folder: written from the ledger, and read to notice a ledger that
no longer matches them (emptied, deleted, or replaced by an older or another one)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline import output
from pipeline.errors import LedgerError
from pipeline.faults import crash_point
from pipeline.newsletter.ledger import Issue, Ledger

EML = re.compile(r"issue-(\d{3,})\.eml")


def issue_paths(out_dir: Path, number: int) -> tuple[Path, Path]:
    stem = f"issue-{number:03d}"
    return out_dir / f"{stem}.txt", out_dir / f"{stem}.eml"


def write_files(issues: list[Issue], out_dir: Path) -> None:
    """Make the files agree with the ledger: each issue's text and .eml, as recorded."""
    output.prepare_folder(out_dir)
    for stale in out_dir.glob(".*.tmp"):  # left by a run killed mid-write
        stale.unlink(missing_ok=True)
    for issue in issues:
        text_path, eml_path = issue_paths(out_dir, issue.number)
        output.write_atomic(text_path, issue.text)
        crash_point("after-text-file")
        output.write_atomic(eml_path, issue.eml)


def check_agreement(ledger: Ledger, out_dir: Path, ledger_path: Path) -> None:
    """Refuse to go on when the folder holds issues the ledger does not: starting again from
    issue 1 would re-number issues readers already have and feature the same scenes again."""
    on_disk = _issue_files(out_dir)
    if not on_disk:
        return
    unknown, different = [], []
    for number, path in sorted(on_disk.items()):
        issue = ledger.issue(number)
        if issue is None:
            unknown.append(number)
        elif path.read_bytes() != issue.eml:
            different.append(number)
    if unknown or different:
        raise LedgerError(_disagreement(out_dir, ledger_path, unknown, different))


def _issue_files(out_dir: Path) -> dict[int, Path]:
    if not out_dir.is_dir():
        return {}
    found = {}
    for path in out_dir.iterdir():
        match = EML.fullmatch(path.name)
        if match:
            found[int(match.group(1))] = path
    return found


def _disagreement(out_dir: Path, ledger: Path, unknown: list[int], different: list[int]) -> str:
    what = []
    if unknown:
        what.append(f"{_issues(unknown)}, which the ledger does not have")
    if different:
        what.append(f"{_issues(different)}, which differ from the ledger's")
    return (
        f"{out_dir} holds the files of {' and '.join(what)}: the ledger {ledger} was emptied, "
        "deleted or replaced, so nothing was made or sent. Restore the ledger from your latest "
        "backup (see “The ledger” in docs/newsletter.md). To start again from issue 1 on purpose, move "
        f"the old issue-*.eml files out of {out_dir} first"
    )


def _issues(numbers: list[int]) -> str:
    """'issue 4', 'issues 1–5', 'issues 2, 7'."""
    if len(numbers) == 1:
        return f"issue {numbers[0]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"issues {numbers[0]}–{numbers[-1]}"
    return "issues " + ", ".join(map(str, numbers))
