"""The corpus of edited documents, tests/data/review/<case>/ (its README says what a case holds).

Each case is exported from its dataset, edited (with python-docx, or in LibreOffice itself),
then reviewed with `scenes review`; the report and the dataset afterwards must equal the case's
golden files. After an intended change, regenerate them and review the diff:

    python tests/review/corpus.py            # LibreOffice cases too, when it is installed
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "review"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@dataclass(frozen=True)
class Case:
    name: str
    folder: Path
    spec: dict[str, Any]

    @property
    def tool(self) -> str:
        return self.spec.get("tool", "python-docx")

    @property
    def exported_from(self) -> bytes:
        return (self.folder / "dataset.yaml").read_bytes()

    @property
    def current(self) -> bytes:
        """The dataset file when the document comes back (it may have changed since)."""
        path = self.folder / "current.yaml"
        return path.read_bytes() if path.exists() else self.exported_from


def cases() -> list[Case]:
    return [
        Case(folder.name, folder, json.loads((folder / "case.json").read_text(encoding="utf-8")))
        for folder in sorted(CORPUS.iterdir())
        if (folder / "case.json").exists()
    ]


def exported(case: Case) -> bytes:
    import pipeline
    from pipeline import source
    from pipeline.validate import validate

    return pipeline.render(validate(source.parse(case.exported_from, "dataset.yaml")), "docx")


def edit_with_python_docx(case: Case, out: Path) -> Path:
    import docx
    import docxedit

    document = docx.Document(io.BytesIO(exported(case)))
    for step in case.spec["edits"]:
        docxedit.edit(document.element.body, step)
    document.save(out)
    return out


def uno_python() -> str | None:
    """A Python that can drive LibreOffice (its `uno` module), if LibreOffice is installed."""
    if shutil.which("soffice") is None:
        return None
    for candidate in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
        if candidate and Path(candidate).exists():
            found = subprocess.run([candidate, "-c", "import uno"], capture_output=True)
            if found.returncode == 0:
                return candidate
    return None


def edit_with_libreoffice(chosen: list[Case], folder: Path) -> dict[str, Path]:
    """Every LibreOffice case's document, edited in one LibreOffice session."""
    import docxedit

    python = uno_python()
    assert python is not None
    jobs = []
    for case in chosen:
        source, out = folder / f"{case.name}.in.docx", folder / f"{case.name}.docx"
        source.write_bytes(exported(case))
        steps = [_bookmarks(step, docxedit.anchor) for step in case.spec["edits"]]
        jobs.append({"in": str(source), "out": str(out), "steps": steps})
    work = folder / "jobs.json"
    work.write_text(
        json.dumps({"profile": str(folder / "profile"), "jobs": jobs}), encoding="utf-8"
    )
    script = Path(__file__).with_name("lo_edit.py")
    subprocess.run([python, str(script), str(work)], check=True, capture_output=True, timeout=240)
    return {case.name: folder / f"{case.name}.docx" for case in chosen}


def _bookmarks(step: dict[str, Any], anchor: Any) -> dict[str, Any]:
    """A step with its field ("rocky-ii blurb") as LibreOffice knows it: a bookmark name."""
    return {k: anchor(v) if k in ("set", "split", "paste") else v for k, v in step.items()}


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@dataclass(frozen=True)
class Outcome:
    report: str
    """What `scenes review` printed (stdout and stderr as a terminal shows them) and its exit."""
    dataset: bytes
    """The dataset file afterwards (through its symbolic link, if it is one)."""
    source: Path


def review(case: Case, document: Path, project: Path) -> Outcome:
    """Run `scenes review` on the edited document in a fresh project folder."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    source = _source(case, project)
    shutil.copy(document, project / "edited.docx")
    env = {"SCENES_CONFIG": None, "NO_COLOR": "1"}
    with _inside(project):
        args = ["review", "edited.docx", *case.spec.get("args", [])]
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    report = result.output + f"exit {result.exit_code}\n"
    return Outcome(report, source.read_bytes(), source)


def _source(case: Case, project: Path) -> Path:
    """source/scenes.yaml as the case wants it: a file, or a symbolic link to one; its mode."""
    (project / "source").mkdir(parents=True)
    path = project / "source" / "scenes.yaml"
    options = case.spec.get("source", {})
    if options.get("symlink"):
        (project / "data").mkdir()
        real = project / "data" / "scenes.yaml"
        real.write_bytes(case.current)
        path.symlink_to(Path("..") / "data" / "scenes.yaml")
    else:
        path.write_bytes(case.current)
    if "mode" in options:
        path.chmod(int(options["mode"], 8))
    return path


def expected(case: Case) -> tuple[str, bytes]:
    """The golden report and dataset: applied.yaml, or the dataset unchanged when absent."""
    report = (case.folder / "expected.txt").read_text(encoding="utf-8")
    applied = case.folder / "applied.yaml"
    return report, applied.read_bytes() if applied.exists() else case.current


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def main() -> None:
    chosen = cases()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        documents = {
            c.name: edit_with_python_docx(c, folder / f"{c.name}.docx")
            for c in chosen
            if c.tool == "python-docx"
        }
        lo_cases = [c for c in chosen if c.tool == "libreoffice"]
        if lo_cases and uno_python() is None:
            print("LibreOffice (with its Python uno module) is not installed: its cases are kept")
        elif lo_cases:
            documents |= edit_with_libreoffice(lo_cases, folder)
        for case in chosen:
            if case.name not in documents:
                continue
            outcome = review(case, documents[case.name], folder / "projects" / case.name)
            (case.folder / "expected.txt").write_text(outcome.report, encoding="utf-8")
            applied = case.folder / "applied.yaml"
            if outcome.dataset != case.current:
                applied.write_bytes(outcome.dataset)
            elif applied.exists():
                applied.unlink()
            print(f"{case.name}: {outcome.report.splitlines()[-1]}")


if __name__ == "__main__":
    main()
