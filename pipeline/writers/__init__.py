"""The Writer protocol and the registry of output formats.

Built-in writers are declared in the entry point group `pipeline.writers` of pyproject.toml,
exactly as a third party's are; a checkout that was never installed reads the same declaration
from its pyproject.toml. A writer module is imported when its format is asked for, never before.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

import msgspec

from pipeline.errors import WriterError

if TYPE_CHECKING:
    from pipeline.model import Dataset
    from pipeline.settings import Settings
    from pipeline.templating import Template

GROUP = "pipeline.writers"
BUILTIN_PROVIDER = "scenes"
"""The distribution that provides the built-in writers (this package)."""
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


class WriterOptions(msgspec.Struct, frozen=True):
    """Everything a writer may use besides the dataset. Read by the API, never by writers."""

    settings: Settings = msgspec.field(default_factory=lambda: _default_settings())
    templates: Mapping[str, Template] = msgspec.field(default_factory=dict)
    """The user's templates by the format they lay out ('text', 'html'), read by the caller.
    A writer takes its own (`template_for`): the text layout never reaches the page."""
    parts: Mapping[str, tuple[Template, ...]] = msgspec.field(default_factory=dict)
    """A user's template folder, by format: each file replaces the built-in part of its name."""
    reference_docx: bytes | None = None
    """The bytes of a house-style .docx whose styles the DOCX writer builds on."""
    reference_name: str = ""
    source_date_epoch: int | None = None
    """SOURCE_DATE_EPOCH, read by the caller: the time to use where the data gives none."""

    def template_for(self, format: str) -> Template | None:
        """The user's template for this format, or None for the built-in layout."""
        return self.templates.get(format)

    def parts_for(self, format: str) -> tuple[Template, ...]:
        return tuple(self.parts.get(format, ()))


def _default_settings() -> Settings:
    from pipeline.settings import Settings

    return Settings()


@runtime_checkable
class Writer(Protocol):
    """A format. Besides these, a writer may declare `filename` (ClassVar[str]) to write a file
    other than scenes<extension>, as the feeds do; `output_name` reads it."""

    name: ClassVar[str]
    """The --format value, e.g. "rss"."""
    extension: ClassVar[str]
    """The file extension with its dot, e.g. ".xml"."""
    media_type: ClassVar[str]

    def render(self, dataset: Dataset, options: WriterOptions) -> bytes:
        """The whole output. Pure: no file I/O, no clock, no global state."""
        ...


def output_name(writer: Writer) -> str:
    """The file a format writes in the output folder: scenes<extension> unless it names its own."""
    return getattr(writer, "filename", None) or f"scenes{writer.extension}"


class WriterEntry(msgspec.Struct, frozen=True):
    """A format known by name, not yet imported."""

    name: str
    target: str
    provider: str
    conflicts: tuple[str, ...] = ()

    def load(self) -> Writer:
        if self.conflicts:
            providers = ", ".join(sorted({self.provider, *self.conflicts}))
            raise WriterError(
                f"format {self.name!r} is claimed by more than one package: {providers}"
            )
        module_name, _, attr = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise WriterError(self._where(f"cannot be imported: {exc}")) from None
        except Exception as exc:  # a plugin module that crashes on import fails alone
            raise WriterError(
                self._where(f"failed on import: {type(exc).__name__}: {exc}")
            ) from None
        obj = getattr(module, attr, None)
        if obj is None:
            raise WriterError(self._where(f"has no {attr!r}"))
        self.check(obj)  # before instantiating: a class that is no writer must not run
        try:
            writer = obj() if isinstance(obj, type) else obj
        except Exception as exc:  # third-party code: any failure is that plugin's, not ours
            raise WriterError(self._where(f"could not be created: {exc}")) from None
        return writer  # type: ignore[no-any-return]

    def check(self, writer: object) -> None:
        """Refuse an object that does not fulfil the Writer protocol, naming the problem."""
        for attribute in ("name", "extension", "media_type"):
            value = getattr(writer, attribute, None)
            if not isinstance(value, str) or not value:
                raise WriterError(self._where(f"declares no {attribute}"))
        if writer.name != self.name:  # type: ignore[attr-defined]
            got = writer.name  # type: ignore[attr-defined]
            raise WriterError(self._where(f"names itself {got!r}, not {self.name!r}"))
        if not writer.extension.startswith("."):  # type: ignore[attr-defined]
            raise WriterError(self._where("has an extension without a leading dot"))
        if not callable(getattr(writer, "render", None)):
            raise WriterError(self._where("has no render() method"))

    def _where(self, problem: str) -> str:
        return f"writer {self.name!r} ({self.target}, from {self.provider}) {problem}"


class Registry:
    """Formats by name. Broken or clashing plugins fail alone, with a message naming them."""

    def __init__(self, entries: Iterable[WriterEntry] = ()) -> None:
        self._entries: dict[str, WriterEntry] = {}
        self._loaded: dict[str, Writer] = {}
        self.problems: list[str] = []
        """Plugins refused while registering (a built-in's name claimed by another package)."""
        for entry in entries:
            self._register(entry)

    def add(self, writer: Writer, provider: str = "in-process") -> None:
        """Register a writer object directly (a program embedding the pipeline, or a test)."""
        kind = type(writer)
        entry = WriterEntry(
            getattr(writer, "name", ""), f"{kind.__module__}:{kind.__qualname__}", provider
        )
        entry.check(writer)
        if entry.name in self._entries:
            raise WriterError(f"format {entry.name!r} is already registered")
        self._entries[entry.name] = entry
        self._loaded[entry.name] = writer

    def _register(self, entry: WriterEntry) -> None:
        known = self._entries.get(entry.name)
        if known is None or known.target == entry.target:
            self._entries.setdefault(entry.name, entry)
            return
        if entry.provider == BUILTIN_PROVIDER:
            known, entry = entry, known
            self._entries[entry.name] = known
        if known.provider == BUILTIN_PROVIDER:
            self.problems.append(
                f"plugin {entry.provider} ({entry.target}) claims the format name "
                f"{entry.name!r}, which belongs to the built-in writer; the plugin is ignored"
            )
            return
        clash = (*known.conflicts, entry.provider)
        self._entries[entry.name] = WriterEntry(known.name, known.target, known.provider, clash)

    def names(self) -> list[str]:
        return sorted(self._entries)

    def entry(self, name: str) -> WriterEntry:
        """The format of that name, in any case (`JSON` is json); WriterError otherwise,
        suggesting the likely one (`txt`: did you mean 'text'?) and listing them all."""
        found = self._entries.get(name)
        if found is None:
            same = [known for known in self._entries if known.lower() == name.lower()]
            found = self._entries[same[0]] if len(same) == 1 else None
        if found is None:
            available = ", ".join(self.names())
            guess = self.likely(name)
            hint = f" (did you mean {' or '.join(map(repr, guess))}?)" if guess else ""
            raise WriterError(f"unknown format {name!r}{hint}; available: {available}, all")
        return found

    def likely(self, name: str) -> list[str]:
        """The formats a mistyped name probably means: a close spelling (`jsn`), or the
        formats whose file ends so (`txt`: text; `xml`: atom or rss)."""
        import difflib

        lowered = {known.lower(): known for known in self._entries}
        close = difflib.get_close_matches(name.lower(), [*lowered, "all"], n=1, cutoff=0.6)
        if close:
            return [lowered.get(close[0], close[0])]
        suffix = "." + name.lower().lstrip(".")
        return [known for known in self.names() if self._writes(known).endswith(suffix)]

    def _writes(self, name: str) -> str:
        """The file a format writes ("" when it cannot be loaded): only to suggest a format,
        after a mistake, so importing every writer costs nothing that matters."""
        try:
            return output_name(self.get(name)).lower()
        except WriterError:
            return ""

    def get(self, name: str) -> Writer:
        if name not in self._loaded:
            name = self.entry(name).name
            if name not in self._loaded:
                self._loaded[name] = self.entry(name).load()
        return self._loaded[name]

    def expand(self, names: Iterable[str]) -> list[str]:
        """Format names in the order asked, with "all" standing for every format, no repeats;
        an unknown name raises WriterError listing the available ones."""
        out: list[str] = []
        for name in names:
            for one in self.names() if name.lower() == "all" else [self.entry(name).name]:
                if one not in out:
                    out.append(one)
        return out


def discover() -> Registry:
    """Every installed writer; in a checkout that was never installed, the built-ins declared
    in its pyproject.toml (the declaration the installed metadata is made from)."""
    entries = [WriterEntry(name, target, dist) for name, target, dist in entry_points(GROUP)]
    if not any(e.provider == BUILTIN_PROVIDER for e in entries):
        entries += [WriterEntry(n, t, BUILTIN_PROVIDER) for n, t in declared_builtins().items()]
    return Registry(entries)


def declared_builtins() -> dict[str, str]:
    """The built-in writers as pyproject.toml declares them (empty outside a checkout)."""
    import tomllib

    try:
        project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
        return dict(project["entry-points"][GROUP])
    except (OSError, KeyError, ValueError):
        return {}


def entry_points(group: str) -> list[tuple[str, str, str]]:
    """(name, target, distribution) of every entry point in `group`, as importlib.metadata
    finds them: the distributions (*.dist-info, *.egg-info) on sys.path, the first of a name
    winning. Read directly, because importing importlib.metadata (email, csv, zipfile...)
    costs more start-up than everything `scenes export -f json` does; a test holds the two
    to the same answer."""
    found: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for folder in sys.path:
        try:
            names = sorted(os.listdir(folder or "."))  # noqa: PTH208 (sorting strings is cheaper)
        except OSError:
            continue  # a zip file or a missing folder holds no installed distribution here
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            base = Path(folder or ".", name)
            distribution = _distribution_name(base) or base.name.split("-")[0]
            key = re.sub(r"[-_.]+", "-", distribution).lower()
            if key in seen:
                continue
            seen.add(key)
            found += [(n, t, distribution) for n, t in _group(base, group)]
    return found


def _distribution_name(base: Path) -> str | None:
    for metadata in ("METADATA", "PKG-INFO"):
        try:
            with (base / metadata).open(encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("Name:"):
                        return line[5:].strip()
                    if not line.strip():
                        break  # the headers end at the first blank line
        except OSError:
            continue
    return None


def _group(base: Path, group: str) -> list[tuple[str, str]]:
    try:
        text = (base / "entry_points.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    entries, current = [], None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
        elif current == group and "=" in line:
            name, _, target = line.partition("=")
            entries.append((name.strip(), target.strip()))
    return entries
