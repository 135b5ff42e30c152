"""SMTP delivery of a finished .eml, telling apart "certainly not sent" from "unknown".

Credentials come from environment variables named in the settings, never from files.
"""

from __future__ import annotations

import email
import email.policy
import os
import smtplib
import ssl
from email.message import EmailMessage
from typing import TYPE_CHECKING

from pipeline.errors import NeedsDecision, NotSent

if TYPE_CHECKING:
    from pipeline.settings import SmtpSettings


def message(eml: bytes, to: str | None = None) -> EmailMessage:
    msg = email.message_from_bytes(eml, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    if to is not None:
        del msg["To"]
        msg["To"] = to
    return msg


def send(eml: bytes, settings: SmtpSettings, to: str | None = None) -> str:
    """Send one message; returns the recipients it went to."""
    msg = message(eml, to)
    where = f"{settings.host}:{settings.port}"
    try:
        client = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        raise NotSent(f"cannot reach the mail server {where}: {exc}") from None
    with client:
        try:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            user = os.environ.get(settings.username_env)
            if user:
                client.login(user, os.environ.get(settings.password_env, ""))
        except (OSError, smtplib.SMTPException) as exc:
            raise NotSent(f"{where} refused the session: {exc}") from None
        try:
            client.send_message(msg)
        except (
            smtplib.SMTPRecipientsRefused,
            smtplib.SMTPSenderRefused,
            smtplib.SMTPDataError,
        ) as exc:
            raise NotSent(f"{where} refused the message: {exc}") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise NeedsDecision(
                f"the connection to {where} failed during delivery: {exc}"
            ) from None
    return str(msg["To"])


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
