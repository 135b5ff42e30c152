"""Benchmark `scenes export` against Pandoc, the libyaml floor and a bare Python, in one run.

    python bench/run.py                          # sizes 13, 1000, 10000, 100000; 7 runs each
    python bench/run.py --sizes 13,1000,10000 --runs 7

Every figure is a median of whole-process runs, interleaved with its references so a noisy
machine slows both alike, and reported as a ratio against a reference measured in the same run:
- Pandoc converting the same text (the project's own plain-text rendering of the same dataset,
  read as Markdown) to plain text (the reference for text, JSON and feeds) and to DOCX (for
  DOCX);
- the floor: a fresh Python doing nothing but yaml.load(..., Loader=yaml.CSafeLoader);
- the start-up floor: `python -c pass`, the least any Python command costs.
Peak memory is a command's maximum resident set size, or the largest sum over its processes
when it forks (sampled every 20 ms; pages shared with the parent counted in each, so it errs
high). The dataset cache is warm (as on every run after the first on the same data); `(cold)`
rows run with the cache off, as a first run on changed data. Beside the times, each command's
import time (the sum of `-X importtime`'s top-level imports) shows how much of it is start-up. The table goes to stdout and to bench/results/<date>-<host>-<sizes>.md.
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FORMATS = ["text", "json", "docx", "html", "rss", "atom", "jsonfeed"]
FLOOR = "import sys, yaml; yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader)"
GOALS_13 = {"scenes text": 1.5, "scenes json": 1.5, "scenes docx": 1.0}
"""13 scenes: the most each may take, as a multiple of Pandoc on the same text."""
GOALS = [
    *((13, name, "pandoc", limit) for name, limit in GOALS_13.items()),
    *((1_000, f"scenes {fmt}", "pandoc", 0.35) for fmt in ("text", "json", "docx")),
    (10_000, "scenes json", "floor", 0.2),
    (100_000, "scenes all", "seconds", 10.0),
    (100_000, "scenes all", "MiB", 1024),
    (100_000, "scenes all -j 8", "seconds", 10.0),
    (100_000, "scenes all -j 8", "MiB", 1024),
]
"""(scenes, command, against what, the most it may be): issue 21's goals. Every dataset is
written with YAML-style times (bench/generate.py)."""
COLD = {13: set(GOALS_13), 1_000: {"scenes json"}, 10_000: {"scenes json", "scenes docx"}}
"""Commands also measured with the dataset cache off, as a first run on new data."""


LIBRARIES = {
    "import click, msgspec, jinja2": "click, msgspec, jinja2, pathlib, hashlib",
    "import click, msgspec, zipfile": "click, msgspec, zipfile, pathlib, hashlib",
}
"""What the text and DOCX exports cannot do without (the command line, the records, the
templates or the zip file): the least they can take, whatever scenes itself does."""


def scenes_command() -> list[str]:
    script = Path(sys.executable).with_name("scenes")
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipeline"]


def measure(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall time in seconds and peak memory in MiB of one whole command: the process's own
    maximum resident set, or, if larger, the largest sum over it and its children (an export
    forks one per core), sampled every 20 ms by a thread while this one waits."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = [0]
    done = threading.Event()
    sampler = threading.Thread(target=_sample_tree, args=(process.pid, peak, done), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, max(usage.ru_maxrss // 1024, peak[0] // (1024 * 1024))


PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _sample_tree(pid: int, peak: list[int], done: threading.Event) -> None:
    """The largest sum of resident bytes over `pid` and its descendants (Linux /proc; pages
    shared after a fork counted in each process, so it errs high)."""
    while not done.wait(0.02):
        total = 0
        for member in _tree(pid):
            try:
                total += int(Path(f"/proc/{member}/statm").read_text().split()[1]) * PAGE
            except (OSError, IndexError, ValueError):
                continue  # ended meanwhile
        peak[0] = max(peak[0], total)


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in children:
        found += _tree(int(child))
    return found


def import_ms(command: list[str], cwd: Path, env: dict[str, str]) -> float | None:
    """Milliseconds a command spends importing (top-level `-X importtime` entries summed)."""
    if command[0] != sys.executable and not command[0].endswith("scenes"):
        return None
    python = [sys.executable, "-X", "importtime"]
    args = command[1:] if command[0] == sys.executable else ["-m", "pipeline", *command[1:]]
    run = subprocess.run([*python, *args], cwd=cwd, env=env, capture_output=True, text=True)
    total = sum(
        int(match.group(1))
        for match in re.finditer(r"^import time:\s+\d+ \|\s+(\d+) \| \S", run.stderr, re.M)
    )
    return total / 1000


def prepare(size: int, work: Path) -> tuple[Path, Path]:
    """The YAML dataset of `size` scenes, and its own plain-text rendering for Pandoc."""
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
    markdown.write_bytes(pipeline.render(pipeline.load(source), "text"))
    return source, markdown


def commands_for(size: int, work: Path, with_pandoc: bool) -> dict[str, tuple[list[str], bool]]:
    """name -> (command, cache warm?)."""
    source, markdown = prepare(size, work)
    out = work / "out"
    scenes = scenes_command()
    commands: dict[str, tuple[list[str], bool]] = {}
    for fmt in FORMATS:
        export = [*scenes, "export", "-f", fmt, "--source", str(source), "-o", str(out / fmt)]
        commands[f"scenes {fmt}"] = (export, True)
        if f"scenes {fmt}" in COLD.get(size, ()):
            commands[f"scenes {fmt} (cold)"] = (export, False)
    if size >= 10_000:
        every = [*scenes, "export", "-f", "all", "--source", str(source), "--out", str(out / "all")]
        commands["scenes all"] = (every, True)
        commands["scenes all -j 8"] = ([*every, "-j", "8"], True)  # more processes than cores
    if size == 13:
        commands["scenes validate"] = ([*scenes, "validate", str(source)], True)
        commands["python -c pass"] = ([sys.executable, "-c", "pass"], True)
        for name, modules in LIBRARIES.items():
            commands[name] = ([sys.executable, "-c", f"import {modules}"], True)
    commands["floor (CSafeLoader)"] = ([sys.executable, "-c", FLOOR, str(source)], True)
    if with_pandoc:
        for to, ext in (("plain", "txt"), ("docx", "docx")):
            pandoc = ["pandoc", str(markdown), "-t", to, "-o", str(out / f"p.{ext}")]
            commands[f"pandoc md->{to}"] = (pandoc, True)
    return commands


def bench_size(size: int, runs: int, work: Path, with_pandoc: bool) -> dict[str, tuple]:
    commands = commands_for(size, work, with_pandoc)
    out = work / "out"
    warm = {**os.environ, "SCENES_CACHE_DIR": str(work / "cache")}
    cold = {**os.environ, "SCENES_CACHE_DIR": "off"}
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, cached) in commands.items():  # interleaved: noise hits all alike
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            samples[name].append(measure(command, work, warm if cached else cold))
    results = {}
    for name, runs_ in samples.items():
        command, cached = commands[name]
        imports = import_ms(command, work, warm if cached else cold) if size == 13 else None
        median = statistics.median(t for t, _ in runs_)
        results[name] = (median, max(m for _, m in runs_), imports)
    return results


def ratio(value: float, reference: float | None) -> str:
    return f"{value / reference:.2f}x" if reference else "-"


def report(results: dict[int, dict[str, tuple]], runs: int) -> str:
    lines = [
        f"# scenes benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}, {pandoc_version()}. "
        f"Medians of {runs} interleaved whole-process runs.",
        "",
        "| scenes | command | median s | imports ms | peak MiB | vs Pandoc | vs floor |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size, rows in results.items():
        plain = rows.get("pandoc md->plain", (None,))[0]
        docx_ref = rows.get("pandoc md->docx", (None,))[0]
        floor = rows["floor (CSafeLoader)"][0]
        for name, (seconds, mib, imports) in rows.items():
            reference = docx_ref if name.startswith("scenes docx") else plain
            mine = name.startswith("scenes")
            shown = f"{imports:.0f}" if imports is not None else "-"
            lines.append(
                f"| {size:,} | {name} | {seconds:.3f} | {shown} | {mib} | "
                f"{ratio(seconds, reference) if mine else '-'} | "
                f"{ratio(seconds, floor) if mine else '-'} |"
            )
    lines += ["", *goals(results), "", *scaling(results)]
    return "\n".join(lines) + "\n"


def goals(results: dict[int, dict[str, tuple]]) -> list[str]:
    """Each goal of the sizes measured: met or not, warm and (where measured) cold."""
    out = []
    for size, name, against, limit in GOALS:
        rows = results.get(size, {})
        for shown in (name, f"{name} (cold)"):
            if shown not in rows:
                continue
            seconds, mib, _ = rows[shown]
            if against == "pandoc":
                reference = rows.get("pandoc md->docx" if "docx" in name else "pandoc md->plain")
                if reference is None:
                    continue
                got, unit, what = seconds / reference[0], "x", "Pandoc"
            elif against == "floor":
                got, unit, what = seconds / rows["floor (CSafeLoader)"][0], "x", "the floor"
            elif against == "seconds":
                got, unit, what = seconds, " s", "wall time"
            else:
                got, unit, what = mib, " MiB", "peak memory"
            verdict = "met" if got <= limit else "NOT MET"
            out.append(
                f"- {size:,} scenes, {shown}: {got:.2f}{unit} {what} (goal <= {limit}{unit}): "
                f"{verdict}"
            )
    return out


def scaling(results: dict[int, dict[str, tuple]]) -> list[str]:
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


def _editable() -> bool:
    """Whether the `scenes` this Python runs is the checkout itself (an editable install)."""
    found = subprocess.run(
        [sys.executable, "-c", "import pipeline; print(pipeline.__file__)"],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
    ).stdout.strip()
    return bool(found) and Path(found).resolve().is_relative_to(ROOT)


def pandoc_version() -> str:
    if shutil.which("pandoc") is None:
        return "no pandoc"
    return subprocess.run(
        ["pandoc", "--version"], capture_output=True, text=True
    ).stdout.splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="13,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--pandoc-max", type=int, default=10_000, help="largest size to run Pandoc on"
    )
    args = parser.parse_args()
    if _editable():
        print(
            "note: scenes is installed editable (pip install -e): its import hook adds about "
            "8 ms to every command. For the figures users see: python -m venv /tmp/b && "
            "/tmp/b/bin/pip install . && /tmp/b/bin/python bench/run.py",
            file=sys.stderr,
        )
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
    sizes = "-".join(str(size) for size in results)
    name = f"{datetime.now(UTC):%Y-%m-%d}-{platform.node()}-{sizes}.md"
    (folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
