"""The correction the docs' examples show (docs/dataset.md, docs/newsletter.md): Rocky II
corrected, written into source/scenes.yaml as an editor would (python
tests/data/examples/corrected.py), its comments and layout kept."""

from pathlib import Path

SOURCE = Path("source/scenes.yaml")
AFTER = "    published: 2026-11-24T09:00:00-05:00\n"
CORRECTION = (
    "    updated: 2026-11-25T10:30:00-05:00\n"
    "    correction: Philadelphia Magazine estimated 50 km for the run, not 50 miles.\n"
)

text = SOURCE.read_text(encoding="utf-8")
start = text.index("  - id: rocky-ii\n")
at = text.index(AFTER, start) + len(AFTER)
SOURCE.write_text(text[:at] + CORRECTION + text[at:], encoding="utf-8")
