"""Mutation testing, one module at a time: do the tests notice when a line of it is wrong?

    pip install -e '.[test,mutation]'
    python tests/mutation.py units               # one module (see MODULES), its fast tests
    python tests/mutation.py --all               # every module below, one after another
    python tests/mutation.py units --timeout 900

mutmut (https://mutmut.readthedocs.io) plants one small bug at a time (a changed operator,
constant, comparison or return value) and runs the module's own tests against each. A mutant
the tests pass is a survivor: a bug they would not catch. Each module runs in a scratch copy of
the repository with only its fast tests, so a slice takes minutes on two cores and never
touches the working tree. The score is killed / (killed + survived); equivalent mutants (a
change that makes no difference to behaviour) are listed in MUTATION.md beside this file.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

MODULES: dict[str, tuple[str, list[str]]] = {
    "schedule": ("pipeline/newsletter/schedule.py", ["tests/newsletter/test_schedule.py"]),
    "reality": ("pipeline/reality.py", ["tests/test_reality.py"]),
    "wrapping": ("pipeline/wrapping.py", ["tests/test_wrapping.py"]),
    "units": ("pipeline/units.py", ["tests/test_units.py"]),
    "merge": (
        "pipeline/review/merge.py",
        ["tests/review/test_review.py", "tests/review/test_review_properties.py"],
    ),
    "records": ("pipeline/records.py", ["tests/test_records.py"]),
    "rules": ("pipeline/rules.py", ["tests/test_records.py", "tests/source/test_validation.py"]),
    "timestamps": ("pipeline/timestamps.py", ["tests/source/test_validation.py"]),
    "validate": ("pipeline/validate.py", ["tests/source/test_validation.py"]),
}
"""Each module and the fast tests that are its own."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", choices=[*MODULES, []], metavar="MODULE")
    parser.add_argument("--all", action="store_true", help="every module, one after another")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per module")
    args = parser.parse_args()
    names = list(MODULES) if args.all else args.modules
    if not names:
        parser.error(f"name a module ({', '.join(MODULES)}) or --all")
    worst = 0
    for name in names:
        killed, survived, other = run(name, args.timeout)
        total = killed + survived
        score = f"{100 * killed / total:.0f}%" if total else "n/a"
        print(f"{name}: {killed} killed, {survived} survived, {other} other: score {score}")
        worst = max(worst, 1 if survived else 0)
    return worst


def run(name: str, timeout: float) -> tuple[int, int, int]:
    """(killed, survived, other: timeouts, not checked) for one module's mutants."""
    module, tests = MODULES[name]
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as scratch:
        copy = Path(scratch) / "repo"
        _copy_repository(copy)
        _configure(copy / "pyproject.toml", module, tests)
        env = {**os.environ, "PYTHONPATH": str(copy), "MUTANT_UNDER_TEST": ""}
        env.pop("MUTANT_UNDER_TEST")
        try:
            subprocess.run(
                [sys.executable, "-m", "mutmut", "run", "--max-children", "2"],
                cwd=copy,
                env=env,
                timeout=timeout,
                check=False,
                stdout=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            print(f"{name}: stopped after {timeout:g} s; the counts are of the mutants run")
        results = subprocess.run(
            [sys.executable, "-m", "mutmut", "results", "--all", "true"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        survivors = [
            line.split(":")[0].strip() for line in results.splitlines() if "survived" in line
        ]
        for survivor in survivors:  # each with its diff, for a person to judge
            shown = subprocess.run(
                [sys.executable, "-m", "mutmut", "show", survivor],
                cwd=copy,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            with (ROOT / "mutants-survived.txt").open("a", encoding="utf-8") as report:
                report.write(f"# {survivor}\n{shown}\n")
        if os.environ.get("MUTATION_RESULTS"):
            print(results)
    counts = {kind: len(re.findall(rf": {kind}\b", results)) for kind in ("killed", "survived")}
    other = len([line for line in results.splitlines() if line.strip()]) - sum(counts.values())
    return counts["killed"], counts["survived"], other


def _copy_repository(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in files:
        if not raw:
            continue
        source = ROOT / raw.decode()
        if source.is_file():
            destination = target / raw.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def _configure(pyproject: Path, module: str, tests: list[str]) -> None:
    """mutmut's settings for this slice: one module, its own tests."""
    text = pyproject.read_text(encoding="utf-8")
    text = re.sub(r"\[tool\.mutmut\].*?(?=\n\[)", "", text, flags=re.DOTALL)
    listed = ", ".join(f'"{t}"' for t in tests)
    text += (
        "\n[tool.mutmut]\n"
        f'source_paths = ["{module}"]\n'
        'also_copy = ["pipeline/", "source/", "tests/", "schema/", "scenes.toml", "README.md"]\n'
        f"pytest_add_cli_args_test_selection = [{listed}]\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
    )
    pyproject.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
