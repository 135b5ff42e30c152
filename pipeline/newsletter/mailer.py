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
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from pipeline.errors import NeedsDecision, NotSent, PipelineError, Refused, SettingsError
from pipeline.newsletter.message import dated, parse

if TYPE_CHECKING:
    from email.message import EmailMessage

    from pipeline.settings import SmtpSettings


class Delivery(msgspec.Struct, frozen=True, kw_only=True):
    """A message the server accepted: to whom, and the Date it carried."""

    recipients: str
    date: datetime


def send(eml: bytes, settings: SmtpSettings, clock: Callable[[], datetime]) -> Delivery:
    """Send one message to the recipients in its To header, dated `clock()` as it is handed
    over (RFC 5322: the Date is when the message is ready to enter delivery)."""
    client = connect(settings)
    try:
        return deliver(client, eml, settings, clock())
    finally:
        close(client)


def connect(settings: SmtpSettings) -> smtplib.SMTP:
    """A session with the server, ready for a message (TLS and login as set). Nothing has
    been sent if this fails, or is interrupted."""
    where = f"{settings.host}:{settings.port}"
    refuse_clear_credentials(settings)
    try:
        client = _connect(settings)
    except smtplib.SMTPResponseException as exc:
        raise _refusal(f"{where} refused the connection", exc) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise NotSent(f"cannot reach the mail server {where}: {exc}") from None
    try:
        _open_session(client, settings, where)
    except BaseException:
        close(client)
        raise
    return client


def refuse_clear_credentials(settings: SmtpSettings) -> None:
    """A password goes only over TLS, or to this machine: `security = "none"` with
    credentials to another host would send them in the clear. Checked before anything is
    made (`run`) and again before connecting."""
    from pipeline.setting_rules import is_loopback

    if settings.security != "none" or not os.environ.get(settings.username_env):
        return
    if is_loopback(settings.host):
        return
    where = f"{settings.host}:{settings.port}"
    raise SettingsError(
        f'{where}: [newsletter.smtp] security = "none" would send the password from '
        f"${settings.username_env}/${settings.password_env} unencrypted; set security = "
        f'"starttls" or "ssl" (a server on this machine may do without)'
    )


def deliver(client: smtplib.SMTP, eml: bytes, settings: SmtpSettings, date: datetime) -> Delivery:
    """The message, dated `date`, handed to the server of an open session."""
    msg = parse(dated(eml, date))
    _deliver(client, msg, f"{settings.host}:{settings.port}")
    return Delivery(recipients=str(msg["To"]), date=date)


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


def close(client: smtplib.SMTP) -> None:
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
