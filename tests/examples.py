"""The `sh` and `console` examples of Markdown files, run as a reader would paste them.

    python tests/examples.py README.md [docs/*.md ...]     # run them, say which fail

Each example runs in a scratch copy of the project (its dataset, settings and examples), with
the `scenes` of this Python on the PATH. In a `console` block every `$ command` is run and its
output (standard output and error, as a terminal shows them) must be the lines shown under it;
a line `...` stands for any number of lines. In an `sh` block every line is a command (comments
and continuation lines included, as a shell reads them), run with `set -e`: the block stops at
the first command that fails. Each command must exit 0 unless the block says otherwise, and
finish within TIMEOUT seconds (an example a reader waits minutes for is not an example). A block
indented inside a list item counts as well.

An HTML comment on the line before the block says more, one `key: value` per line:

    <!-- example
    setup: scenes export --format docx --out . && cp scenes.docx edited.docx
    exit: 0 4
    skip: installs packages
    -->

`setup` runs first (in the same scratch copy); `exit` the codes the commands must give, in
order (the last one for every command after it);
`skip` (with the reason) leaves the block out: installing, sending mail, benchmarks of minutes,
a command that runs until Ctrl-C (`scenes serve`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = (
    "source",
    "scenes.toml",
    "examples",
    "schema",
    "tests/data/examples",
    "tests/review/docxedit.py",
)
"""What a scratch copy holds: what a reader's checkout has that examples use."""
TIMEOUT = 60
"""Seconds a command may take; the slowest example takes a few."""
_FENCE = re.compile(r"^([ \t]*)```(\w*)[^\n]*\n(.*?)^\1```[ \t]*$", re.DOTALL | re.MULTILINE)
"""A fenced block, at the start of a line or indented (in a list item): indent, language, body."""
_DIRECTIVES = re.compile(r"<!--\s*example\b(.*?)-->", re.DOTALL)


@dataclass
class Example:
    path: Path
    line: int
    kind: str  # "sh" or "console"
    body: str
    setup: str = ""
    exit: list[int] = field(default_factory=lambda: [0])
    """The code each command must give, in order (the last repeats for the rest)."""
    skip: str = ""
    commands: list[tuple[str, list[str] | None]] = field(default_factory=list)
    """Each command with the output lines it must print (None: not shown, not checked)."""

    @property
    def name(self) -> str:
        return f"{self.path.name}:{self.line}"


def examples(paths: Iterable[str | Path]) -> list[Example]:
    """Every `sh` and `console` block of the files, in order."""
    found = []
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8")
        for match in _FENCE.finditer(text):
            indent, kind, body = match.groups()
            if kind not in ("sh", "console"):
                continue
            line = text.count("\n", 0, match.start()) + 1
            body = "".join(raw.removeprefix(indent) for raw in body.splitlines(keepends=True))
            example = Example(path, line, kind, body)
            _directives(example, text[: match.start()])
            example.commands = list(_commands(example))
            found.append(example)
    return found


def _directives(example: Example, before: str) -> None:
    """The `<!-- example … -->` comment that ends right before the block, if any."""
    before = before.rstrip()
    if not before.endswith("-->"):
        return
    match = _DIRECTIVES.fullmatch(before[before.rfind("<!--") :])
    if match is None:
        return
    for raw in match.group(1).strip().splitlines():
        key, _, value = raw.partition(":")
        key, value = key.strip(), value.strip()
        if key == "setup":
            example.setup = f"{example.setup} && {value}" if example.setup else value
        elif key == "exit":
            example.exit = [int(code) for code in value.split()]
        elif key == "skip":
            example.skip = value or "skipped"
        elif key:
            raise ValueError(f"{example.name}: unknown example directive {key!r}")


def _commands(example: Example) -> Iterator[tuple[str, list[str] | None]]:
    if example.kind == "sh":
        lines = [line for line in example.body.splitlines() if line.strip()]
        if lines:
            yield "\n".join(["set -e", *lines]), None
        return
    command: str | None = None
    output: list[str] = []
    for line in example.body.splitlines():
        if line.startswith("$ "):
            if command is not None:
                yield command, _shown(output)
            command, output = line[2:], []
        elif command is not None:
            output.append(line)
    if command is not None:
        yield command, _shown(output)


def _shown(lines: list[str]) -> list[str] | None:
    while lines and not lines[-1].strip():
        lines.pop()
    return lines or None


def scratch(folder: Path) -> Path:
    """A copy of what examples use, as a reader's checkout has it."""
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    return folder


def environment(folder: Path) -> dict[str, str]:
    """This Python's `scenes` first on the PATH (a shim running `python -m pipeline` where the
    command is not installed beside it), the project's code, no colours, no user settings."""
    env = dict(os.environ)
    env.pop("SCENES_CONFIG", None)
    bin_dir = Path(sys.executable).parent
    if not (bin_dir / "scenes").exists():
        bin_dir = folder / ".bin"
        bin_dir.mkdir(exist_ok=True)
        shim = bin_dir / "scenes"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m pipeline "$@"\n')
        shim.chmod(0o755)
    env["PATH"] = os.pathsep.join([str(bin_dir), env.get("PATH", "")])
    env["PYTHONPATH"] = str(ROOT)
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "100"
    return env


def run(example: Example, folder: Path) -> list[str]:
    """What is wrong with the example when run in `folder` (nothing: [])."""
    env = environment(folder)
    problems = []
    if example.setup:
        try:
            done = _shell(example.setup, folder, env)
        except subprocess.TimeoutExpired:
            return [f"{example.name}: setup still ran after {TIMEOUT} s"]
        if done.returncode != 0:
            return [f"{example.name}: setup failed ({done.returncode}): {done.stdout}"]
    for number, (command, shown) in enumerate(example.commands):
        try:
            done = _shell(command, folder, env)
        except subprocess.TimeoutExpired:
            problems.append(f"{example.name}: `{command}` still ran after {TIMEOUT} s")
            continue
        code = example.exit[min(number, len(example.exit) - 1)]
        if done.returncode != code:
            problems.append(
                f"{example.name}: `{command}` exited {done.returncode}, not {code}:\n" + done.stdout
            )
        elif shown is not None and not matches(shown, done.stdout.splitlines()):
            problems.append(
                f"{example.name}: `{command}` printed\n{done.stdout}\ninstead of\n"
                + "\n".join(shown)
            )
    return problems


def _shell(command: str, folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TIMEOUT,
    )


def matches(shown: list[str], printed: list[str]) -> bool:
    """Whether `printed` is `shown`, where a line `...` stands for any number of lines."""
    if not shown:
        return not printed
    if shown[0].strip() == "...":
        return any(matches(shown[1:], printed[i:]) for i in range(len(printed) + 1))
    return (
        bool(printed)
        and printed[0].rstrip() == shown[0].rstrip()
        and matches(shown[1:], printed[1:])
    )


def main(paths: list[str]) -> int:
    failed = 0
    for example in examples(paths or ["README.md"]):
        if example.skip:
            print(f"{example.name}: skipped ({example.skip})")
            continue
        with tempfile.TemporaryDirectory() as work:
            problems = run(example, scratch(Path(work)))
        print(f"{example.name}: {'ok' if not problems else 'FAILED'}")
        for problem in problems:
            print(problem)
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
