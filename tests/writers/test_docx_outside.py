"""A house-style document that reaches outside itself: the editors' copy holds none of it (no
attached template on a server, no linked picture or object, no field that fetches a file, no
hyperlink, no macros), keeps the house's look, and the export says in one line what it left
out."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import docx
import pytest
from lxml import etree
from reaching_out import (
    ATTACKER,
    OFFICE,
    TEMPLATE_URL,
    attached_template,
    parts_of,
    plain,
    reaching_out,
    with_macros,
)

import pipeline
from pipeline.writers import WriterOptions
from pipeline.writers.docx_layout import W_NS

OUTSIDE = [
    b"TargetMode",  # python-docx writes TargetMode only for external relationships
    ATTACKER.encode(),
    b"/etc/passwd",
    b"attachedTemplate",
    b"mailMerge",
    b"INCLUDETEXT",
    b"INCLUDEPICTURE",
    b"DDEAUTO",
    b"r:link",
    b"OLEObject",
]
"""What no part of the editors' copy may hold."""


@pytest.fixture(scope="module")
def made(dataset) -> dict[str, bytes]:
    options = WriterOptions(reference_docx=reaching_out(), reference_name="house.docx")
    return parts_of(pipeline.render(dataset, "docx", options))


def test_the_break_it_document_s_template_and_link_stay_out(invoke, project):
    (project / "h").mkdir()
    (project / "h" / "tmpl.docx").write_bytes(attached_template())
    result = invoke("export", "-f", "docx", "--reference-docx", "h/tmpl.docx")
    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warning == [
        "warning: h/tmpl.docx: left out 2 things that reach outside the document or run code: "
        f"the attached template {TEMPLATE_URL} (word/settings.xml); "
        "a linked object file:///etc/passwd (word/document.xml)"
    ]
    parts = parts_of((project / "outputs" / "scenes.docx").read_bytes())
    for name, data in parts.items():
        for needle in OUTSIDE:
            assert needle not in data, f"{needle!r} in {name}"
    assert "word/_rels/settings.xml.rels" not in parts  # it held only the template's link


@pytest.mark.parametrize("needle", OUTSIDE)
def test_nothing_reaching_outside_reaches_the_editors_copy(made, needle):
    for name, data in made.items():
        assert needle not in data, f"{needle!r} in {name}"


def test_the_house_header_and_footer_keep_their_text_and_page_numbers(made):
    document = docx.Document(io.BytesIO(_package(made)))
    header = document.sections[0].header
    assert header.paragraphs[0].text == "House header: our site"  # the link's text stays
    footer = etree.tostring(document.sections[0].footer._element).decode()
    assert re.findall(r"<w:instrText[^>]*>([^<]*)<", footer) == [" PAGE "]  # it still counts
    assert "our site" in header.paragraphs[0].text and not header.part.rels


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils is not installed (.ci/run installs both)",
)
def test_libreoffice_shows_the_house_header_and_counts_the_pages(made, tmp_path):
    path = tmp_path / "scenes.docx"
    path.write_bytes(_package(made))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "scenes.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "House header: our site"
        assert lines[-1] == f"Page {number}"
    assert ATTACKER not in text


def _package(parts: dict[str, bytes]) -> bytes:
    from pipeline.writers._ooxml import ZIP_EPOCH, pack

    return pack(dict(parts), ZIP_EPOCH)


def test_the_warning_names_the_worst_first_in_one_line():
    from pipeline.writers._docx_vet import vet
    from pipeline.writers.docx import left_out

    line = left_out(reaching_out(), "house.docx")
    assert line is not None and "\n" not in line
    assert line.startswith(
        "house.docx: left out 11 things that reach outside the document or run code: "
        f"the attached template {TEMPLATE_URL} (word/settings.xml); the mail-merge settings"
    )
    assert line.endswith("; and 6 more")
    assert 'the field INCLUDETEXT "http://attacker.invalid/x.docx" (word/header1.xml)' in (
        "; ".join(vet(reaching_out(), "house.docx").dropped)
    )


def test_macros_of_a_word_template_stay_out(dataset):
    from pipeline.writers.docx import left_out

    options = WriterOptions(reference_docx=with_macros(), reference_name="house.dotm")
    parts = parts_of(pipeline.render(dataset, "docx", options))
    assert not [name for name in parts if "vba" in name.lower()]
    assert b"vbaProject" not in parts["[Content_Types].xml"]
    assert left_out(with_macros(), "house.dotm") == (
        "house.dotm: left out 1 thing that reaches outside the document or runs code: "
        "the macros (word/document.xml)"
    )


def test_a_house_document_reaching_nowhere_is_taken_as_it_is():
    from pipeline.writers._docx_vet import vet
    from pipeline.writers.docx import left_out

    document = plain()
    assert vet(document, "house.docx").document is document  # not even repacked
    assert left_out(document, "house.docx") is None


def test_a_clean_house_document_gives_no_warning(invoke, project):
    (project / "house.docx").write_bytes(plain())
    result = invoke("export", "-f", "docx", "--reference-docx", "house.docx")
    assert result.exit_code == 0 and "warning" not in result.stderr


# -- the rules, one part at a time ----------------------------------------------------------

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def header(body: str, rels: str = "") -> dict[str, bytes]:
    part = f'<w:hdr xmlns:w="{W_NS}" xmlns:r="{R}" xmlns:a="{A}"><w:p>{body}</w:p></w:hdr>'
    items = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>"
    )
    return {"word/header1.xml": part.encode(), "word/_rels/header1.xml.rels": items.encode()}


def rel(r_id: str, kind: str, target: str, external: bool = True) -> str:
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{r_id}" Type="{OFFICE}/{kind}" Target="{target}"{mode}/>'


def cleaned(parts: dict[str, bytes]) -> tuple[str, list[str]]:
    from pipeline.writers._docx_outside import inward

    changed, dropped = inward(parts)
    return {**parts, **changed}["word/header1.xml"].decode(), dropped


def field(instruction: str, shown: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f"<w:r><w:instrText>{instruction}</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{shown}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def test_a_picture_linked_with_a_copy_keeps_the_copy():
    body = '<w:r><w:drawing><a:blip r:embed="rId1" r:link="rId2"/></w:drawing></w:r>'
    rels = rel("rId1", "image", "media/logo.png", external=False) + rel(
        "rId2", "image", "http://x.invalid/logo.png"
    )
    xml, dropped = cleaned(header(body, rels))
    assert 'r:embed="rId1"' in xml and "r:link" not in xml
    assert dropped == ["a linked picture http://x.invalid/logo.png (word/header1.xml)"]


def test_a_shape_s_link_goes_and_the_shape_stays():
    body = '<w:r><w:drawing><a:hlinkClick r:id="rId3"/><a:blip r:embed="rId1"/></w:drawing></w:r>'
    rels = rel("rId1", "image", "media/logo.png", external=False) + rel(
        "rId3", "hyperlink", "https://x.invalid/"
    )
    xml, _ = cleaned(header(body, rels))
    assert "hlinkClick" not in xml and 'r:embed="rId1"' in xml


def test_a_field_fetching_inside_a_showing_one_goes_alone():
    inner = field('INCLUDETEXT "http://x.invalid/a.docx"', "fetched")
    body = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>QUOTE </w:instrText></w:r>'
        f'{inner}<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>shown</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    xml, dropped = cleaned(header(body))
    assert "INCLUDETEXT" not in xml and "QUOTE" in xml and "shown" in xml
    assert dropped == ['the field INCLUDETEXT "http://x.invalid/a.docx" (word/header1.xml)']


@pytest.mark.parametrize(
    "instruction", [" PAGE ", "NUMPAGES \\* Arabic", "=2+2", ' STYLEREF "Heading 1" ', "date"]
)
def test_fields_that_show_the_document_stay(instruction):
    quoted = instruction.replace('"', "&quot;")
    body = field(instruction, "1") + f'<w:fldSimple w:instr="{quoted}"><w:r/></w:fldSimple>'
    xml, dropped = cleaned(header(body))
    assert dropped == [] and xml.count("<w:fldChar ") == 3 and "<w:fldSimple " in xml


@pytest.mark.parametrize(
    "instruction",
    [
        'LINK Excel.Sheet.12 "C:\\\\x.xlsx" "Sheet1!R1C1"',
        'DDE excel "x"',
        'IMPORT "http://x.invalid/p.wmf"',
        'DATABASE \\d "C:\\\\x.mdb"',
        "MACROBUTTON Run Click",
        'INCLUDE "x.docx"',
        "",
    ],
)
def test_any_other_field_becomes_what_it_showed(instruction):
    xml, dropped = cleaned(header(field(instruction, "the text it showed")))
    assert "fldChar" not in xml and "instrText" not in xml
    assert "the text it showed" in xml and len(dropped) == 1


def test_a_field_never_ended_goes_too():
    body = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>INCLUDETEXT x'
    xml, dropped = cleaned(header(body + "</w:instrText></w:r>"))
    assert "INCLUDETEXT" not in xml and dropped == ["the field INCLUDETEXT x (word/header1.xml)"]


def test_a_target_is_shown_on_one_line_without_control_characters():
    target = "http://x.invalid/&#10;next line\u202eevil" + "a" * 200
    _, dropped = cleaned(header("", rel("rId1", "hyperlink", target)))
    (phrase,) = dropped
    assert "\n" not in phrase and "\u202e" not in phrase and len(phrase) < 150
    assert phrase.startswith("a hyperlink to http://x.invalid/ next line?evil")
