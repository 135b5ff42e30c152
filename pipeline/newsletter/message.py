"""An issue as an email message (.eml): a text part and an HTML part, headers folded so that
mail programs read them back exactly, and the one-click unsubscribe headers unencoded.
"""

from __future__ import annotations

import email
import email.policy
import textwrap
from datetime import datetime
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, getaddresses, parseaddr
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pipeline.settings import NewsletterSettings

UNFOLDED = frozenset({"list-unsubscribe", "list-unsubscribe-post"})
"""Headers mail programs read as one line: folded or MIME-encoded, a long URL in them breaks
(Python's email package encodes a value longer than a line rather than leave it whole)."""
_LONG = email.policy.default.clone(max_line_length=998)  # RFC 5322's limit for any line


class MailPolicy(EmailPolicy):
    """The default policy, except that the unsubscribe headers stay on one line, unencoded."""

    def fold(self, name: str, value: Any) -> str:
        chosen = _LONG.clone(utf8=self.utf8) if name.lower() in UNFOLDED else super()
        return chosen.fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        chosen = _LONG.clone(utf8=self.utf8) if name.lower() in UNFOLDED else super()
        return chosen.fold_binary(name, value)


POLICY = MailPolicy()
"""Read and write issues with this policy, or the unsubscribe headers get re-folded."""


def build_eml(
    news: NewsletterSettings,
    subject: str,
    text: str,
    html: str | None,
    message_id: str,
    when: datetime,
) -> bytes:
    """The .eml of an issue: multipart/alternative, plain text first then HTML (the last
    part is the one a mail program prefers)."""
    msg = EmailMessage(policy=_policy_for(news.sender, news.recipient))
    msg["Subject"] = subject
    msg["From"] = news.sender
    msg["To"] = news.recipient
    msg["Date"] = format_datetime(when)
    domain = parseaddr(news.sender)[1].rpartition("@")[2]
    msg["Message-ID"] = f"<{message_id}@{domain}>"
    if news.unsubscribe:
        msg["List-Unsubscribe"] = f"<{news.unsubscribe}>"
        if news.unsubscribe.startswith("https://"):  # RFC 8058 one-click needs https
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text, charset="utf-8")
    if html is not None:
        msg.add_alternative(html, subtype="html", charset="utf-8")
        # A boundary from the issue instead of a random one: the same issue, the same bytes.
        msg.set_boundary(f"=_{message_id}_=")
    return _refold_headers(msg.as_bytes())


def retarget(eml: bytes, *, to: str, subject: str, message_id: str, when: datetime) -> bytes:
    """The same message with another recipient, subject, id and date (a test copy)."""
    msg = parse(eml)
    sender = str(msg["From"])
    copy = email.message_from_bytes(eml, policy=_policy_for(sender, to))
    domain = parseaddr(sender)[1].rpartition("@")[2]
    for name, value in (
        ("To", to),
        ("Subject", subject),
        ("Message-ID", f"<{message_id}@{domain}>"),
        ("Date", format_datetime(when)),
    ):
        del copy[name]
        copy[name] = value
    return _refold_headers(copy.as_bytes())


def parse(eml: bytes) -> EmailMessage:
    msg = email.message_from_bytes(eml, policy=POLICY)
    assert isinstance(msg, EmailMessage)
    return msg


def html_part(eml: bytes) -> str | None:
    part = parse(eml).get_body(preferencelist=("html",))
    return None if part is None else str(part.get_content())


def is_international(*addresses: str) -> bool:
    """Whether an address needs SMTPUTF8 (its mailbox or domain is not ASCII)."""
    return any(not address.isascii() for _, address in getaddresses(list(addresses)))


def _policy_for(*addresses: str) -> EmailPolicy:
    # An address that is not ASCII cannot be MIME-encoded (RFC 2047 forbids it): such a
    # message is written in UTF-8 (RFC 6532) and needs a server that speaks SMTPUTF8.
    return POLICY.clone(utf8=True) if is_international(*addresses) else POLICY


def _refold_headers(eml: bytes) -> bytes:
    """Python folds a header whose value fits a line of its own as "Name:\\n value", which many
    readers (Python's own parser included) read back with a leading space. Fold such ASCII
    headers at spaces instead, within 78 columns."""
    head, sep, body = eml.partition(b"\n\n")
    lines = head.split(b"\n")
    out: list[bytes] = []
    for line in lines:
        if out and line.startswith(b" ") and out[-1].endswith(b":") and line.isascii():
            name = out.pop()
            wrapped = textwrap.wrap(
                name.decode() + line.decode(),
                width=78,
                subsequent_indent=" ",
                break_long_words=False,
                break_on_hyphens=False,
            )
            out.extend(part.encode() for part in wrapped)
        else:
            out.append(line)
    return b"\n".join(out) + sep + body
