"""The preview's site: every output built into a folder of its own, rebuilt stage by stage.

Each stage calls what the commands call (`api.load`, `api.export`, the newsletter's dry run,
the reality check's report) and keeps its problem as the command would print it. A stage that
fails leaves its files as they were (exports write atomically and never half), so the pages
stay the last good ones while the problems are shown over them. A problem with the settings or
the data stops everything after it: nothing can be built from them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from pipeline.errors import PipelineError
from pipeline.preview.inputs import (
    CHECK,
    DATA,
    EVERYTHING,
    EXPORT,
    FROM_DATA,
    LETTER,
    SETTINGS,
    STAGES,
    inputs_of,
)
from pipeline.preview.live import Live
from pipeline.preview.views import PREVIEW, write_pages

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.preview.letter import Preview
    from pipeline.settings import Settings
    from pipeline.writers import Registry

Step = Callable[["Settings", "Dataset"], None]
NAMED = {f"{PREVIEW}/letter.html": "newsletter", f"{PREVIEW}/check.html": "reality check"}


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """One build, for the progress line."""

    changed: tuple[str, ...]
    """The inputs that changed, as the user names them (empty for the first build)."""
    rebuilt: tuple[str, ...]
    seconds: float
    problems: str
    """Every problem, exactly as the commands print them; '' when there are none."""
    count: int


class Site:
    def __init__(
        self,
        root: Path,
        *,
        config: str | None = None,
        source: str | None = None,
        source_date_epoch: str | None = None,
        registry: Registry | None = None,
    ) -> None:
        from pipeline.writers import discover

        self.root = root
        self.live = Live()
        self.config, self.source, self.epoch = config, source, source_date_epoch
        self.registry = registry or discover()
        self.settings: Settings | None = None
        self.dataset: Dataset | None = None
        """The last dataset that validated: the pages shown were built from it."""
        self.letter: Preview | None = None
        self.report: list[str] | None = None
        self.problems: dict[str, PipelineError] = {}
        self.inputs = inputs_of(None, self.settings_file, self.source_path, None)
        self._seen: dict[str, tuple[int, int, int]] = {}
        self._stamps: dict[Path, object] = {}
        self._load_settings()  # to know the files in use before the first build

    @property
    def settings_file(self) -> Path:
        from pipeline.settings import ENV_VAR, SETTINGS_FILE

        return Path(self.config or os.environ.get(ENV_VAR) or SETTINGS_FILE)

    @property
    def source_path(self) -> Path:
        """The dataset, named as `scenes validate` names it in its messages."""
        if self.source is not None:
            return Path(self.source)
        if self.settings is None:
            from pipeline.settings import Settings

            return Path(Settings().source)
        return self.settings.path(self.settings.source)

    def build(self, changed: Collection[Path] | None = None) -> Outcome:
        """Build what `changed` affects (everything when None), then tell the open pages."""
        started = time.perf_counter()
        self._stamps = self.inputs.stamps()  # before anything is read
        stages = EVERYTHING if changed is None else self.inputs.affected(changed)
        if SETTINGS in self.problems:
            stages = EVERYTHING  # nothing was built from the broken settings: try it all
        elif DATA in self.problems and stages:
            stages |= FROM_DATA
        self._run(stages)
        self._write_pages()
        rebuilt = self._scan()
        problems = "\n".join(self.problems[s].render() for s in STAGES if s in self.problems)
        self.live.publish(rebuilt, problems)
        return Outcome(
            changed=tuple(sorted(_shown(p) for p in changed or ())),
            rebuilt=tuple(_rebuilt(rebuilt)),
            seconds=time.perf_counter() - started,
            problems=problems,
            count=sum(len(e.diagnostics) or 1 for e in self.problems.values()),
        )

    def _run(self, stages: frozenset[str]) -> None:
        if SETTINGS in stages and not self._load_settings():
            return
        if DATA in stages:
            self._load_data()
        if self.settings is None or self.dataset is None or DATA in self.problems:
            return
        for stage, step in ((EXPORT, self._export), (LETTER, self._letter), (CHECK, self._check)):
            if stage in stages:
                self._attempt(stage, step, self.settings, self.dataset)

    def _load_settings(self) -> bool:
        from pipeline.preview.letter import ledger_path
        from pipeline.settings import load_settings

        try:
            self.settings, _ = load_settings(self.config)
        except PipelineError as exc:
            self.problems = {SETTINGS: exc}  # the other stages' problems may no longer hold
            return False
        self.problems.pop(SETTINGS, None)
        self.inputs = inputs_of(
            self.settings, self.settings_file, self.source_path, ledger_path(self.settings)
        )
        self._stamps = {**self.inputs.stamps(), **self._stamps}  # the files named now, too
        return True

    def missed(self) -> set[Path]:
        """The inputs changed since the last build began, as far as their size, time and
        inode tell (for the moment between two watchers, when nothing was watching)."""
        now = self.inputs.stamps()
        return {path for path, stamp in now.items() if self._stamps.get(path, stamp) != stamp}

    def _load_data(self) -> None:
        from pipeline import api

        try:
            self.dataset = api.load(self.source_path, self.settings)
        except PipelineError as exc:
            self.problems = {DATA: exc}
            return
        self.problems.pop(DATA, None)

    def _attempt(self, stage: str, step: Step, settings: Settings, dataset: Dataset) -> None:
        try:
            step(settings, dataset)
        except PipelineError as exc:
            self.problems[stage] = exc
        else:
            self.problems.pop(stage, None)

    def _export(self, settings: Settings, dataset: Dataset) -> None:
        from pipeline import api

        names = self.registry.expand(["all"])
        options = api.writer_options(settings, None, None, self.epoch, names)
        # held to the record of published ids (a rename shows its problem), adding nothing to it
        api.export(dataset, names, self.root, options, self.registry, jobs=1, publishing=False)

    def _letter(self, settings: Settings, dataset: Dataset) -> None:
        from pipeline.preview.letter import preview

        self.letter = preview(dataset, settings)

    def _check(self, _settings: Settings, dataset: Dataset) -> None:
        from pipeline import reality

        self.report = list(reality.report(dataset))

    def _write_pages(self) -> None:
        write_pages(self)

    def _scan(self) -> list[str]:
        """The site's files that changed since the last scan (a rewritten file is a new inode:
        every write is a rename over the old one, and identical bytes are never rewritten)."""
        now: dict[str, tuple[int, int, int]] = {}
        for folder, subfolders, files in os.walk(self.root):
            subfolders[:] = [s for s in subfolders if not s.startswith(".")]
            for name in files:
                if not name.startswith("."):
                    path = Path(folder, name)
                    status = path.lstat()
                    key = path.relative_to(self.root).as_posix()
                    now[key] = (status.st_ino, status.st_mtime_ns, status.st_size)
        changed = sorted(k for k, v in now.items() if self._seen.get(k) != v)
        self._seen = now
        return changed


def _shown(path: Path) -> str:
    """A path relative to the working folder when it is inside it, as the user typed it."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def _rebuilt(changed: list[str]) -> list[str]:
    top = [name for name in changed if "/" not in name]
    return top + [label for name, label in NAMED.items() if name in changed]
