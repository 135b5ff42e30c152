"""The DOCX's house style, as an editor's program reads it: proofing language, fonts and
colours that pass WCAG AA, one claims grid inside the margins, compact credits with labels as
labels, running header and page numbers, titles of works in italics, placeholders marked."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

import pipeline
from pipeline.records import replace
from pipeline.writers import _docx_house as house
from pipeline.writers._ooxml import page_for

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def docx_bytes(dataset):
    return pipeline.render(dataset, "docx")


@pytest.fixture(scope="module")
def parts(docx_bytes):
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    return {name: package.read(name) for name in package.namelist() if name.endswith(".xml")}


@pytest.fixture(scope="module")
def document(docx_bytes):
    return docx.Document(io.BytesIO(docx_bytes))


def xml(parts, name):
    return etree.fromstring(parts[name])


# -- proofing language ------------------------------------------------------------------------
def languages(parts) -> list[str]:
    """Every language the document names for proofing, wherever it names one."""
    found = []
    for name, data in parts.items():
        if not name.startswith("word/"):
            continue
        for element in etree.fromstring(data).iter(f"{W}lang", f"{W}themeFontLang"):
            found += [v for k, v in element.attrib.items() if k.startswith(W)]
    return found


@pytest.mark.parametrize("language", ["en-CA", "fr-FR", "de"])
def test_the_proofing_language_is_the_collection_s_everywhere(dataset, language):
    changed = replace(dataset, collection=replace(dataset.collection, language=language))
    data = pipeline.render(changed, "docx")
    package = zipfile.ZipFile(io.BytesIO(data))
    found = {n: package.read(n) for n in package.namelist() if n.endswith(".xml")}
    assert set(languages(found)) == {language}
    defaults = xml(found, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults.get(f"{W}val") == language  # what every run inherits
    assert docx.Document(io.BytesIO(data)).core_properties.language == language
    assert xml(found, "word/settings.xml").find(f"{W}proofState") is None  # not "proofed"


def test_a_house_document_takes_the_collection_s_language(dataset, tmp_path):
    reference = docx.Document()  # python-docx's template says en-US
    reference.save(tmp_path / "house.docx")
    options = pipeline.api.writer_options(
        pipeline.Settings(), reference_docx=tmp_path / "house.docx"
    )
    package = zipfile.ZipFile(io.BytesIO(pipeline.render(dataset, "docx", options)))
    found = {n: package.read(n) for n in package.namelist() if n.endswith(".xml")}
    assert set(languages(found)) == {"en-CA"}


# -- fonts and colours ------------------------------------------------------------------------
def test_house_fonts_not_word_2010_s(parts):
    styles = parts["word/styles.xml"].decode()
    assert "Calibri" not in styles and "Cambria" not in styles
    assert "majorHAnsi" not in styles and "minorHAnsi" not in styles  # no theme fonts
    fonts = set(re.findall(r'w:ascii="([^"]+)"', styles))
    assert fonts == {"Georgia", "Arial"}


def luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_defines_it():
    assert contrast("000000", "FFFFFF") == pytest.approx(21)
    assert contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA threshold


def test_every_text_colour_in_the_styles_passes_aa_on_what_it_sits_on(parts):
    """Each style's colour (or the inherited ink) against its own shading, or the page; the
    claims tables' labels against their column's fill."""
    root = xml(parts, "word/styles.xml")
    styles = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}

    def inherited(style, tag):
        while style is not None:
            found = style.find(f"{W}rPr/{tag}")
            if found is not None:
                return found
            based = style.find(f"{W}basedOn")
            style = styles.get(based.get(f"{W}val")) if based is not None else None
        return None

    checked = {}
    for style_id, style in styles.items():
        if style.get(f"{W}type") not in ("paragraph", "character"):
            continue
        colour = inherited(style, f"{W}color")
        ink = colour.get(f"{W}val") if colour is not None else "000000"
        shading = inherited(style, f"{W}shd")
        paper = shading.get(f"{W}fill") if shading is not None else "FFFFFF"
        checked[style_id] = contrast(ink, paper)
    labels = styles["TableHeading"].find(f"{W}rPr/{W}color").get(f"{W}val")
    checked["TableHeading on its fill"] = contrast(labels, house.PANEL)
    assert len(checked) >= 15
    failing = {name: round(ratio, 2) for name, ratio in checked.items() if ratio < 4.5}
    assert failing == {}


def test_no_text_is_coloured_outside_the_styles(parts):
    for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        root = xml(parts, name)
        assert root.find(f".//{W}rPr/{W}color") is None, name  # restylable, and checked above


# -- one grid, inside the margins -------------------------------------------------------------
def test_every_claims_table_has_one_grid_inside_the_margins(dataset, parts):
    width, _height, margin = page_for(dataset.collection.language)
    body = xml(parts, "word/document.xml")
    grids = set()
    for table in body.iter(f"{W}tbl"):
        properties = table.find(f"{W}tblPr")
        assert properties.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        assert properties.find(f"{W}tblInd").get(f"{W}w") == "0"
        grid = tuple(int(c.get(f"{W}w")) for c in table.iter(f"{W}gridCol"))
        widths = {
            tuple(int(c.get(f"{W}w")) for c in row.iter(f"{W}tcW")) for row in table.iter(f"{W}tr")
        }
        assert widths == {grid}  # every row on the grid
        grids.add(grid)
    assert len(grids) == 1
    (grid,) = grids
    assert sum(grid) == width - 2 * margin  # as wide as the text, no wider
    compat = xml(parts, "word/settings.xml").find(f".//{W}compatSetting")
    assert compat.get(f"{W}val") == "15"  # Word 2013+: a table's edge on the margin


# -- credits ---------------------------------------------------------------------------------
def test_credits_are_compact_with_labels_as_labels(document):
    credits = [p for p in document.paragraphs if p.style.name == "Credits"]
    assert len(credits) == 25  # 12 films, 12 casts, 1 compilation
    style = document.styles["Credits"]
    assert style.paragraph_format.left_indent == -style.paragraph_format.first_line_indent
    assert style.element.find(f"{qn('w:pPr')}/{qn('w:contextualSpacing')}") is not None
    assert style.font.name == "Arial"
    for paragraph in credits:
        label = paragraph.runs[0]
        assert label.style.name == "Credit Label" and label.text in ("Film", "Films", "Cast")
        assert paragraph.runs[1].text.startswith("\t")
    label = document.styles["Credit Label"]
    assert label.font.bold and label.font.all_caps
    normal = [p.text for p in document.paragraphs if p.style.name == "Normal"]
    assert not [t for t in normal if t.startswith(("Film", "Cast", "People"))]


# -- running header and page numbers ---------------------------------------------------------
def test_every_page_has_the_running_header_and_its_number(dataset, parts):
    section = xml(parts, "word/document.xml").find(f"{W}body/{W}sectPr")
    kinds = [r.get(f"{W}type") for r in section.iter(f"{W}headerReference", f"{W}footerReference")]
    assert kinds == ["default", "default"]
    header = "".join(xml(parts, "word/header1.xml").itertext())
    assert header == "Canadian Running · " + dataset.collection.title + "Editors’ copy"
    footer = xml(parts, "word/footer1.xml")
    fields = [f.get(f"{W}instr").strip() for f in footer.iter(f"{W}fldSimple")]
    assert fields == ["PAGE", "NUMPAGES"]


# -- titles of works in italics ---------------------------------------------------------------
def italic(run) -> bool:
    return bool(run.italic or (run.style is not None and run.style.font.italic))


def test_titles_of_works_are_italic_runs_and_nothing_else_is(document):
    found = {}
    for paragraph in document.paragraphs + [
        p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]:
        for run in paragraph.runs:
            if italic(run) and paragraph.style.name not in ("Subtitle", "Advisory"):
                found.setdefault(run.text, run.style.name)
    assert set(found.values()) == {"Work Title"}
    assert {
        "The Mummy Returns",
        "Rocky II",
        "Run Lola Run",
        "Lola rennt",
        "Philadelphia Magazine",  # in Rocky II's blurb and its claim's source
        "Forrest Gump",  # the film's heading and credits (its character stays roman)
    } <= set(found)
    assert "Rocky" not in found and "Every Tom Cruise running scene" not in found
    blurb = next(p for p in document.paragraphs if p.text.startswith("In an investigative"))
    assert [(r.text, italic(r)) for r in blurb.runs][:2] == [
        ("In an investigative piece, ", False),
        ("Philadelphia Magazine", True),
    ]
    cast = next(p for p in document.paragraphs if p.text.startswith("Cast\tForrest Gump"))
    assert not any(italic(r) for r in cast.runs)


# -- placeholders, for editors only ----------------------------------------------------------
def test_a_placeholder_byline_and_date_are_marked_for_editors(dataset, document):
    byline = next(p for p in document.paragraphs if p.style.name == "Byline")
    assert byline.text == (
        "By Canadian Running staff [to confirm] · November 24, 2026 [to confirm]"
    )
    notes = [r for r in byline.runs if r.style.name == "Editor Note"]
    assert [r.text for r in notes] == [" [to confirm]", " [to confirm]"]
    link = [p for p in document.paragraphs if p.style.name == "Byline"][1]
    shown = "".join(t.text for t in link._p.iter(qn("w:t")))  # in a field python-docx skips
    assert shown == dataset.collection.link
    field = link._p.find(qn("w:fldSimple")).get(qn("w:instr"))
    assert field == f' HYPERLINK "{dataset.collection.link}" '


def test_confirmed_values_carry_no_note(dataset):
    collection = replace(dataset.collection, unconfirmed=())
    document = docx.Document(
        io.BytesIO(pipeline.render(replace(dataset, collection=collection), "docx"))
    )
    byline = next(p for p in document.paragraphs if p.style.name == "Byline")
    assert byline.text == "By Canadian Running staff · November 24, 2026"


# -- balanced title --------------------------------------------------------------------------
def test_the_title_never_leaves_its_last_word_alone(document):
    assert document.paragraphs[0].text.endswith("in\u00a0movies")


# -- as LibreOffice lays it out ----------------------------------------------------------------
@pytest.fixture(scope="module")
def words(docx_bytes, tmp_path_factory):
    """Every word of the rendered PDF with its box, in points, page by page."""
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed (.ci/run installs both)")
    folder = tmp_path_factory.mktemp("docx-pdf")
    (folder / "scenes.docx").write_bytes(docx_bytes)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "scenes.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    run = subprocess.run(
        ["pdftotext", "-bbox", str(folder / "scenes.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    page = etree.fromstring(run.stdout.encode(), etree.XMLParser(recover=True))
    return [
        [(w.text, float(w.get("xMin")), float(w.get("xMax"))) for w in p.iter("{*}word")]
        for p in page.iter("{*}page")
    ]


def test_nothing_is_set_past_the_margins(dataset, words):
    width, _height, margin = (value / 20 for value in page_for(dataset.collection.language))
    for page in words:
        for text, left, right in page:
            assert left >= margin - 0.5 and right <= width - margin + 0.5, text


def test_the_rendered_title_ends_with_two_words(words):
    first = words[0]
    movies = next(i for i, (text, *_) in enumerate(first) if text == "movies")
    assert first[movies - 1][0] == "in"
    assert first[movies - 1][1] < first[movies][1]  # on the same line, before it
