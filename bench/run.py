"""Benchmark `scenes export` against Pandoc and against the libyaml floor, in one run.

    python bench/run.py                          # sizes 13, 1000, 10000, 100000; 5 runs each
    python bench/run.py --sizes 13,1000 --runs 7

Every figure is a median of whole-process runs, interleaved with its references so a noisy
machine slows both alike, and reported as a ratio against a reference measured in the same run:
- Pandoc converting the same content as Markdown to plain text (for text, JSON and feeds) and
  to DOCX (for DOCX);
- the floor: a fresh Python process doing nothing but yaml.load(..., Loader=yaml.CSafeLoader).
Peak memory is each process's maximum resident set size. The table goes to stdout and to
bench/results/<date>-<host>.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "examples" / "scenes-markdown"))

FORMATS = ["text", "json", "docx", "html", "rss", "atom", "jsonfeed"]
FLOOR = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"


def scenes_command() -> list[str]:
    script = Path(sys.executable).with_name("scenes")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def measure(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in MiB of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss // 1024


def prepare(size: int, work: Path) -> tuple[Path, Path]:
    """The YAML dataset of `size` scenes and the same content as Markdown, for Pandoc."""
    from scenes_markdown import MarkdownWriter

    import pipeline

    source = work / f"scenes-{size}.yaml"
    if size == 13:
        shutil.copy(ROOT / "source" / "scenes.yaml", source)
    else:
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), str(size), "-o", str(source)],
            check=True,
        )
    markdown = work / f"scenes-{size}.md"
    markdown.write_bytes(MarkdownWriter().render(pipeline.load(source), pipeline.WriterOptions()))
    return source, markdown


def bench_size(size: int, runs: int, work: Path, with_pandoc: bool) -> dict[str, tuple[float, int]]:
    source, markdown = prepare(size, work)
    out = work / "out"
    commands: dict[str, list[str]] = {
        f"scenes {fmt}": [
            *scenes_command(),
            "export",
            "-f",
            fmt,
            "--source",
            str(source),
            "-o",
            str(out / f"o-{fmt}"),
        ]
        for fmt in FORMATS
    }
    if size >= 10_000:
        commands["scenes all"] = [
            *scenes_command(),
            "export",
            "-f",
            "all",
            "--source",
            str(source),
            "--out",
            str(out / "all"),
        ]
    commands["floor (CSafeLoader)"] = [sys.executable, "-c", FLOOR, str(source)]
    if with_pandoc:
        commands["pandoc md->plain"] = [
            "pandoc",
            str(markdown),
            "-t",
            "plain",
            "-o",
            str(out / "p.txt"),
        ]
        commands["pandoc md->docx"] = [
            "pandoc",
            str(markdown),
            "-t",
            "docx",
            "-o",
            str(out / "p.docx"),
        ]
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():  # interleaved: noise hits every command alike
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            samples[name].append(measure(command, work))
    return {
        name: (statistics.median(t for t, _ in runs_), max(m for _, m in runs_))
        for name, runs_ in samples.items()
    }


def ratio(value: float, reference: float | None) -> str:
    return f"{value / reference:.2f}x" if reference else "-"


def report(results: dict[int, dict[str, tuple[float, int]]], runs: int) -> str:
    lines = [
        f"# scenes benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, {pandoc_version()}. Medians of {runs} whole-process runs.",
        "",
        "| scenes | command | median s | peak MiB | vs Pandoc | vs floor |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for size, rows in results.items():
        plain = rows.get("pandoc md->plain", (None, 0))[0]
        docx_ref = rows.get("pandoc md->docx", (None, 0))[0]
        floor = rows["floor (CSafeLoader)"][0]
        for name, (seconds, mib) in rows.items():
            reference = docx_ref if name == "scenes docx" else plain
            vs_pandoc = ratio(seconds, reference) if name.startswith("scenes") else "-"
            vs_floor = ratio(seconds, floor) if name.startswith("scenes") else "-"
            lines.append(
                f"| {size:,} | {name} | {seconds:.3f} | {mib} | {vs_pandoc} | {vs_floor} |"
            )
    lines += ["", *scaling(results)]
    return "\n".join(lines) + "\n"


def scaling(results: dict[int, dict[str, tuple[float, int]]]) -> list[str]:
    """Growth exponents from the smallest size of at least 1,000 to the largest."""
    sizes = sorted(s for s in results if s >= 1000)
    if len(sizes) < 2:
        return []
    low, high = sizes[0], sizes[-1]
    out = [f"Scaling exponent from {low:,} to {high:,} scenes (1.0 = linear):", ""]
    for name in results[high]:
        if name.startswith("scenes") and name in results[low]:
            a, b = results[low][name][0], results[high][name][0]
            out.append(f"- {name}: {math.log(b / a) / math.log(high / low):.2f}")
    return out


def pandoc_version() -> str:
    if shutil.which("pandoc") is None:
        return "no pandoc"
    first = subprocess.run(
        ["pandoc", "--version"], capture_output=True, text=True
    ).stdout.splitlines()[0]
    return first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="13,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pandoc-max", type=int, default=10_000, help="largest size to run Pandoc on"
    )
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        print("pandoc is not installed: apt-get install pandoc (ratios against it are left out)")
    results = {}
    with tempfile.TemporaryDirectory() as temp:
        for size in (int(s) for s in args.sizes.split(",")):
            with_pandoc = shutil.which("pandoc") is not None and size <= args.pandoc_max
            results[size] = bench_size(size, args.runs, Path(temp), with_pandoc)
            print(f"{size:,} scenes done", file=sys.stderr)
    text = report(results, args.runs)
    print(text)
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    (folder / f"{datetime.now(UTC):%Y-%m-%d}-{platform.node()}.md").write_text(
        text, encoding="utf-8"
    )


if __name__ == "__main__":
    main()
