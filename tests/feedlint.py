"""An offline check for the W3C feed validator's most common findings (RSS 2.0 and Atom)."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The link relations the validator knows (its link.py); any other must be a full URI.
RELATIONS = {
    "alternate", "current", "describedby", "edit", "edit-media", "enclosure", "first", "hub",
    "last", "license", "next", "next-archive", "payment", "prev-archive", "previous",
    "related", "replies", "search", "self", "service", "up", "via",
}  # fmt: skip


def _links(parent) -> list[str]:
    """Findings on a feed's atom:link elements: known relations, absolute hrefs, and a hub
    only beside a self link (WebSub requires both)."""
    findings = []
    rels = []
    for link in parent.findall(f"{ATOM}link"):
        rel = link.get("rel", "alternate")
        rels.append(rel)
        if rel not in RELATIONS and not _absolute(rel):
            findings.append(f"unregistered link relation {rel!r}")
        if not _absolute(link.get("href")):
            findings.append(f"relative URL: {link.get('href')}")
    if "hub" in rels and "self" not in rels:
        findings.append("a hub link without a self link")
    return findings


def _rfc3339(text: str | None) -> list[str]:
    try:
        if datetime.fromisoformat(text or "").tzinfo is None:
            return [f"date without timezone: {text}"]
    except ValueError:
        return [f"not an RFC 3339 date: {text}"]
    return []


def _absolute(url: str | None) -> bool:
    return bool(url) and re.match(r"https?://[^/\s]+", url) is not None


def lint_rss(data: bytes, expected_self: str) -> list[str]:
    findings = []
    if _CONTROL.search(data):
        findings.append("control character in feed")
    channel = etree.fromstring(data).find("channel")
    for required in ("title", "link", "description"):
        if channel.find(required) is None:
            findings.append(f"channel lacks <{required}>")
    selves = [link for link in channel.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if not selves:
        findings.append("missing atom:link rel=self")
    elif selves[0].get("href") != expected_self:
        findings.append(f"self link {selves[0].get('href')} does not match {expected_self}")
    dates = [e.text for e in channel.iter("pubDate", "lastBuildDate")]
    for text in dates:
        try:
            if parsedate_to_datetime(text).tzinfo is None:
                findings.append(f"date without timezone: {text}")
        except (TypeError, ValueError):
            findings.append(f"not an RFC 822 date: {text}")
    guids = []
    for item in channel.findall("item"):
        guid = item.find("guid")
        if guid is None or not guid.text:
            findings.append("item without guid")
            continue
        if guid.get("isPermaLink", "true") == "true" and not _absolute(guid.text):
            findings.append(f"guid {guid.text} is not a URL but isPermaLink is not false")
        guids.append(guid.text)
        updated = item.findall(f"{ATOM}updated")
        if len(updated) > 1:
            findings.append("an item with more than one atom:updated")
        for element in updated:
            findings += _rfc3339(element.text)
    if len(guids) != len(set(guids)):
        findings.append("duplicate guids")
    findings += _links(channel)
    for url in [channel.findtext("link"), *(i.findtext("link") for i in channel.findall("item"))]:
        if not _absolute(url):
            findings.append(f"relative or missing URL: {url!r}")
    return findings


def lint_atom(data: bytes, expected_self: str) -> list[str]:
    findings = []
    if _CONTROL.search(data):
        findings.append("control character in feed")
    feed = etree.fromstring(data)
    selves = [link.get("href") for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    if selves != [expected_self]:
        findings.append(f"self links {selves} do not match {expected_self}")
    ids = [feed.findtext(f"{ATOM}id")] + [
        e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")
    ]
    if None in ids or len(ids) != len(set(ids)):
        findings.append("missing or duplicate ids")
    for el in feed.iter(f"{ATOM}updated", f"{ATOM}published"):
        findings += _rfc3339(el.text)
    findings += _links(feed)
    for entry in feed.findall(f"{ATOM}entry"):
        findings += _links(entry)
        if len(entry.findall(f"{ATOM}updated")) != 1:
            findings.append("an entry without exactly one <updated>")
    if feed.find(f"{ATOM}author") is None:
        findings.append("feed without author")
    return findings
