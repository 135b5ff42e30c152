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
REPORT = "mutants-survived.txt"
"""Each survivor of the last run with its diff, for a person to judge (gitignored)."""

RECORD_TESTS = [
    "tests/test_records.py",
    "tests/source/test_validation.py",
    "tests/test_timestamps.py",
    "tests/test_schema.py",
    "tests/test_settings.py",
]
"""How records are declared shows in what they accept, what they say, and the schemas."""

MODULES: dict[str, tuple[str, list[str]]] = {
    "schedule": ("pipeline/newsletter/schedule.py", ["tests/newsletter/test_schedule.py"]),
    "reality": ("pipeline/reality.py", ["tests/test_reality.py"]),
    "wrapping": ("pipeline/wrapping.py", ["tests/test_wrapping.py"]),
    "units": ("pipeline/units.py", ["tests/test_units.py"]),
    "merge": (
        "pipeline/review/merge.py",
        [
            "tests/review/test_merge.py",
            "tests/review/test_review.py",
            "tests/review/test_review_properties.py",
        ],
    ),
    "records": ("pipeline/records.py", RECORD_TESTS),
    "rules": ("pipeline/rules.py", RECORD_TESTS),
    "timestamps": (
        "pipeline/timestamps.py",
        ["tests/test_timestamps.py", "tests/source/test_validation.py"],
    ),
    "cache": (
        "pipeline/cache.py",
        [
            "tests/test_cache.py",
            # the tests that run `scenes` in a child process: mutmut follows no child
            "-k",
            "not (planted or home_unset or whatever_the_cache_folder or no_password_entry)",
        ],
    ),
    "portable": ("pipeline/portable.py", ["tests/test_portable.py"]),
    "validate": (
        "pipeline/validate.py",
        ["tests/source/test_validation.py", "tests/test_timestamps.py"],
    ),
}
"""Each module and the fast tests that are its own."""
AT_IMPORT = frozenset({"records", "rules"})
"""Modules whose work is done when `pipeline.model` is imported (each record's schema is built
then): their mutants are run in a fresh interpreter each, not forked from one that imported
the unmutated code already (slower, and the only way their mutants are seen)."""


CAUGHT = ("killed", "timeout", "segfault")
"""What mutmut reports for a mutant the tests noticed (a hang or a crash is noticed too)."""
ESCAPED = ("survived", "no tests")
"""A mutant the tests passed, or that no test of the slice runs: a bug they would not catch."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", choices=[*MODULES, []], metavar="MODULE")
    parser.add_argument("--all", action="store_true", help="every module, one after another")
    parser.add_argument("--timeout", type=float, default=1200, help="seconds per module")
    args = parser.parse_args()
    names = list(MODULES) if args.all else args.modules
    if not names:
        parser.error(f"name a module ({', '.join(MODULES)}) or --all")
    (ROOT / REPORT).unlink(missing_ok=True)  # this run's survivors only
    equivalents, left_alive = judged_mutants()
    unjudged = failed = 0
    for name in names:
        statuses = run(name, args.timeout)
        if not statuses:  # mutmut missing, or the tests failed on the unmutated code
            failed += 1
            continue
        caught = sum(status in CAUGHT for status in statuses.values())
        escaped = sorted(m for m, status in statuses.items() if status in ESCAPED)
        other = len(statuses) - caught - len(escaped)
        equivalent = [m for m in escaped if m in equivalents]
        kept = [m for m in escaped if m in left_alive]
        unknown = len(escaped) - len(equivalent) - len(kept)
        unjudged += unknown
        total = caught + len(escaped)
        score = f"{100 * caught / total:.0f}%" if total else "n/a"
        print(
            f"{name}: {caught} of {total} killed, {len(escaped)} survived "
            f"({len(equivalent)} equivalent, {len(kept)} left alive, {unknown} to judge or kill)"
            + (f", {other} not run to the end" if other else "")
            + f": score {score}"
        )
    if unjudged:
        print(f"{unjudged} survivors neither killed nor in MUTATION.md: see {REPORT}")
    if failed:
        print(f"{failed} module(s) not measured: see the lines above")
    return 1 if unjudged or failed else 0


def judged_mutants() -> tuple[set[str], set[str]]:
    """The mutants MUTATION.md names (`pipeline.module.x_function__mutmut_N`): those judged
    equivalent, and those under its heading "Left alive" (not equivalent, kept with a reason:
    still survivors in the score, but judged)."""
    text = (Path(__file__).parent / "MUTATION.md").read_text(encoding="utf-8")
    equivalent, _, alive = text.partition("\n## Left alive")
    found = re.compile(r"`(pipeline\.[\w.ǁ]+__mutmut_\d+)`")
    return set(found.findall(equivalent)), set(found.findall(alive))


def run(name: str, timeout: float) -> dict[str, str]:
    """mutmut's verdict on each of one module's mutants: killed, survived, no tests, …"""
    module, tests = MODULES[name]
    with tempfile.TemporaryDirectory(prefix=f"mutation-{name}-") as scratch:
        copy = Path(scratch) / "repo"
        _copy_repository(copy)
        _configure(copy / "pyproject.toml", module, tests, name in AT_IMPORT)
        _skip_windows_only(copy / module)
        env = {**os.environ, "PYTHONPATH": str(copy)}
        env.pop("MUTANT_UNDER_TEST", None)
        try:
            mutmut = subprocess.run(
                [sys.executable, "-m", "mutmut", "run", "--max-children", "2"],
                cwd=copy,
                env=env,
                timeout=timeout,
                check=False,
                capture_output=True,
                text=True,
            )
            if mutmut.returncode:  # the tests failed on the unmutated code, say
                print(f"{name}: mutmut run exited {mutmut.returncode}:")
                print("\n".join((mutmut.stdout + mutmut.stderr).splitlines()[-15:]))
        except subprocess.TimeoutExpired:
            print(f"{name}: stopped after {timeout:g} s; the counts are of the mutants run")
        results = _mutmut(copy, env, "results", "--all", "true")
        if os.environ.get("MUTATION_RESULTS"):
            print(results)
        statuses = dict(
            (part.strip() for part in line.rsplit(":", 1))
            for line in results.splitlines()
            if ":" in line
        )
        if name in AT_IMPORT:
            statuses |= _recheck(copy, tests, [m for m, s in statuses.items() if s in ESCAPED])
        for mutant, status in sorted(statuses.items()):  # each with its diff, for a person
            if status in ESCAPED:
                shown = _mutmut(copy, env, "show", mutant)
                with (ROOT / REPORT).open("a", encoding="utf-8") as report:
                    report.write(f"{shown}\n")
    return statuses


def _mutmut(copy: Path, env: dict[str, str], *args: str) -> str:
    """What `mutmut ARGS` prints in the scratch copy."""
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def _recheck(copy: Path, tests: list[str], mutants: list[str]) -> dict[str, str]:
    """Each mutant against all the slice's tests, in a fresh interpreter: mutmut runs only the
    tests that called a function first, and work done once and kept (a record's pydantic
    schema, built on first need) is called by one test only."""
    from concurrent.futures import ThreadPoolExecutor

    env = {**os.environ, "PYTHONPATH": str(copy / "mutants")}

    def verdict(mutant: str) -> tuple[str, str]:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
            cwd=copy / "mutants",
            env={**env, "MUTANT_UNDER_TEST": mutant},
            capture_output=True,
            check=False,
        )
        return mutant, "survived" if run.returncode == 0 else "killed"

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(verdict, mutants))


def _copy_repository(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for raw in files:
        if not raw:
            continue
        source = ROOT / raw.decode()
        if source.is_file():
            destination = target / raw.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)


def _skip_windows_only(source: Path) -> None:
    """Code only Windows runs (marked `# pragma: no cover (Windows...)`) left unmutated in the
    scratch copy: no machine here runs it (docs/development.md, *Platforms*). mutmut skips a
    statement, a whole function with its body, marked `# pragma: no mutate block`."""
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace("# pragma: no cover (Windows", "# pragma: no mutate block (Windows"),
        encoding="utf-8",
    )


def _configure(pyproject: Path, module: str, tests: list[str], fresh: bool) -> None:
    """mutmut's settings for this slice: one module, its own tests."""
    text = pyproject.read_text(encoding="utf-8")
    text = re.sub(r"\[tool\.mutmut\].*?(?=\n\[)", "", text, flags=re.DOTALL)
    listed = ", ".join(f'"{t}"' for t in tests)
    text += (
        "\n[tool.mutmut]\n"
        f'source_paths = ["{module}"]\n'
        'also_copy = ["pipeline/", "source/", "tests/", "schema/", "docs/", "scenes.toml", "README.md"]\n'
        f"pytest_add_cli_args_test_selection = [{listed}]\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x"]\n'
    )
    if fresh:
        text += 'process_isolation = "forkserver"\nforkserver_warmup = "none"\n'

    pyproject.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
