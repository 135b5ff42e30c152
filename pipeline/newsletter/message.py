"""An issue as an email message (.eml): a text part and an HTML part, headers folded so that
mail programs read them back exactly, and the one-click unsubscribe headers unencoded.
"""

from __future__ import annotations

import email
import email.policy
import re
import textwrap
from datetime import datetime
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, getaddresses, parseaddr
from typing import TYPE_CHECKING, Any

from pipeline.newsletter import folding

if TYPE_CHECKING:
    from pipeline.settings import NewsletterSettings

UNFOLDED = frozenset({"list-unsubscribe", "list-unsubscribe-post"})
"""Headers mail programs read as one line: folded or MIME-encoded, a long URL in them breaks
(Python's email package encodes a value longer than a line rather than leave it whole)."""
_LONG = email.policy.default.clone(max_line_length=998)  # RFC 5322's limit for any line


class _Subject(str):
    """A Subject exactly as given: the email package would decode what looks like an encoded
    word in it ('=?utf-8?q?x?=' would become 'x')."""

    name = "Subject"


class MailPolicy(EmailPolicy):
    """The default policy, except that the unsubscribe headers stay on one line, unencoded,
    and a Subject set by us is kept as given and folded by `folding` (Python's own folding
    adds a space before an encoded word)."""

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        if name.lower() == "subject" and not hasattr(value, "name"):
            if "\r" in value or "\n" in value:
                raise ValueError("Header values may not contain linefeed or carriage return")
            return (name, _Subject(value))
        return super().header_store_parse(name, value)

    def fold(self, name: str, value: Any) -> str:
        if _ours(name, value):
            return folding.fold(name, str(value), self.linesep)
        chosen = _LONG.clone(utf8=self.utf8) if name.lower() in UNFOLDED else super()
        return chosen.fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        if _ours(name, value):
            return folding.fold(name, str(value), self.linesep).encode("ascii")
        chosen = _LONG.clone(utf8=self.utf8) if name.lower() in UNFOLDED else super()
        return chosen.fold_binary(name, value)


def _ours(name: str, value: Any) -> bool:
    """A Subject set as a value (a header object), not one read from a message (kept as it
    came, like every header read)."""
    return name.lower() == "subject" and hasattr(value, "name")


POLICY = MailPolicy()
"""Read and write issues with this policy, or the unsubscribe headers get re-folded."""


def build_eml(
    news: NewsletterSettings,
    name: str,
    subject: str,
    text: str,
    html: str | None,
    message_id: str,
    when: datetime,
) -> bytes:
    """The .eml of an issue: multipart/alternative, plain text first then HTML (the last
    part is the one a mail program prefers). `name` is the newsletter's, shown as the
    sender's when `sender` has no display name."""
    sender = from_address(news.sender, name)
    msg = EmailMessage(policy=_policy_for(sender, news.recipient))
    msg["Subject"] = subject
    msg["From"] = sender
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


def from_address(sender: str, name: str) -> str:
    """The From header: `sender`, or the newsletter's name with its address."""
    from email.headerregistry import Address

    shown, address = parseaddr(sender)
    if shown:
        return sender
    local, _, domain = address.rpartition("@")
    return str(Address(display_name=name, username=local, domain=domain))


def dated(eml: bytes, when: datetime) -> bytes:
    """The same message with another Date (the moment it is handed to the mail server)."""
    head, sep, body = eml.partition(b"\n\n")
    lines = head.split(b"\n")
    stamp = f"Date: {format_datetime(when)}".encode("ascii")
    found = [i for i, line in enumerate(lines) if line[:5].lower() == b"date:"]
    folded = bool(found) and any(line[:1] in (b" ", b"\t") for line in lines[found[0] + 1 :][:1])
    if len(found) != 1 or folded:  # not as we write it: let the email package do it
        return _redated_by_parsing(eml, when)
    lines[found[0]] = stamp  # every other byte stays as made
    return b"\n".join(lines) + sep + body


def _redated_by_parsing(eml: bytes, when: datetime) -> bytes:
    msg = email.message_from_bytes(eml, policy=POLICY)
    del msg["Date"]
    msg["Date"] = format_datetime(when)
    return msg.as_bytes()


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
        if (
            out
            and line.startswith(b" ")
            and re.fullmatch(rb"[!-9;-~]+:", out[-1])
            and line.isascii()
        ):
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
