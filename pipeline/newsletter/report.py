"""What a newsletter run did: filled in by the run and the sender, told by the CLI."""

from __future__ import annotations

import msgspec

from pipeline.newsletter.ledger import Issue


class Report(msgspec.Struct):
    """What a run did, for the CLI to tell. Only `made`, `sent` and `said` are news; the rest
    is said on request (cron mails whatever a job prints)."""

    made: list[Issue] = msgspec.field(default_factory=list)
    current: Issue | None = None
    sent: list[Issue] = msgspec.field(default_factory=list)
    held: list[Issue] = msgspec.field(default_factory=list)
    """Unsent issues whose Date has not come."""
    passed_over: list[Issue] = msgspec.field(default_factory=list)
    """Unsent issues whose Date has come, older than the newest: sent only when named."""
    preview: list[Issue] = msgspec.field(default_factory=list)
    """Dry run and test send: the issues a run would make now (or this period's, if made)."""
    said: list[str] = msgspec.field(default_factory=list)
    notes: list[str] = msgspec.field(default_factory=list)
