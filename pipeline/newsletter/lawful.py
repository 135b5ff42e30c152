"""What an issue needs before it goes to the list: what commercial email law asks (an
unsubscribe link, the sender's postal address: CAN-SPAM in the US, CASL in Canada) and real
addresses (a placeholder in a domain reserved for examples is never a list).

`require_settings` is checked before a run makes anything; `require_issue` before each issue
is sent, since an issue keeps what it was made with. Test copies (`--to`) need none of this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.errors import SettingsError

if TYPE_CHECKING:
    from pipeline.newsletter.ledger import Issue
    from pipeline.settings import NewsletterSettings

RESERVED_DOMAINS = ("example.com", "example.net", "example.org")
"""Second-level domains reserved for documentation (RFC 2606, section 3), and their
sub-domains."""
RESERVED_TLDS = ("example", "test", "invalid", "localhost")
"""Top-level names reserved for examples and tests (RFC 2606, section 2; RFC 6761)."""
NOTHING = "nothing was made or sent"


def reserved(address: str) -> str | None:
    """The reserved domain an address is in ('example.com', '.test'), or None."""
    from email.utils import parseaddr

    domain = parseaddr(address)[1].rpartition("@")[2].rstrip(".").casefold()
    for name in RESERVED_DOMAINS:
        if domain == name or domain.endswith("." + name):
            return name
    top = domain.rpartition(".")[2]
    if top in RESERVED_TLDS:
        return top if top == domain else "." + top
    return None


def require_settings(news: NewsletterSettings) -> None:
    """Refuse a send to the list until the settings allow one; each message names what to
    set, and says that nothing was made or sent."""
    problems = []
    if news.unsubscribe is None:
        problems.append(
            "set `unsubscribe` to the https:// URL (or mailto: address) where readers unsubscribe"
        )
    if news.postal_address is None:
        problems.append(
            "set `postal_address` to your postal address (street, city, postal code, country; "
            'lines separated by "\\n"): commercial email must carry it (CAN-SPAM, CASL)'
        )
    for setting in ("sender", "recipient"):
        value = getattr(news, setting)
        domain = reserved(value)
        if domain is not None:
            problems.append(
                f"set `{setting}` to a real address: {value} is in {domain}, a domain "
                "reserved for examples (RFC 2606, RFC 6761), where no list can be"
            )
    if problems:
        raise SettingsError(
            "the list gets an issue (`--send`, `--send-older`) only as the law and the list "
            "require; in the [newsletter] section of scenes.toml:\n"
            + "".join(f"- {problem}\n" for problem in problems)
            + f"then run again; {NOTHING}"
        )


def require_issue(issue: Issue, news: NewsletterSettings) -> None:
    """An issue made before the settings allowed a send (no link, no postal address, a
    placeholder address) carries what it was made with: it must be made again."""
    missing = _missing(issue, news)
    if missing:
        raise SettingsError(
            f"issue {issue.number} was made {', and '.join(missing)}, so it is not sent: run "
            f"`scenes newsletter discard {issue.number}`, then `scenes newsletter --send` "
            "makes it again from the settings"
        )


def _missing(issue: Issue, news: NewsletterSettings) -> list[str]:
    from email.utils import parseaddr

    from pipeline.newsletter.message import parse
    from pipeline.setting_rules import same_mailbox

    msg = parse(issue.eml)
    missing = []
    if msg["List-Unsubscribe"] is None:
        missing.append("without an unsubscribe link")
    if news.postal_address is not None and not _shows(msg, news.postal_address):
        missing.append(
            "without the postal address now set (`postal_address`) in both its text and its HTML"
        )
    for header, setting in (("From", "sender"), ("To", "recipient")):
        made, now = str(msg[header] or ""), getattr(news, setting)
        if not same_mailbox(made, now):
            missing.append(
                f"{header.lower()} {parseaddr(made)[1] or 'nobody'} (`{setting}` now says "
                f"{parseaddr(now)[1]})"
            )
    return missing


def _shows(msg: object, address: str) -> bool:
    """Whether every part of the message (text, HTML) shows the address, white space aside."""
    import html
    import re

    wanted = " ".join(address.split())
    parts = [p for p in msg.walk() if p.get_content_maintype() == "text"]  # type: ignore[attr-defined]
    for part in parts:
        content = str(part.get_content())
        if part.get_content_subtype() == "html":
            content = html.unescape(re.sub(r"<[^>]*>", " ", content))
        if wanted not in " ".join(content.split()):
            return False
    return bool(parts)
