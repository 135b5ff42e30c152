"""Hostile and malformed documents for `scenes review`, each with the message it must give.

Every builder takes a valid export (bytes) and returns the document's bytes. Bombs are made in
milliseconds: a deflate block of zeros ending in a full flush is independent of what came
before, so one block repeated is a valid stream of any length.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import zipfile
import zlib
from collections.abc import Callable

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BASE = "customXml/scenes-base.xml"
GIB = 1024**3


def parts(docx: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(docx))
    return {name: archive.read(name) for name in archive.namelist()}


def package(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def changed(docx: bytes, **replace: bytes | None) -> bytes:
    """The package with parts replaced (None removes one); keyword names use '__' for '/'."""
    files = parts(docx)
    for key, data in replace.items():
        name = key.replace("__", "/").replace("_dot_", ".")
        if data is None:
            files.pop(name, None)
        else:
            files[name] = data
    return package(files)


def with_base(docx: bytes, text: str) -> bytes:
    """The base data replaced *and* its SHA-256 property updated: a consistent forgery, so
    what follows the hash check is tested."""
    files = parts(docx)
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    files[BASE] = f'<?xml version="1.0"?><base xmlns="urn:scenes:base:1">{escaped}</base>'.encode()
    digest = hashlib.sha256(text.encode()).hexdigest()
    custom = files["docProps/custom.xml"].decode()
    files["docProps/custom.xml"] = re.sub(r"[0-9a-f]{64}", digest, custom).encode()
    return package(files)


def base_text(docx: bytes) -> str:
    xml = parts(docx)[BASE].decode()
    text = xml[xml.index(">", xml.index("<base")) + 1 : xml.index("</base>")]
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


Entry = tuple[str, bytes, int, int, int, int]
"""(name, stored bytes, compression method, declared size, flags, CRC-32)."""


def raw_zip(entries: list[Entry]) -> bytes:
    """A zip written by hand, so sizes and flags can say what the data is not."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, data, method, size, flags, crc in entries:
        offset, encoded = out.tell(), name.encode()
        fields = (flags, method, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *fields) + encoded + data)
        central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, *fields, 0, 0, 0, 0, offset)
        directory.write(central + encoded)
    cd = directory.getvalue()
    count = len(entries)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(cd), out.tell(), 0)
    return out.getvalue() + cd + end


def _entry(name: str, data: bytes) -> Entry:
    return (name, zlib.compress(data)[2:-4], 8, len(data), 0, zlib.crc32(data))


def repeated(
    head: bytes, chunk: bytes, times: int, tail: bytes, *, crc: bool = True
) -> tuple[bytes, int, int]:
    """A raw deflate stream of head + chunk * times + tail, its CRC-32 (0 unless `crc`: a bomb
    is never read to its end) and size, made in milliseconds: after a full flush deflate
    forgets what came before, so one compressed chunk repeated is the compressed repetition."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    size = len(head) + len(chunk) * times + len(tail)
    if not crc:
        return start + block * times + end, 0, size
    checksum = zlib.crc32(head)
    for _ in range(times):
        checksum = zlib.crc32(chunk, checksum)
    return start + block * times + end, zlib.crc32(tail, checksum), size


def bomb(docx: bytes, part: str, declared: int) -> bytes:
    """`part` replaced by a gibibyte of zeros; its headers declare `declared` bytes."""
    entries = [_entry(n, d) for n, d in parts(docx).items() if n != part]
    zeros, crc, _ = repeated(b"", b"\0" * 2**20, GIB // 2**20, b"", crc=False)
    return raw_zip([*entries, (part, zeros, 8, declared, 0, crc)])


def flagged(docx: bytes, part: str, *, method: int = 8, flags: int = 0) -> bytes:
    """`part` stored with another compression method or flags (1: encrypted)."""
    entries = [_entry(name, data) for name, data in parts(docx).items()]
    return raw_zip(
        [(e[0], e[1], method, e[3], flags, e[5]) if e[0] == part else e for e in entries]
    )


def many_entries(docx: bytes) -> bytes:
    empty = [
        (f"word/media/an-image-an-editor-pasted-{i:05}.png", b"", 0, 0, 0, 0) for i in range(20_000)
    ]
    return raw_zip([*(_entry(n, d) for n, d in parts(docx).items()), *empty])


def zip64_marked(docx: bytes) -> bytes:
    at = docx.rindex(b"PK\x05\x06")
    return docx[: at + 8] + struct.pack("<2H", 0xFFFF, 0xFFFF) + docx[at + 12 :]


def document_xml(docx: bytes) -> bytes:
    return parts(docx)["word/document.xml"]


def _w(body: str) -> bytes:
    return f'<w:document xmlns:w="{W_NS}">{body}</w:document>'.encode()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']><w:document xmlns:w="'
    + W_NS.encode()
    + b'"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">&xxe;</Properties>'
)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _base(docx: bytes) -> dict:
    return json.loads(base_text(docx))


def _duplicate_ids(docx: bytes) -> bytes:
    data = _base(docx)
    data["scenes"][1]["id"] = data["scenes"][0]["id"]
    return with_base(docx, _json(data))


def _negative(docx: bytes) -> bytes:
    data = _base(docx)
    data["scenes"][0]["claims"][0]["value"] = -5
    return with_base(docx, _json(data))


def _empty_scenes(docx: bytes) -> bytes:
    data = _base(docx)
    flood = _json({**data, "scenes": []})[:-2] + ",".join(["{}"] * 3_400) + "]}"
    return with_base(docx, flood)


def _forged_bookmarks(docx: bytes) -> bytes:
    xml = document_xml(docx).replace(b'w:name="scn_', b'w:name="scn_forged')
    return changed(docx, word__document_dot_xml=xml)


def _fields_never_closed(docx: bytes) -> bytes:
    """Every field's bookmark opened at the top and never closed, then 300,000 pieces of text:
    each would go into every field."""
    names = re.findall(rb'w:name="(scn_[a-z0-9_]+)"', document_xml(docx))
    starts = "".join(
        f'<w:bookmarkStart w:id="{i}" w:name="{n.decode()}"/>' for i, n in enumerate(names)
    )
    return changed(
        docx,
        word__document_dot_xml=_w(
            f"<w:body><w:p>{starts}<w:r>" + "<w:tab/>" * 300_000 + "</w:r></w:p></w:body>"
        ),
    )


def _three_big_parts(docx: bytes) -> bytes:
    """Three 24 MiB parts, each within the limit and valid XML with little markup, read (the
    base data is last) until together they pass 64 MiB."""
    big, crc, size = repeated(b"<a>", b"x" * (2**20 - 4) + b"<b/>", 24, b"</a>")
    files = parts(docx)
    files["customXml/z-base.xml"] = files.pop(BASE)
    entries = [_entry(n, d) for n, d in files.items()]
    return raw_zip([*entries, *((f"customXml/a{i}.xml", big, 8, size, 0, crc) for i in range(3))])


HOSTILE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "zip-bomb": (
        lambda d: bomb(d, "word/document.xml", GIB),
        "word/document.xml inflates beyond 32 MiB (64 MiB for all parts); not a document to review",
    ),
    "zip-bomb-with-lying-size": (
        lambda d: bomb(d, "word/document.xml", 2000),
        "word/document.xml cannot be read (Bad CRC-32 for file 'word/document.xml')",
    ),
    "zip-bomb-in-the-base": (
        lambda d: bomb(d, BASE, GIB),
        f"{BASE} inflates beyond 32 MiB",
    ),
    "parts-too-large-together": (
        _three_big_parts,
        "(64 MiB for all parts); not a document to review",
    ),
    "too-many-zip-entries": (many_entries, "not a document: its zip lists 20,021 entries"),
    "zip64-marker": (zip64_marked, "a ZIP64 archive; no document needs one"),
    "not-a-zip": (
        lambda d: b"PK\x03\x04 this is no zip" * 20,
        "not a readable .docx (not a zip file)",
    ),
    "truncated-zip": (lambda d: d[: len(d) // 2], "not a readable .docx (not a zip file)"),
    "encrypted-part": (
        lambda d: flagged(d, "word/document.xml", flags=1),
        "word/document.xml is encrypted; not a document to review",
    ),
    "unknown-compression": (
        lambda d: flagged(d, "word/document.xml", method=99),
        "word/document.xml cannot be read (That compression method is not supported)",
    ),
    "no-document-part": (
        lambda d: changed(d, word__document_dot_xml=None),
        "not a readable .docx (it has no word/document.xml)",
    ),
    "no-body": (
        lambda d: changed(d, word__document_dot_xml=_w("")),
        "its word/document.xml has no body",
    ),
    "deep-xml": (
        lambda d: changed(
            d,
            word__document_dot_xml=_w(
                "<w:body>" + "<w:p>" * 100_000 + "</w:p>" * 100_000 + "</w:body>"
            ),
        ),
        "word/document.xml is not well-formed XML (Excessive depth in document: 256",
    ),
    "billion-laughs": (
        lambda d: changed(d, word__document_dot_xml=LAUGHS),
        "word/document.xml has a document type declaration (entities); refused",
    ),
    "external-entity": (
        lambda d: changed(d, docProps__custom_dot_xml=XXE),
        "docProps/custom.xml has a document type declaration (entities); refused",
    ),
    "undeclared-entity": (
        lambda d: changed(
            d, word__document_dot_xml=_w("<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body>")
        ),
        "word/document.xml is not well-formed XML (Entity 'xxe' not defined",
    ),
    "utf-16-part": (
        lambda d: changed(
            d,
            word__document_dot_xml=document_xml(d)
            .decode()
            .replace("UTF-8", "UTF-16")
            .encode("utf-16"),
        ),
        "word/document.xml is not UTF-8 XML",
    ),
    "element-flood": (
        lambda d: changed(
            d, word__document_dot_xml=_w("<w:body>" + "<w:p/>" * 1_100_000 + "</w:body>")
        ),
        "more markup than a reviewable document (600,000 tags and attributes in all, reached in word/document.xml)",
    ),
    "attribute-flood": (
        lambda d: changed(
            d,
            word__document_dot_xml=_w("<w:body" + ' a=""' * 1_100_000 + "/>"),
        ),
        "more markup than a reviewable document",
    ),
    "largest-structure-allowed": (
        # just under the markup limit, two nodes per '<': the most a document can make lxml
        # build and the walk visit; it is refused when no field is found
        lambda d: changed(
            d, word__document_dot_xml=_w("<w:body><w:p>" + "x<w:br/>" * 599_000 + "</w:p></w:body>")
        ),
        "exported by scenes, but its anchors (bookmarks named scn_…) are gone",
    ),
    "tracked-insertion-flood": (
        # one pending insertion of 590,000 pieces: gathered in linear time, not quadratic
        lambda d: changed(
            d,
            word__document_dot_xml=_w(
                '<w:body><w:p><w:ins w:author="x"><w:r>'
                + "<w:tab/>" * 590_000
                + "</w:r></w:ins></w:p></w:body>"
            ),
        ),
        "exported by scenes, but its anchors (bookmarks named scn_…) are gone",
    ),
    "fields-never-closed": (
        _fields_never_closed,
        "its fields overlap more than any document's (bookmarks nested or never closed)",
    ),
    "broken-comments": (
        lambda d: changed(d, word__comments_dot_xml=b"<w:comments><w:comment"),
        "word/comments.xml is not well-formed XML",
    ),
    "broken-custom-properties": (
        lambda d: changed(d, docProps__custom_dot_xml=b"<Properties><property"),
        "docProps/custom.xml is not well-formed XML",
    ),
    "broken-base-xml": (
        lambda d: changed(d, **{BASE.replace("/", "__").replace(".", "_dot_"): b"<base>{"}),
        f"{BASE} is not well-formed XML",
    ),
    "forged-base": (
        lambda d: changed(
            d,
            **{
                BASE.replace("/", "__").replace(".", "_dot_"): parts(d)[BASE].replace(
                    b"1673", b"1674"
                )
            },
        ),
        "the exported data it carries does not match its recorded SHA-256; the document was altered outside an editor",
    ),
    "base-missing": (
        lambda d: changed(d, **{BASE.replace("/", "__").replace(".", "_dot_"): None}),
        "the exported data it was made from is missing",
    ),
    "hash-missing": (
        lambda d: changed(d, docProps__custom_dot_xml=None),
        "the SHA-256 of the exported data it carries is missing",
    ),
    "base-not-json": (
        lambda d: with_base(d, "{'scenes': nope"),
        "the exported data it carries is not JSON (Expecting property name enclosed in double quotes",
    ),
    "base-nested-deeply": (
        lambda d: with_base(d, "[" * 100_000 + "]" * 100_000),
        "the exported data it carries is not JSON (nested too deeply)",
    ),
    "base-wrong-shape": (
        lambda d: with_base(d, "[1, 2, 3]"),
        "is not a dataset (expected a mapping with 'collection' and 'scenes')",
    ),
    "base-container-flood": (
        lambda d: with_base(d, "[" + "{}," * 300_000 + "{}]"),
        "the exported data it carries is larger than any dataset's",
    ),
    "base-of-a-million-paragraphs": (
        lambda d: with_base(
            d,
            _json(
                {**_base(d), "collection": {**_base(d)["collection"], "intro": ["a"] * 1_000_000}}
            ),
        ),
        "the exported data it carries has more than 60,000 fields",
    ),
    "base-of-too-many-scenes": (
        lambda d: with_base(d, _json({**_base(d), "scenes": _base(d)["scenes"] * 400})),
        "the exported data it carries has 5,200 scenes; documents of over 3,500 scenes cannot be reviewed",
    ),
    "base-of-broken-scenes": (
        _empty_scenes,
        "is not a valid dataset: scenes[0]: missing required field 'id'",
    ),
    "base-with-duplicate-ids": (
        _duplicate_ids,
        "is not a valid dataset: scenes[1].id: duplicate id 'the-mummy-returns', already used by scenes[0]",
    ),
    "base-invalid-value": (
        _negative,
        "is not a valid dataset: scenes[0].claims[0].value: must be greater than 0, got -5",
    ),
    "forged-bookmarks-only": (
        _forged_bookmarks,
        "its bookmarks named scn_… are not those of the data it carries",
    ),
}
