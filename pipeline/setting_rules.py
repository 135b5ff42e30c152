"""The rules single settings values follow: URLs, time zones, clock times, and the mail
header values (addresses, the unsubscribe link) that must never carry a line break."""

from __future__ import annotations

import contextlib
import re

from pipeline.values import ABSOLUTE_URL, FORBIDDEN_CHARACTERS


def absolute_url(value: str | None) -> str | None:
    if value is not None and not ABSOLUTE_URL.fullmatch(value):
        raise ValueError(f"{value!r} is not an absolute http(s) URL")
    return value


def item_url(value: str) -> str:
    if "{id}" not in value:
        raise ValueError("must contain {id}, or every item would get the same link")
    absolute_url(value.replace("{site_url}", "https://example.org/").replace("{id}", "x"))
    return value


def hub_url(value: str | None) -> str | None:
    """A WebSub hub: https, or plain http on this machine only (a local hub, a test); a ping
    over plain http to another host could be read or changed on the way."""
    if value is None:
        return None
    one_line(value)
    absolute_url(value)
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme == "https":
        return value
    if parts.scheme == "http" and is_loopback(parts.hostname or ""):
        return value
    raise ValueError(
        f"{value!r}: a hub is reached over https:// (plain http:// only on this machine: "
        "localhost, 127.0.0.1 or [::1])"
    )


def is_loopback(host: str) -> bool:
    """localhost, 127.0.0.0/8 or ::1: this machine, whatever the network."""
    import ipaddress

    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def timezone(value: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # 'America' is a folder of zones
        raise ValueError(
            f"unknown time zone {value!r}; use a name like 'America/Toronto'"
        ) from None
    return value


def clock_time(value: str) -> str:
    if not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value):
        raise ValueError(f"{value!r} is not a time like '07:00'")
    return value


def one_line(value: str) -> str:
    """No line breaks or other control characters: in a mail header they would start a header
    of their own (`Bcc: ...`), which is how header injection works. A line break is anything
    Python's `splitlines` breaks at (U+2028, U+2029 and NEL included), as mail libraries do."""
    if (
        FORBIDDEN_CHARACTERS.search(value)
        or "\t" in value
        or value.splitlines() not in ([], [value])
    ):
        raise ValueError(f"{value!r} contains a line break or another control character")
    return value


def address(value: str) -> str:
    """An email address, as the settings and `--to` take it: a mailbox a server accepts, on
    one line."""
    from email.errors import HeaderParseError, NonASCIILocalPartDefect
    from email.headerregistry import Address
    from email.utils import parseaddr

    one_line(value)
    name, address = parseaddr(value)
    if "@" not in address:
        raise ValueError(f"{value!r} is not an email address like 'Name <name@example.com>'")
    # Raises on what a mail server would refuse; an internationalised mailbox (RFC 6531) is
    # fine, for servers that speak SMTPUTF8 (the mailer says so plainly to those that do not).
    with contextlib.suppress(NonASCIILocalPartDefect):
        try:
            Address(display_name=name, addr_spec=address)
        except HeaderParseError:  # 'list@example.net.': a domain ending in a dot
            raise ValueError(f"{value!r} is not an address a mail server accepts") from None
    return value


def mailbox(value: str) -> str:
    """One mailbox, as `address` takes it: a list of addresses or a group in `sender` would
    need a Sender header, and in `recipient` would mail more than the list."""
    return _one(value, "give one address")


def one_mailbox(value: str) -> str:
    """`--to`: exactly one person's mailbox, as `address` takes it; a list of addresses or a
    group would turn a test copy into a mailing."""
    return _one(value, "give one address (a test copy goes to one mailbox)")


def _one(value: str, advice: str) -> str:
    from email.errors import NonASCIILocalPartDefect
    from email.headerregistry import HeaderRegistry

    address(value)
    header = HeaderRegistry()("To", value)
    groups = [group.display_name for group in header.groups if group.display_name is not None]
    defects = [d for d in header.defects if not isinstance(d, NonASCIILocalPartDefect)]
    if len(header.addresses) != 1 or groups or defects:
        raise ValueError(f"{value!r}: {advice}")
    return value


def same_mailbox(a: str, b: str) -> bool:
    """Whether two address settings can reach the same mailbox, read as a mail server reads
    them: quotes and escapes in the local part undone (`"sc\\enes"@list` is scenes@list), case
    aside, the domain's international form and its ASCII form alike, and a sub-address
    (`list+test@…`, which most servers deliver to `list@…`) as the address itself."""
    mine = _mailboxes(a)
    return bool(mine and mine & _mailboxes(b))


def _mailboxes(value: str) -> set[tuple[str, str]]:
    from email.errors import HeaderParseError
    from email.headerregistry import HeaderRegistry

    try:
        header = HeaderRegistry()("To", value)
    except (HeaderParseError, ValueError, IndexError):
        return set()
    return {
        (address.username.split("+", 1)[0].casefold(), _domain(address.domain))
        for address in header.addresses
        if address.username
    }


def _domain(domain: str) -> str:
    name = domain.rstrip(".").casefold()
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def unsubscribe(value: str | None) -> str | None:
    """Where a reader unsubscribes: an https (or http) URL, or a mailto: address. A merge tag
    such as `*|UNSUB|*` would reach readers literally when mail goes out over SMTP."""
    if value is None:
        return None
    one_line(value)
    fits = (value.startswith("mailto:") and "@" in value) or ABSOLUTE_URL.fullmatch(value)
    if fits and not any(c in value for c in ' <>"'):  # it goes between <> in a header
        return value
    raise ValueError(
        f"{value!r} is not an unsubscribe link: give an https:// URL or a mailto: address"
    )


def folder_url(value: str | None) -> str | None:
    absolute_url(value)
    if value is not None and not value.endswith("/"):
        raise ValueError(f"{value!r} must end with '/' (the folder the archive is served from)")
    return value


def display_name(value: str | None) -> str | None:
    """A name shown in a mail header (the newsletter's): one line, not blank."""
    if value is None:
        return None
    one_line(value)
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def postal_address(value: str | None) -> str | None:
    """A postal address: lines of text (separated by "\n"), not blank, no other control
    character."""
    if value is None:
        return None
    for line in value.split("\n"):
        one_line(line)
    if not value.strip():
        raise ValueError("must not be blank: give the street address, city and country")
    return value
