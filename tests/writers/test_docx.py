"""The editors' DOCX, read back with python-docx and converted by a second reader (pandoc)."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from msgspec.structs import replace

import pipeline
from pipeline import serialize
from pipeline.errors import WriterError
from pipeline.writers import WriterOptions
from pipeline.writers.docx_layout import anchor_name, balanced


@pytest.fixture(scope="module")
def docx_bytes(dataset):
    return pipeline.render(dataset, "docx")


@pytest.fixture(scope="module")
def document(docx_bytes):
    return docx.Document(io.BytesIO(docx_bytes))


def anchored_text(document) -> dict[str, str]:
    """Bookmark name -> the text between its start and end (same paragraph)."""
    found = {}
    for p in document.element.body.iter(qn("w:p")):
        open_ = {}
        for el in p.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:t")):
            if el.tag == qn("w:bookmarkStart"):
                open_[el.get(qn("w:id"))] = [el.get(qn("w:name")), ""]
            elif el.tag == qn("w:bookmarkEnd"):
                name, text = open_.pop(el.get(qn("w:id")))
                found[name] = text
            else:
                for entry in open_.values():
                    entry[1] += el.text or ""
    return found


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_structure_uses_named_styles(dataset, document):
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert styles[0] == ("Title", balanced(dataset.collection.title))
    assert styles[1] == ("Subtitle", dataset.collection.dek)
    assert [style for style, _ in styles[2:4]] == ["Byline", "Byline"]
    headings = [text for style, text in styles if style == "Heading 1"]
    assert headings == [f"{i}. {s.heading}" for i, s in enumerate(dataset.scenes, 1)]
    assert {style for style, _ in styles} == {
        "Title",
        "Subtitle",
        "Byline",
        "Normal",
        "Advisory",
        "Heading 1",
        "Credits",
    }
    assert ("Advisory", "(Some scenes may contain profanity.)") in styles


def test_credits_film_cast_and_blurb_but_no_tags(dataset, document):
    texts = [p.text for p in document.paragraphs]
    assert "Film\tRun Lola Run (1998, original title Lola rennt)" in texts
    assert "Cast\tRocky Balboa (Sylvester Stallone)" in texts
    assert dataset.scene("forrest-gump").blurb in texts
    assert "Films\tmany, all with Tom Cruise" in texts  # the compilation, in one wording
    assert "Cast\tTom Cruise" not in texts  # not said twice
    assert not [t for t in texts if t.startswith("Tags:")]  # in the data and JSON, not here


def test_claims_tables_show_what_a_copy_editor_checks(dataset, document):
    with_claims = [s for s in dataset.scenes if s.claims]
    assert len(document.tables) == len(with_claims)
    assert all(t.style.name == "Claims Table" for t in document.tables)
    mummy = rows(document.tables[0])
    assert mummy[:5] == [
        ["Claim", "Rick O’Connell’s running speed as he keeps pace with sunlight"],
        ["Figure", "1,673 km/h (1,040 mph)"],
        ["Qualifier", "estimated, as fast as"],
        ["Comparison", "faster than the speed of sound"],
        ["Source", "none given"],
    ]
    assert mummy[5][0] == "Reality check"
    assert mummy[5][1].startswith("Physically absurd. About 37 times Usain Bolt’s top speed")
    rocky = dict(rows(document.tables[1]))
    assert rocky["Qualifier"] == "upwards of"
    assert rocky["Source"] == "Philadelphia Magazine"
    assert rocky["Reality check"].startswith("Within reach of amateurs. About 1.2 times")
    lola = rows(document.tables[2])
    assert [label for label, _ in lola] == [
        "Claim 1",
        "Figure",
        "Source",
        "Reality check",
        "Claim 2",
        "Figure",
        "Source",
        "Reality check",
    ]
    assert lola[3][1].startswith("No verdict. A deadline is not a race time")
    assert lola[5][1] == "100,000 Deutsche Mark (DEM)"
    legend = dict(rows(document.tables[4]))
    assert legend["Figure"] == "2"  # a count shows no unit word


def test_a_scene_keeps_together_on_a_page(document):
    body = list(document.element.body)
    for index, element in enumerate(body):
        if element.tag != qn("w:tbl"):
            continue
        before = body[index - 1]  # the paragraph before a table keeps with it
        assert before.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
        for row in element.findall(qn("w:tr")):
            assert row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            keeps = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
            assert keeps or paragraph.style.paragraph_format.keep_with_next


def test_the_labels_are_bold_through_a_style(document):
    label = document.tables[0].rows[0].cells[0].paragraphs[0]
    assert label.style.name == "Table Heading"
    assert label.style.font.bold
    assert not any(run.bold for run in label.runs)  # no direct formatting: restylable


@pytest.mark.parametrize(
    ("language", "size"), [("en-CA", (12240, 15840)), ("fr-FR", (11906, 16838))]
)
def test_page_size_follows_the_language(dataset, language, size):
    changed = replace(dataset, collection=replace(dataset.collection, language=language))
    section = docx.Document(io.BytesIO(pipeline.render(changed, "docx"))).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == size


def test_core_and_custom_properties(dataset, document, docx_bytes):
    props = document.core_properties
    assert props.title == dataset.collection.title
    assert props.subject == dataset.collection.dek
    assert props.author == "Canadian Running"  # the byline is a placeholder: the publisher
    assert "parkour" in props.keywords
    assert props.last_modified_by == "Canadian Running"
    assert props.language == "en-CA"
    assert props.created.isoformat() == "2026-11-24T14:00:00+00:00"  # when the data changed
    assert props.modified.isoformat() == "2026-11-24T14:00:00+00:00"
    package = zipfile.ZipFile(io.BytesIO(docx_bytes))
    assert "python-docx" not in package.read("docProps/core.xml").decode()
    custom = package.read("docProps/custom.xml").decode()
    assert hashlib.sha256(serialize.canonical_json(dataset)).hexdigest() in custom
    assert 'name="scenes.layout"><vt:lpwstr>2</vt:lpwstr>' in custom
    assert "docProps/thumbnail.jpeg" not in package.namelist()
    assert b"Microsoft" not in package.read("docProps/app.xml")


def test_confirmed_authors_and_date_are_the_document_s(dataset):
    collection = replace(dataset.collection, unconfirmed=())
    props = docx.Document(
        io.BytesIO(pipeline.render(replace(dataset, collection=collection), "docx"))
    ).core_properties
    assert props.author == "Canadian Running staff"


def test_every_field_has_an_anchor_holding_its_value(dataset, document):
    anchors = anchored_text(document)
    for scene in dataset.scenes:
        assert anchors[anchor_name(scene.id, "heading")] == scene.heading
        if scene.blurb:
            assert anchors[anchor_name(scene.id, "blurb")] == scene.blurb
        for i, claim in enumerate(scene.claims):
            for part in ("subject", "qualifier", "comparison", "source"):
                key = anchor_name(scene.id, f"claim{i}_{part}")
                assert anchors.get(key) == getattr(claim, part)
    assert anchors[anchor_name("@collection", "title")] == balanced(dataset.collection.title)
    names = list(anchors)
    assert len(names) == len(set(names))
    assert all(len(n) <= 40 and n.replace("_", "").isalnum() for n in names)  # Word's rules


def test_section_properties_stay_last(document):
    assert document.element.body[-1].tag == qn("w:sectPr")


def test_byte_identical_between_runs_with_fixed_zip_dates(dataset, docx_bytes):
    assert pipeline.render(dataset, "docx") == docx_bytes
    entries = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    assert entries[0].filename == "[Content_Types].xml"
    assert {e.date_time for e in entries} == {(2026, 11, 24, 14, 0, 0)}


def test_source_date_epoch_sets_the_zip_dates(dataset):
    data = pipeline.render(dataset, "docx", WriterOptions(source_date_epoch=1_700_000_000))
    entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert {e.date_time for e in entries} == {(2023, 11, 14, 22, 13, 20)}


def house_style(tmp_path, drop: str | None = None):
    house = docx.Document()
    heading = house.styles["Heading 1"]
    heading.font.name = "Palatino"
    heading.font.size = docx.shared.Pt(19)
    house.add_paragraph("Template text that must not appear in the export.")
    if drop:
        element = house.styles[drop].element
        element.getparent().remove(element)
    path = tmp_path / "house.docx"
    house.save(path)
    return path


def test_reference_docx_lends_its_styles_not_its_text(dataset, tmp_path):
    options = pipeline.api.writer_options(pipeline.Settings(), reference_docx=house_style(tmp_path))
    result = docx.Document(io.BytesIO(pipeline.render(dataset, "docx", options)))
    assert result.styles["Heading 1"].font.name == "Palatino"
    assert result.styles["Heading 1"].font.size == docx.shared.Pt(19)
    house = docx.Document(house_style(tmp_path))
    assert result.sections[0].page_width == house.sections[0].page_width  # its page, not ours
    texts = [p.text for p in result.paragraphs]
    assert "Template text that must not appear in the export." not in texts
    assert texts[0] == balanced(dataset.collection.title)
    assert result.styles["Credits"].font.name == "Arial"  # ours, where the house has none
    footer = result.sections[0].footer._element
    assert "NUMPAGES" in etree.tostring(footer).decode()  # page numbers, where it has none


def test_a_reference_missing_a_style_falls_back_to_the_built_in_one(dataset, tmp_path):
    from pipeline.writers._docx_styles import missing_styles

    path = house_style(tmp_path, "Subtitle")
    assert missing_styles(path.read_bytes()) == ["'Subtitle' (for the dek)"]
    options = pipeline.api.writer_options(pipeline.Settings(), reference_docx=path)
    result = docx.Document(io.BytesIO(pipeline.render(dataset, "docx", options)))
    assert result.paragraphs[1].style.name == "Subtitle"
    assert result.styles["Heading 1"].font.name == "Palatino"  # the house's own styles stay


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_reference_saved_by_libreoffice_works(dataset, tmp_path, invoke):
    blank = tmp_path / "blank.odt"
    house = tmp_path / "house.docx"
    docx.Document().save(tmp_path / "seed.docx")
    convert(tmp_path / "seed.docx", "odt", tmp_path)  # LibreOffice's own document...
    convert(tmp_path / "seed.odt", "docx:MS Word 2007 XML", tmp_path / "lo")  # ...saved as .docx
    (tmp_path / "lo" / "seed.docx").rename(house)
    _ = blank
    result = invoke("export", "-f", "docx", "--reference-docx", str(house))
    assert result.exit_code == 0, result.output
    assert "note: " not in result.stderr  # it has every Word style the document uses
    document = docx.Document("outputs/scenes.docx")
    assert [p.style.name for p in document.paragraphs][:2] == ["Title", "Subtitle"]
    names = {style.name for style in document.styles}
    assert {"Credits", "Claims Table", "Work Title", "Byline"} <= names  # ours, added


def convert(path, target, out):
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{out}/profile",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils is not installed (.ci/run installs both)",
)
def test_no_rendered_page_ends_on_a_scene_heading(dataset, docx_bytes, tmp_path):
    path = tmp_path / "scenes.docx"
    path.write_bytes(docx_bytes)
    convert(path, "pdf", tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "scenes.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    headings = {f"{i}. {s.heading}" for i, s in enumerate(dataset.scenes, 1)}
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        header, *body, footer = lines  # the running header and the page number frame it
        assert header.startswith("Canadian Running · 13 memorable")
        assert footer == f"Page {number} of {len(pages)}"
        assert body[-1] not in headings, f"a page ends on the heading {body[-1]!r}"
        first = body[0].split()[0]
        assert first not in ("Figure", "Qualifier", "Source"), "a table split from its scene"


def test_reference_that_is_not_a_docx(dataset, tmp_path):
    bogus = tmp_path / "house.docx"
    bogus.write_text("not a zip", encoding="utf-8")
    with pytest.raises(WriterError, match=r"house\.docx: not a usable \.docx"):
        pipeline.api.writer_options(pipeline.Settings(), reference_docx=bogus)  # checked on read
    options = WriterOptions(reference_docx=bogus.read_bytes(), reference_name="house.docx")
    with pytest.raises(WriterError, match=r"house\.docx: not a usable \.docx"):
        pipeline.render(dataset, "docx", options)  # and by the writer, for the API's callers


def test_hostile_text_stays_text(dataset):
    nasty = "<script>alert('x')</script> & \"quotes\" 🏃‍♀️ \u202eעברית\u202c\nsecond line\tcell"
    scene = replace(dataset.scenes[0], blurb=nasty, heading="A & B <i>")
    tampered = replace(dataset, scenes=(scene, *dataset.scenes[1:]))
    result = docx.Document(io.BytesIO(pipeline.render(tampered, "docx")))
    texts = [p.text for p in result.paragraphs]
    assert "1. A & B <i>" in texts
    assert nasty in texts  # python-docx reads <w:br/> back as \n and <w:tab/> as \t


@pytest.mark.skipif(
    shutil.which("pandoc") is None, reason="pandoc is not installed (.ci/run installs it)"
)
def test_pandoc_reads_the_document(dataset, docx_bytes, tmp_path):
    path = tmp_path / "scenes.docx"
    path.write_bytes(docx_bytes)
    run = subprocess.run(
        ["pandoc", "-t", "plain", "--wrap=none", str(path)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    for i, scene in enumerate(dataset.scenes, 1):
        assert f"{i}. {scene.heading}" in run.stdout
        if scene.blurb:
            assert " ".join(scene.blurb.split()) in run.stdout
    assert "1,673" in run.stdout and "1,040 mph" in run.stdout


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (.ci/run installs libreoffice-writer-nogui)",
)
def test_anchors_survive_libreoffice_open_and_save(docx_bytes, tmp_path):
    source = tmp_path / "scenes.docx"
    source.write_bytes(docx_bytes)
    out = tmp_path / "saved"
    run = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr
    before = anchored_text(docx.Document(io.BytesIO(docx_bytes)))
    after = anchored_text(docx.Document(out / "scenes.docx"))
    assert after == before


def test_long_values_fit_word_property_limits(dataset):
    long_title = "A very long title " * 25
    collection = replace(dataset.collection, title=long_title.strip())
    changed = replace(dataset, collection=collection)
    document = docx.Document(io.BytesIO(pipeline.render(changed, "docx")))
    assert len(document.core_properties.title) <= 255
    assert document.core_properties.title.endswith("…")
    assert document.paragraphs[0].text == balanced(long_title.strip())  # the text is whole
