"""A house-style document checked before python-docx reads it: it is a user's file, and maybe
not a friendly one.

python-docx parses every XML part whole, with lxml's defaults, and expects Word's own shapes,
so a document it cannot take would end in a traceback or, for a zip bomb or an entity bomb, in
the machine's memory running out. Here each part is inflated within a bound (whatever the zip
headers claim), XML with a document type declaration (entity expansion, external entities) is
refused, every XML part must be well-formed, and the parts python-docx builds on must have the
root Word gives them. A Word template (.dotx) is taken as the document it is: only its
content type says "template". Whatever it reaches outside itself with (an attached template on
a server, linked pictures, fields that fetch files, hyperlinks) is taken out
(`_docx_outside`), and named for a warning.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib

import msgspec
from lxml import etree

from pipeline.errors import WriterError
from pipeline.writers._docx_outside import inward
from pipeline.writers.docx_layout import W_NS

MAX_PART_BYTES = 32 * 1024 * 1024
"""One part, inflated (as review bounds an edited document's)."""
MAX_INFLATED_BYTES = 128 * 1024 * 1024
"""Every part, inflated, together (images included)."""
MAX_PARTS = 5_000
"""Parts in the zip; Word writes a few dozen."""

_ROOTS = {
    "word/document.xml": "document",
    "word/styles.xml": "styles",
    "word/settings.xml": "settings",
    "word/numbering.xml": "numbering",
    "word/fontTable.xml": "fonts",
}
_HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml")
_TEMPLATE_TYPE = b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
_TEMPLATE_TYPES = (
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    _TEMPLATE_TYPE,
)
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,  # an encrypted part
    NotImplementedError,  # a compression method zipfile lacks
)


class Vetted(msgspec.Struct, frozen=True):
    """A house-style document as python-docx gets it."""

    document: bytes
    """The document: a template's content type made a document's, nothing outside it."""
    dropped: tuple[str, ...] = ()
    """What it reached outside itself with, taken out: a phrase each, for a warning."""


def vetted(reference: bytes, name: str) -> bytes:
    """The document, ready for python-docx (see `vet`)."""
    return vet(reference, name).document


@functools.lru_cache(maxsize=2)
def vet(reference: bytes, name: str) -> Vetted:
    """The document, ready for python-docx, and what was taken out of it; or WriterError
    naming the file and what is wrong with it. Remembered for the last two documents: an
    export vets its reference when reading it, for its notes and in the writer (and python's
    hash of the bytes costs a fraction of a millisecond)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(reference))
        infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise WriterError(f"{name}: not a usable .docx (not a zip file: {_short(exc)})") from None
    if len(infos) > MAX_PARTS:
        raise WriterError(f"{name}: not a usable .docx (its zip lists {len(infos):,} entries)")
    parts = _inflated(archive, infos, name)
    for part, data in parts.items():
        if part.endswith((".xml", ".rels")):
            _check_xml(name, part, data)
    if "word/document.xml" not in parts:
        raise WriterError(f"{name}: not a usable .docx (it has no word/document.xml)")
    changed, dropped = inward(parts)
    types = parts.get("[Content_Types].xml", b"")
    if any(t in types for t in _TEMPLATE_TYPES):
        changed["[Content_Types].xml"] = _as_document(types)
    if not changed:
        return Vetted(reference)
    return Vetted(_repacked(infos, {**parts, **changed}), tuple(dropped))


def _inflated(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> dict:
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise WriterError(f"{name}: not a usable .docx ({info.filename} is encrypted)")
        limit = min(MAX_PART_BYTES, MAX_INFLATED_BYTES - total)
        try:
            with archive.open(info) as fh:
                data = fh.read(limit + 1)  # headers can lie: count what really comes out
        except _ZIP_ERRORS as exc:
            raise WriterError(
                f"{name}: not a usable .docx ({info.filename} cannot be read: {_short(exc)})"
            ) from None
        if len(data) > limit:
            raise WriterError(
                f"{name}: not a usable .docx ({info.filename} inflates beyond "
                f"{MAX_PART_BYTES // 2**20} MiB, or all parts beyond "
                f"{MAX_INFLATED_BYTES // 2**20} MiB)"
            )
        total += len(data)
        parts[info.filename] = data
    return parts


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _check_xml(name: str, part: str, data: bytes) -> None:
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise WriterError(
            f"{name}: not a usable .docx ({part} has a document type declaration; "
            "Word never writes one)"
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise WriterError(
            f"{name}: not a usable .docx ({part} is not well-formed XML: {_short(exc)})"
        ) from None
    expected = _ROOTS.get(part) or (
        _HEADER_FOOTER.fullmatch(part) and ("hdr" if "header" in part else "ftr")
    )
    if expected and root.tag != f"{{{W_NS}}}{expected}":
        raise WriterError(
            f"{name}: not a usable .docx ({part} holds <{etree.QName(root).localname}>, "
            f"not Word's <w:{expected}>)"
        )


def _as_document(types: bytes) -> bytes:
    """A Word template's content types as a document's: the main part's type changed."""
    for template in _TEMPLATE_TYPES:
        types = types.replace(template, _DOCUMENT_TYPE)
    return types


def _repacked(infos: list[zipfile.ZipInfo], parts: dict[str, bytes]) -> bytes:
    """The package again, in its own order, with `parts` as they are now."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            target.writestr(info.filename, parts[info.filename])
    return out.getvalue()


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"
