"""The golden files: what each format and one newsletter issue must be for source/scenes.yaml,
and (`corrected-*`) for the same data after an editor corrected one scene and renamed another,
with the feeds naming a WebSub hub, and the next newsletter issue, which carries the correction.

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
HUB = "https://hub.example.net/"
CORRECTED_FORMATS = {f"corrected.{name.partition('.')[2]}": fmt for name, fmt in FORMATS.items()}
CORRECTION = {
    "updated": "2026-11-25T10:30:00-05:00",
    "correction": "Philadelphia Magazine estimated 50 km for the run, not 50 miles.",
}
"""A correction of Rocky II, made up for the test (the article has none)."""


def expected() -> dict[str, bytes]:
    """File name -> the bytes the pipeline makes now."""
    import pipeline
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import Layout
    from pipeline.settings import settings_from

    dataset = pipeline.load(ROOT / "source" / "scenes.yaml")
    files = {name: pipeline.render(dataset, fmt) for name, fmt in FORMATS.items()}
    files |= _docx_parts(pipeline.render(dataset, "docx"))
    files |= _reports(dataset)
    with tempfile.TemporaryDirectory() as work:
        settings = settings_from({"base_dir": work, "newsletter": NEWSLETTER})
        out = Path(work) / "newsletter"
        run.run(dataset, settings, Layout(), ISSUE_DAY, out, now=NOW)
        for path in sorted(out.iterdir()):  # what readers get; not the bookkeeping
            if path.name.startswith("."):
                continue
            files[f"newsletter-{path.name}"] = path.read_bytes()
    files |= corrected_files(dataset)
    return files


def corrected(dataset):
    """The dataset after the made-up correction of Rocky II, The Mummy Returns renamed (its old
    id kept, so its feed item stays the same)."""
    from datetime import datetime

    from msgspec.structs import replace

    mummy = replace(dataset.scenes[0], id="mummy-returns", former_ids=("the-mummy-returns",))
    when = datetime.fromisoformat(CORRECTION["updated"])
    rocky = replace(dataset.scenes[1], updated=when, correction=CORRECTION["correction"])
    return replace(dataset, scenes=(mummy, rocky, *dataset.scenes[2:]))


def corrected_files(dataset) -> dict[str, bytes]:
    """Every format of the corrected data (feeds with a hub), and the issue after the first,
    which carries the correction."""
    from datetime import timedelta

    import pipeline
    from pipeline.newsletter import run
    from pipeline.newsletter.letter import Layout
    from pipeline.settings import settings_from
    from pipeline.writers import WriterOptions

    fixed = corrected(dataset)
    options = WriterOptions(settings=settings_from({"feed": {"hub": HUB}}))
    files = {name: pipeline.render(fixed, fmt, options) for name, fmt in CORRECTED_FORMATS.items()}
    with tempfile.TemporaryDirectory() as work:
        settings = settings_from({"base_dir": work, "newsletter": NEWSLETTER})
        out = Path(work) / "newsletter"
        run.run(dataset, settings, Layout(), ISSUE_DAY, out, now=NOW)
        week = timedelta(days=7)
        run.run(fixed, settings, Layout(), ISSUE_DAY + week, out, now=NOW + week)
        for suffix in ("txt", "html"):
            name = f"issue-002.{suffix}"
            files[f"corrected-newsletter-{name}"] = (out / name).read_bytes()
    return files


DOCX_PARTS = {
    "word/document.xml": "scenes.docx.document.xml",
    "docProps/core.xml": "scenes.docx.core.xml",
}
"""The DOCX's body and core properties, byte for byte (the zip around them is reproducible too,
but a diff of these two says what changed)."""
SCRIPTED_WIDTH = 66
SCRIPTED = FOLDER / "scripted.txt.j2"
"""A user's template, as `scenes template text` gives it to adapt, exported at another width."""


def _docx_parts(docx: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    package = zipfile.ZipFile(io.BytesIO(docx))
    return {golden: package.read(part) for part, golden in DOCX_PARTS.items()}


def _reports(dataset: object) -> dict[str, bytes]:
    """What `scenes check` and `scenes check --markdown` print, and the text export through a
    user's template at another width."""
    import pipeline
    from pipeline import reality
    from pipeline.options import read_template
    from pipeline.settings import settings_from
    from pipeline.writers import WriterOptions

    def lines(found: object) -> bytes:
        return "".join(f"{line}\n" for line in found).encode("utf-8")  # type: ignore[attr-defined]

    settings = settings_from({"text": {"width": SCRIPTED_WIDTH}})
    options = WriterOptions(settings=settings, templates={"text": read_template(SCRIPTED)})
    return {
        "scenes-check.txt": lines(reality.report(dataset)),
        "scenes-check.md": lines(reality.table(dataset)),
        "scenes-scripted.txt": pipeline.render(dataset, "text", options),
    }


def main() -> None:
    for name, data in expected().items():
        path = FOLDER / name
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
