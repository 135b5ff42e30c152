"""The files a preview is made from, and what a change to each of them affects.

The settings file, the dataset, every template and reference document the settings name, and
the newsletter's ledger (read, never written): each maps to the parts of the preview that
depend on it, so a change to the page template rebuilds the page alone, and a change to the
data everything that shows the data.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from pipeline.settings import Settings

SETTINGS = "settings"
DATA = "data"
EXPORT = "export"
LETTER = "newsletter"
CHECK = "check"
STAGES = (SETTINGS, DATA, EXPORT, LETTER, CHECK)
"""The steps of a build, in order; a change affects some of them."""
EVERYTHING = frozenset(STAGES)
FROM_DATA = frozenset({DATA, EXPORT, LETTER, CHECK})


class Input(msgspec.Struct, frozen=True, kw_only=True):
    path: Path
    """Absolute, not resolved: how the user named it (links are followed separately)."""
    affects: frozenset[str]
    folder: bool = False
    """A template folder: any `*.j2` file in it counts."""


class Inputs(msgspec.Struct, frozen=True, kw_only=True):
    items: tuple[Input, ...]

    def affected(self, changed: Iterable[Path]) -> frozenset[str]:
        """The stages a set of changed paths affects. A folder created or removed on the way
        to an input (a template folder made after the settings named it) counts as the input;
        the watched folders themselves do not (their own attributes change as files do)."""
        watched = set(self.folders())
        stages: set[str] = set()
        for path in map(Path, changed):
            for item in self.items:
                if _touches(item, path, watched):
                    stages |= item.affects
        return frozenset(stages)

    def concerns(self, path: str) -> bool:
        """Whether a changed path is one of ours (watchfiles' filter)."""
        return bool(self.affected([Path(path)]))

    def stamps(self) -> dict[Path, object]:
        """What each input is on disk now (size, time, inode; a folder's templates), to tell
        later whether it changed while nothing was watching."""
        return {item.path: _stamp(item.path, item.folder) for item in self.items}

    def folders(self) -> tuple[Path, ...]:
        """The folders to watch, without recursion: each input's folder (and its link's
        target's), or the nearest one that exists. Editors save by renaming a new file over
        the old one, which a watch on the file itself would lose."""
        found: set[Path] = set()
        for item in self.items:
            for path in _forms(item.path):
                found.add(_existing(path if item.folder else path.parent))
        return tuple(sorted(found))


def inputs_of(
    settings: Settings | None, settings_file: Path, source: Path | None, ledger: Path | None
) -> Inputs:
    """What a preview with these settings is made from. Without valid settings only the
    settings file is known (and the previous dataset, if any)."""
    items = [Input(path=_absolute(settings_file), affects=EVERYTHING)]
    if source is not None:
        items.append(Input(path=_absolute(source), affects=FROM_DATA))
    if ledger is not None:
        items.append(Input(path=_absolute(ledger), affects=frozenset({LETTER})))
    if settings is not None:
        items += _templates(settings)
    return Inputs(items=tuple(items))


def _templates(settings: Settings) -> list[Input]:
    export, letter = frozenset({EXPORT}), frozenset({LETTER})
    named = [
        (settings.text.template, export),
        (settings.html.template, export),
        (settings.docx.reference, export),
        (settings.newsletter.template, letter),
        (settings.newsletter.html_template, letter),
    ]
    items = [Input(path=_absolute(settings.path(p)), affects=a) for p, a in named if p]
    if settings.text.template_dir:
        folder = _absolute(settings.path(settings.text.template_dir))
        items.append(Input(path=folder, affects=export, folder=True))
    return items


def _stamp(path: Path, folder: bool) -> object:
    try:
        if folder:
            return tuple(sorted((p.name, _stamp(p, False)) for p in path.glob("*.j2")))
        status = path.stat()
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ino)


def _touches(item: Input, path: Path, watched: set[Path]) -> bool:
    for form in _forms(item.path):
        if path == form:
            return True
        if item.folder and path.parent == form and path.suffix == ".j2":
            return True
        if form.is_relative_to(path) and path not in watched:
            return True
    return False


def _forms(path: Path) -> tuple[Path, ...]:
    """The path as named and as resolved (a link, or /tmp -> /private/tmp on macOS, whose
    file system events carry the real path)."""
    real = Path(os.path.realpath(path))
    return (path,) if real == path else (path, real)


def _absolute(path: Path) -> Path:
    return Path(os.path.normpath(path.absolute()))  # ".." folded, links kept


def _existing(folder: Path) -> Path:
    while not folder.is_dir() and folder.parent != folder:
        folder = folder.parent
    return folder
