"""Correcting a scene as an editor does, for the tests of every output."""

from __future__ import annotations

from pathlib import Path

SENTENCE = "Philadelphia Magazine estimated 50 km for the run, not 50 miles."
LINE = f"Corrected November 25, 2026: {SENTENCE}"
WHEN = "2026-11-25T10:30:00-05:00"


def correct(project: Path, scene_id: str = "rocky-ii", when: str = WHEN, text: str = SENTENCE):
    """What an editor writes in the YAML: `updated` and `correction` under the scene."""
    path = project / "source" / "scenes.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  - id: {scene_id}")
    at = next(i for i in range(start, len(lines)) if lines[i].startswith("    published:"))
    lines = [line for line in lines if not line.startswith(("    updated:", "    correction:"))]
    lines[at + 1 : at + 1] = [f"    updated: {when}", f"    correction: {text}"]
    path.write_text("\n".join(lines), encoding="utf-8")


def words(markup: str) -> str:
    """An HTML fragment's text as a reader sees it: tags gone, white space (no-break spaces
    too) as single spaces."""
    import html5lib

    tree = html5lib.parse(markup, namespaceHTMLElements=False)
    return " ".join("".join(tree.itertext()).split())
