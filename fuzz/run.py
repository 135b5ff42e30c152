"""Run the fuzz target for a chosen time and report how many inputs it executed.

    python fuzz/run.py --seconds 600          # a real session
    python fuzz/run.py --seconds 20           # the slice CI runs

The target runs in a child process under a memory limit, so a runaway input (or a crash in C
code) is caught and saved under fuzz/crashes/ instead of taking the machine down. The corpus
starts from the repository's own inputs: the dataset and tests/data/{valid,invalid}.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "fuzz" / "fuzz_loader.py"
CRASHES = ROOT / "fuzz" / "crashes"


def seed(corpus: Path) -> int:
    inputs = [ROOT / "source" / "scenes.yaml", *sorted((ROOT / "tests" / "data").glob("*/*.yaml"))]
    for number, path in enumerate(inputs):
        shutil.copy(path, corpus / f"seed-{number:03d}")
    return len(inputs)


def limit_memory(megabytes: int) -> None:
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--memory-mb", type=int, default=3072)
    parser.add_argument("--corpus", type=Path, help="keep the corpus here (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=0, help="libFuzzer seed (0: a random one)")
    args = parser.parse_args()
    CRASHES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        corpus = args.corpus or Path(temp)
        corpus.mkdir(parents=True, exist_ok=True)
        seeds = seed(corpus)
        command = [
            sys.executable,
            str(TARGET),
            str(corpus),
            f"-max_total_time={args.seconds}",
            "-print_final_stats=1",
            "-max_len=65536",
            f"-rss_limit_mb={args.memory_mb - 512}",
            "-timeout=20",
            f"-artifact_prefix={CRASHES}/",
            f"-seed={args.seed}",
        ]
        run = subprocess.run(
            command, capture_output=True, text=True, preexec_fn=lambda: limit_memory(args.memory_mb)
        )
    executions = re.search(r"stat::number_of_executed_units:\s*(\d+)", run.stderr)
    count = int(executions.group(1)) if executions else 0
    print(
        f"fuzzed for {args.seconds} s from {seeds} seeds: {count} executions, exit {run.returncode}"
    )
    if run.returncode != 0:
        print(run.stderr[-4000:], file=sys.stderr)
        print(f"crashing inputs are in {CRASHES}", file=sys.stderr)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
