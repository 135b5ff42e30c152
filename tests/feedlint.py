"""An offline check for the W3C feed validator's most common findings (RSS 2.0 and Atom)."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")


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
    if len(guids) != len(set(guids)):
        findings.append("duplicate guids")
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
        try:
            if datetime.fromisoformat(el.text).tzinfo is None:
                findings.append(f"date without timezone: {el.text}")
        except ValueError:
            findings.append(f"not an RFC 3339 date: {el.text}")
    for link in feed.iter(f"{ATOM}link"):
        if not _absolute(link.get("href")):
            findings.append(f"relative URL: {link.get('href')}")
    if feed.find(f"{ATOM}author") is None:
        findings.append("feed without author")
    return findings
