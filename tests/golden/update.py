"""The golden files: what each format and one newsletter issue must be for source/scenes.yaml.

After an intended change, regenerate them and review the diff before committing:

    python tests/golden/update.py

The tests (tests/writers/test_golden.py) compare the same `expected()` against these files.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

FORMATS = {
    "scenes.json": "json",
    "scenes.txt": "text",
    "scenes.rss.xml": "rss",
    "scenes.atom.xml": "atom",
    "scenes.feed.json": "jsonfeed",
    "scenes.html": "html",
}
ISSUE_DAY = date(2026, 11, 23)  # a Monday: the first weekly issue's period
NOW = datetime(2026, 11, 23, 7, tzinfo=UTC)  # its Date: the archive publishes it
NEWSLETTER = {
    "sender": "news@runningmagazine.ca",
    "recipient": "Subscribers <scenes@lists.runningmagazine.ca>",
    "unsubscribe": "https://runningmagazine.ca/newsletter/unsubscribe",
    "postal_address": "Canadian Running\n123 Front Street West, Suite 400\nToronto, ON M5J 2M2",
    "archive_url": "https://runningmagazine.ca/newsletter/",
    "subscribe_url": "https://runningmagazine.ca/newsletter/subscribe",
    "publish": "due",  # published without a send, so the archive has a page to compare
}
"""Settings a magazine would send with: every part of the letter and the archive shows."""


def expected() -> dict[str, bytes]:
    """File name -> the bytes the pipeline makes now."""
    import pipeline
    from pipeline.newsletter import run
    from pipeline.newsletter.issues import Layout
    from pipeline.settings import settings_from

    dataset = pipeline.load(ROOT / "source" / "scenes.yaml")
    files = {name: pipeline.render(dataset, fmt) for name, fmt in FORMATS.items()}
    with tempfile.TemporaryDirectory() as work:
        settings = settings_from({"base_dir": work, "newsletter": NEWSLETTER})
        out = Path(work) / "newsletter"
        run.run(dataset, settings, Layout(), ISSUE_DAY, out, now=NOW)
        for path in sorted(out.iterdir()):  # what readers get; not the bookkeeping
            if path.name.startswith("."):
                continue
            files[f"newsletter-{path.name}"] = path.read_bytes()
    return files


def main() -> None:
    for name, data in expected().items():
        path = FOLDER / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
