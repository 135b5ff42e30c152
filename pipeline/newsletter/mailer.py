"""SMTP delivery of a finished .eml, telling apart what the operator must do next:

- certainly not sent, and trying again later may work (4xx, unreachable): `NotSent`, exit 75;
- certainly not sent, and trying again will not help (5xx, no SMTPUTF8): `Refused`, exit 69;
- unknown (the connection broke during delivery): `NeedsDecision`, exit 3.

Once the server has answered the message, the outcome is known: an error at QUIT changes
nothing. Credentials come from environment variables named in the settings, never from files.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from typing import TYPE_CHECKING

from pipeline.errors import NeedsDecision, NotSent, PipelineError, Refused
from pipeline.newsletter.message import parse

if TYPE_CHECKING:
    from email.message import EmailMessage

    from pipeline.settings import SmtpSettings


def send(eml: bytes, settings: SmtpSettings) -> str:
    """Send one message to the recipients in its To header; returns them."""
    msg = parse(eml)
    where = f"{settings.host}:{settings.port}"
    try:
        client = _connect(settings)
    except smtplib.SMTPResponseException as exc:
        raise _refusal(f"{where} refused the connection", exc) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise NotSent(f"cannot reach the mail server {where}: {exc}") from None
    try:
        _open_session(client, settings, where)
        _deliver(client, msg, where)
    finally:
        _quit(client)
    return str(msg["To"])


def _open_session(client: smtplib.SMTP, settings: SmtpSettings, where: str) -> None:
    try:
        if settings.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        user = os.environ.get(settings.username_env)
        if user:
            client.login(user, os.environ.get(settings.password_env, ""))
    except smtplib.SMTPResponseException as exc:
        raise _refusal(f"{where} refused the session", exc) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise Refused(f"{where} refused the session: {exc}") from None
    except (OSError, smtplib.SMTPException) as exc:
        raise NotSent(f"{where} refused the session: {exc}") from None


def _deliver(client: smtplib.SMTP, msg: EmailMessage, where: str) -> None:
    try:
        client.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        reasons = "; ".join(
            f"{who}: {code} {_text(text)}" for who, (code, text) in exc.recipients.items()
        )
        error = Refused if codes and min(codes) >= 500 else NotSent
        raise error(f"{where} refused the recipients: {reasons}") from None
    except smtplib.SMTPResponseException as exc:  # sender refused, message refused
        raise _refusal(f"{where} refused the message", exc) from None
    except smtplib.SMTPNotSupportedError:
        # smtplib checks this before MAIL FROM: nothing reached the server.
        raise Refused(
            f"{where} does not support internationalised addresses (SMTPUTF8), which "
            f"{msg['From']} or {msg['To']} needs; nothing was sent. Use a server that does, "
            "or ASCII addresses"
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise NeedsDecision(f"the connection to {where} failed during delivery: {exc}") from None


def _quit(client: smtplib.SMTP) -> None:
    """Say goodbye; the outcome is already decided, so a server erring here changes nothing
    (smtplib's own `with` block would raise instead)."""
    try:
        client.quit()
    except (OSError, smtplib.SMTPException):
        client.close()


def _refusal(what: str, exc: smtplib.SMTPResponseException) -> PipelineError:
    """5xx: refused for good (retrying will not help); anything else: for now."""
    message = f"{what}: {exc.smtp_code} {_text(exc.smtp_error)}"
    return Refused(message) if exc.smtp_code >= 500 else NotSent(message)


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
