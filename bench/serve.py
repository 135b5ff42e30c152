"""How long `scenes serve` takes from a save to the open page showing it, in headless Chromium.

    python bench/serve.py                 # the 13-scene dataset, 15 saves
    python bench/serve.py --scenes 1000 --saves 5

Each save changes the first scene's heading in the YAML (written as an editor does, a new file
renamed over the old one); the time runs from just before the rename to the page's load event
after it reloaded by itself, with the new heading in it. The build's own time is what
`scenes serve` printed for it. Figures: median and worst of the saves.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "preview")]

from browser import Browser, chromium  # noqa: E402
from serving import Served  # noqa: E402

TITLE = "document.querySelector('.scene__title').textContent"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=13)
    parser.add_argument("--saves", type=int, default=15)
    args = parser.parse_args()
    executable = chromium()
    if executable is None:
        sys.exit("Chromium is not installed")
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        source = project / "source" / "scenes.yaml"
        source.parent.mkdir()
        if args.scenes == 13:
            shutil.copy(ROOT / "source" / "scenes.yaml", source)
        else:
            generated = subprocess.run(
                [sys.executable, str(ROOT / "bench" / "generate.py"), str(args.scenes)],
                capture_output=True,
                check=True,
            )
            source.write_bytes(generated.stdout)
        os.environ.setdefault("SCENES_CACHE_DIR", str(project / "cache"))
        served = Served(project, project / "tmp")
        browser = Browser(executable, timeout=120)
        try:
            seconds, builds = measure(browser, served, source, args.saves)
        finally:
            browser.close()
            served.stop()
    print(f"{args.scenes} scenes, {args.saves} saves: save to page shown again")
    print(f"  median {statistics.median(seconds):.3f} s, worst {max(seconds):.3f} s")
    print(
        f"  of which the build: median {statistics.median(builds):.3f} s, worst {max(builds):.3f} s"
    )


def measure(browser: Browser, served: Served, source: Path, saves: int) -> tuple[list, list]:
    tab = browser.page()
    tab.open(served.url + "scenes.html")
    first = tab.evaluate(TITLE)
    seconds, builds = [], []
    for save in range(saves):
        heading = f"Edited heading {save}"
        before = source.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^( +)heading: .*$", rf"\1heading: {heading}", before, count=1)
        assert text != before, "no heading found to edit"
        temporary = source.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        temporary.replace(source)
        browser.wait_for("Page.loadEventFired", tab.session)
        seconds.append(time.perf_counter() - started)
        assert tab.evaluate(TITLE) == heading, (first, heading)
        line = served.next_build()
        builds.append(float(re.search(r" in ([0-9.]+) s", line).group(1)))
    return seconds, builds


if __name__ == "__main__":
    main()
