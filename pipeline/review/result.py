"""A review's result: the changes found, with what needs a person."""

from __future__ import annotations

import msgspec

from pipeline.review.bodywalk import Comment, Pending, Unmapped
from pipeline.review.merge import Change


class Review(msgspec.Struct):
    changes: list[Change] = msgspec.field(default_factory=list)
    pending: list[tuple[str, str, Pending]] = msgspec.field(default_factory=list)
    comments: list[tuple[str, str, Comment]] = msgspec.field(default_factory=list)
    unmapped: list[Unmapped] = msgspec.field(default_factory=list)
    """Text no known anchor holds; `after` names the field before it ('' at the start)."""
    accepted_pending: bool = False

    @property
    def conflicts(self) -> list[Change]:
        return [c for c in self.changes if c.status == "conflict"]

    @property
    def cannot(self) -> list[Change]:
        return [c for c in self.changes if c.status == "cannot"]

    def unresolved(self, *, forced: bool = False) -> dict[str, int]:
        """What needs a person, by kind (only kinds that occur): the exit code's reason.
        `forced`: conflicts were settled by taking the document's side."""
        counts = {
            "conflict": 0 if forced else len(self.conflicts),
            "change that cannot apply": len(self.cannot),
            "addition to a credits line": sum(1 for u in self.unmapped if _credits(u)),
            "unmapped text": sum(1 for u in self.unmapped if not _credits(u)),
            "pending tracked change": 0 if self.accepted_pending else len(self.pending),
        }
        return {kind: n for kind, n in counts.items() if n}


def _credits(item: Unmapped) -> bool:
    """Text the editor added to a credits line (Film, Cast), told apart from stray text."""
    return bool(item.line) and not item.inside
