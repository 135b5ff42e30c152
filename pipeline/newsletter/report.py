"""What a newsletter run did: filled in by the run and the sender, told by the CLI."""

from __future__ import annotations

from pipeline.newsletter.ledger import Issue
from pipeline.struct import Factory, struct


@struct(frozen=False)
class Report:
    """What a run did, for the CLI to tell. Only `made`, `sent` and `said` are news; the rest
    is said on request (cron mails whatever a job prints)."""

    made: list[Issue] = Factory(list)
    current: Issue | None = None
    sent: list[Issue] = Factory(list)
    held: list[Issue] = Factory(list)
    """Unsent issues whose Date has not come."""
    passed_over: list[Issue] = Factory(list)
    """Unsent issues whose Date has come, older than the newest: sent only when named."""
    preview: list[Issue] = Factory(list)
    """Dry run and test send: the issues a run would make now (or this period's, if made)."""
    said: list[str] = Factory(list)
    notes: list[str] = Factory(list)
