"""WebSub (W3C Recommendation): telling the hub that a feed changed, so subscribers are pushed
the new version instead of polling for it.

The feeds name the hub and their own address (`<link rel="hub">`, `rel="self"`; JSON Feed's
`hubs`). Publishing is one form-encoded POST per changed feed, `hub.mode=publish` and
`hub.url=<the feed's self URL>`, the convention public hubs follow; any 2xx means the hub took
it, and the hub then fetches the feed itself. Redirects are not followed (a POST would turn
into a GET and the ping be lost): the message names the new address instead. Nothing here
retries: the export remembers which bytes the hub has been told of, and the next `--ping`
tells it what it still lacks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import msgspec

from pipeline.errors import EXIT_REFUSED, EXIT_TRY_LATER, PipelineError

if TYPE_CHECKING:
    import urllib.request

SHOWN_BODY = 200
"""Characters of a hub's refusal shown in the message (its text is not ours to trust)."""
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


class Ping(msgspec.Struct, frozen=True):
    """What the hub said about one feed."""

    topic: str
    """The feed's self URL, as the hub was told."""
    status: int | None
    """The HTTP status, None when no answer came."""
    problem: str = ""
    """Why it did not take the ping ('' when it did)."""
    temporary: bool = False
    """Whether trying again later may work (no answer, a 5xx, 408 or 429)."""

    @property
    def ok(self) -> bool:
        return not self.problem


class HubRefused(PipelineError):
    """The hub refused a ping (a 3xx or 4xx): retrying will not help until the settings or the
    feed's address change. The files were written."""

    exit_code = EXIT_REFUSED


class HubUnavailable(PipelineError):
    """The hub could not be reached, timed out or failed (5xx): the next `--ping` tells it.
    The files were written."""

    exit_code = EXIT_TRY_LATER


def publish(hub: str, topic: str, timeout: float) -> Ping:
    """Tell `hub` that the feed at `topic` changed: one POST, waiting at most `timeout`
    seconds for the answer."""
    import urllib.error
    import urllib.parse

    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": topic}).encode("ascii")
    request = _request(hub, body)
    try:
        with _opener(hub).open(request, timeout=timeout) as response:
            return Ping(topic, response.status)
    except urllib.error.HTTPError as exc:
        with exc:
            return _answered(topic, exc)
    except TimeoutError:
        return Ping(topic, None, f"no answer within {timeout:g} seconds", temporary=True)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Ping(topic, None, f"unreachable ({_clean(str(reason))})", temporary=True)


def _request(hub: str, body: bytes) -> urllib.request.Request:
    import urllib.request

    return urllib.request.Request(
        hub,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": "scenes (WebSub publisher)",
        },
    )


def _opener(hub: str) -> urllib.request.OpenerDirector:
    """urllib without redirects; and for a hub on this machine, without any proxy the
    environment names (a proxy elsewhere cannot reach our loopback)."""
    import urllib.parse
    import urllib.request

    from pipeline.setting_rules import is_loopback

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None  # the 3xx then arrives as an HTTPError, and is reported

    handlers: list[urllib.request.BaseHandler] = [NoRedirects()]
    if is_loopback(urllib.parse.urlsplit(hub).hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def _answered(topic: str, exc: urllib.error.HTTPError) -> Ping:
    """A hub's answer other than 2xx, in words."""
    status = exc.code
    if 300 <= status < 400:
        where = exc.headers.get("Location", "")
        moved = f" to {_clean(where)}; set [feed] hub to that address" if where else ""
        return Ping(topic, status, f"the hub answered {status} (moved{moved})")
    try:
        said = _clean(exc.read(4096).decode("utf-8", "replace"))
    except OSError:
        said = ""
    reason = f"{status} {_clean(exc.reason or '')}".strip()
    text = f": {said[:SHOWN_BODY]}" if said else ""
    temporary = status >= 500 or status in (408, 429)
    verb = "failed" if status >= 500 else "refused the ping"
    return Ping(topic, status, f"the hub {verb} ({reason}){text}", temporary=temporary)


def _clean(text: str) -> str:
    """Another party's text on one line, without control characters."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def verdict(hub: str, pings: list[Ping]) -> PipelineError | None:
    """The error the failed pings add up to (None when every one went through): refused if
    any was refused (retrying will not help), else unavailable."""
    failed = [p for p in pings if not p.ok]
    if not failed:
        return None
    lines = [f"hub {hub}: {p.topic}: {p.problem}" for p in failed]
    told = len(pings) - len(failed)
    tail = (
        f"the files were written; {told} of {len(pings)} feed(s) announced. The next "
        "`scenes export --ping` announces the rest"
    )
    if any(not p.temporary for p in failed):
        return HubRefused("\n".join([*lines, tail]))
    return HubUnavailable("\n".join([*lines, tail]))
