"""Every combination of `scenes export`'s publishing flags (--ping, --retire, -o, a feed or not
among --format) means something sensible or is a usage error (exit 2) that writes nothing."""

from __future__ import annotations

import itertools

import pytest
from hub import serve

FORMATS = {"feed": ["-f", "rss", "-f", "text"], "no feed": ["-f", "json"]}
DESTINATIONS = {"folder": [], "-o file": ["-o", "one-file"], "-o -": ["-o", "-"]}
RETIRE = {
    "none": [],
    "gone": ["--retire", "rocky-ii"],  # published, then removed from the data
    "present": ["--retire", "forrest-gump"],  # still a scene
    "unknown": ["--retire", "never-published"],
}
CASES = list(itertools.product(FORMATS, DESTINATIONS, [False, True], RETIRE))


def expected(formats: str, destination: str, ping: bool, retire: str) -> int:
    """The rules, as docs/outputs.md states them (Published ids, WebSub)."""
    one_file = destination != "folder"
    if formats == "feed" and one_file:
        return 2  # -o takes exactly one format (rss and text are two)
    if ping and (one_file or formats == "no feed"):
        return 2
    if retire != "none" and formats == "no feed":
        return 2
    if retire in ("present", "unknown"):
        return 2
    if formats == "feed" and retire == "none":
        return 1  # rocky-ii's guid would be dropped
    return 0


@pytest.fixture(scope="module")
def hub():
    hub, server = serve()
    yield hub
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("formats", "destination", "ping", "retire"), CASES)
def test_every_combination(invoke, project, hub, formats, destination, ping, retire):
    (project / "scenes.toml").write_text(f'[feed]\nhub = "{hub.url}"\n', encoding="utf-8")
    assert invoke("export", "-f", "rss").exit_code == 0
    source = project / "source" / "scenes.yaml"
    text = source.read_text(encoding="utf-8")
    start = text.index("  - id: rocky-ii\n")
    source.write_text(text[:start] + text[text.index("  - id: ", start + 5) :], encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (project / "outputs").iterdir()}
    record = (project / "source" / "scenes.published-ids.json").read_bytes()

    args = [*FORMATS[formats], *DESTINATIONS[destination], *RETIRE[retire]]
    result = invoke("export", *args, *(["--ping"] if ping else []))
    code = expected(formats, destination, ping, retire)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    if code:
        after = {p.name: p.read_bytes() for p in (project / "outputs").iterdir()}
        assert after == before
        assert not (project / "one-file").exists()
        assert (project / "source" / "scenes.published-ids.json").read_bytes() == record
    if code == 0 and retire == "gone":
        assert "retired rocky-ii" in result.stderr
