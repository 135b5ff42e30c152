"""An issue as an email message (.eml): headers, body, folding that mail programs read back."""

from __future__ import annotations

import textwrap
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.settings import NewsletterSettings


def build_eml(
    news: NewsletterSettings, subject: str, text: str, message_id: str, when: datetime
) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = news.sender
    msg["To"] = news.recipient
    msg["Date"] = format_datetime(when)
    domain = parseaddr(news.sender)[1].rpartition("@")[2]
    msg["Message-ID"] = f"<{message_id}@{domain}>"
    if news.unsubscribe.startswith(("http://", "https://", "mailto:")):
        msg["List-Unsubscribe"] = f"<{news.unsubscribe}>"
    msg.set_content(text, charset="utf-8")
    return _refold_headers(msg.as_bytes())


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
