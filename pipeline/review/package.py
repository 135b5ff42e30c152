"""An edited .docx opened as untrusted input: bounded in size and in work.

Each limit is checked before the costly step it guards: the file's size before it is read, the
zip's central directory before Python parses it, each part's inflated size while it inflates (a
zip bomb stops at the limit, whatever its headers claim), and the amount of markup before lxml
builds a tree (about 250 bytes of memory per tag or attribute). The XML parser resolves no
entities, loads no DTD, never reaches the network and keeps libxml2's own limits on depth and
text size (no huge_tree); a part with a document type declaration is refused outright, as Word
and LibreOffice never write one. Every failure is a one-line ReviewError naming the file.

The default limits let documents of up to 3,500 scenes through (a 3,400-scene export holds some
600,000 tags and attributes; the article has 13) and keep the worst document under them to about
200 MB and 1.5 seconds on a 2-core test machine (tests/review/hostile.py,
"largest-structure-allowed"). `[limits] review_scenes` raises them all in proportion, for a team
that reviews larger documents and accepts what the worst one may then cost.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import NoReturn

import msgspec
from lxml import etree

from pipeline.errors import ReviewError

MAX_DOCX_BYTES = 64 * 1024 * 1024
"""The .docx file itself (images included)."""
MAX_CENTRAL_DIRECTORY = 1024 * 1024
"""The zip's table of contents: about 20,000 entries; a document has a few dozen."""
MAX_PART_BYTES = 32 * 1024 * 1024
"""One part, inflated."""
MAX_INFLATED_BYTES = 64 * 1024 * 1024
"""Every part review reads, inflated, together."""
MAX_MARKUP = 600_000
"""'<' and '=' in every XML part review reads: a bound on the nodes lxml builds."""
MAX_SCENES = 3_500
"""Scenes in the data a document carries, checked before that data is validated."""
MAX_FIELDS = 60_000
"""Anchored fields in the data a document carries (a scene has about 15): each is compared and
may be reported, so a base data of a million tiny intro paragraphs must not get that far."""

LARGER = "; raise [limits] review_scenes in scenes.toml to review larger ones"


class Limits(msgspec.Struct, frozen=True):
    """The bounds above, scaled by how many scenes a reviewable document may hold."""

    scenes: int = MAX_SCENES

    @property
    def _scale(self) -> float:
        return max(1.0, self.scenes / MAX_SCENES)

    @property
    def docx_bytes(self) -> int:
        return int(MAX_DOCX_BYTES * self._scale)

    @property
    def part_bytes(self) -> int:
        return int(MAX_PART_BYTES * self._scale)

    @property
    def inflated_bytes(self) -> int:
        return int(MAX_INFLATED_BYTES * self._scale)

    @property
    def markup(self) -> int:
        return int(MAX_MARKUP * self._scale)

    @property
    def fields(self) -> int:
        return int(MAX_FIELDS * self._scale)


DEFAULT_LIMITS = Limits()

_END_OF_DIRECTORY = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,  # an encrypted part
    NotImplementedError,  # a compression method zipfile lacks
    struct.error,
)


def read_file(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a .docx, refusing a file over the size limit before reading it all."""
    from pipeline.source.files import NotAFile, read_at_most

    try:
        data = read_at_most(path, limits.docx_bytes)
    except FileNotFoundError:
        raise ReviewError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReviewError(f"{path}: is a directory, expected a .docx to review") from None
    except NotAFile as exc:
        raise ReviewError(f"{path}: is {exc.kind}, expected a .docx to review") from None
    except OSError as exc:
        raise ReviewError(f"{path}: cannot read: {exc.strerror}") from None
    if len(data) > limits.docx_bytes:
        raise ReviewError(
            f"{path}: larger than {limits.docx_bytes // 2**20} MiB; not a document to review"
        )
    return data


class Package:
    """The parts of a .docx, read on demand within the limits above."""

    def __init__(self, data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.name = name
        self.limits = limits
        if len(data) > limits.docx_bytes:
            self._refuse(f"larger than {limits.docx_bytes // 2**20} MiB")
        self._check_directory(data)
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except _ZIP_ERRORS as exc:
            self._refuse(f"not a readable .docx ({_short(exc)})")
        self.inflated = 0
        self.markup = 0
        self.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
            encoding="utf-8",  # a declared encoding cannot hide markup from the count
        )

    def _refuse(self, reason: str) -> NoReturn:
        raise ReviewError(f"{self.name}: {reason}")

    def _check_directory(self, data: bytes) -> None:
        """Refuse an oversized table of contents before zipfile parses it into objects."""
        at = len(data) - _END_OF_DIRECTORY.size
        if at < 0 or data[at : at + 4] != _END_SIGNATURE:  # zipfile's own search, then ours
            at = data.rfind(_END_SIGNATURE, max(0, len(data) - 65536 - _END_OF_DIRECTORY.size))
        if at < 0 or len(data) - at < _END_OF_DIRECTORY.size:
            self._refuse("not a readable .docx (not a zip file)")
        fields = _END_OF_DIRECTORY.unpack_from(data, at)
        entries, size = fields[4], fields[5]
        if entries == 0xFFFF or size == 0xFFFFFFFF:
            self._refuse("a ZIP64 archive; no document needs one")
        if size > MAX_CENTRAL_DIRECTORY:
            self._refuse(f"not a document: its zip lists {entries:,} entries")

    def names(self) -> list[str]:
        return self.zip.namelist()

    def read(self, part: str) -> bytes | None:
        """A part's bytes (None when absent), inflating no more than the limits allow."""
        try:
            info = self.zip.getinfo(part)
        except KeyError:
            return None
        if info.flag_bits & 0x1:
            self._refuse(f"{part} is encrypted; not a document to review")
        limit = min(self.limits.part_bytes, self.limits.inflated_bytes - self.inflated)
        if info.file_size > limit:
            self._too_large(part)
        try:
            with self.zip.open(info) as fh:
                data = fh.read(limit + 1)  # headers can lie: count what really comes out
        except _ZIP_ERRORS as exc:
            self._refuse(f"{part} cannot be read ({_short(exc)})")
        if len(data) > limit:
            self._too_large(part)
        self.inflated += len(data)
        return data

    def _too_large(self, part: str) -> NoReturn:
        self._refuse(
            f"{part} inflates beyond {self.limits.part_bytes // 2**20} MiB "
            f"({self.limits.inflated_bytes // 2**20} MiB for all parts); not a document to review"
        )

    def xml(self, part: str) -> etree._Element | None:
        """A part parsed as XML (None when absent), within the markup budget."""
        data = self.read(part)
        if data is None:
            return None
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4]:
            self._refuse(f"{part} is not UTF-8 XML")
        if b"<!DOCTYPE" in data:
            self._refuse(f"{part} has a document type declaration (entities); refused")
        self.markup += data.count(b"<") + data.count(b"=")
        if self.markup > self.limits.markup:
            self._refuse(
                f"more markup than a reviewable document ({self.limits.markup:,} tags and "
                f"attributes in all, reached in {part}); documents of over about "
                f"{self.limits.scenes:,} scenes cannot be reviewed{LARGER}"
            )
        try:
            return etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as exc:
            self._refuse(f"{part} is not well-formed XML ({_short(exc)})")


def _short(exc: BaseException) -> str:
    """An exception's message on one line, short enough for a terminal (without lxml's note
    of where the bytes came from, which is always a string here)."""
    text = " ".join(str(exc).split()).removesuffix(" (<string>, line 1)") or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"
