"""Reading an edited DOCX: anchored texts, what else an editor's program writes into a body,
and the base data with its hash."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docxedit import W, anchor
from hostile import changed, document_xml
from lxml import etree

import pipeline
from pipeline.errors import ReviewError
from pipeline.review import basedata, docxread
from pipeline.review.basedata import base_dataset
from pipeline.review.package import Package
from pipeline.writers.docx_layout import W_NS, fields, unanchored_texts

HEADING = "rocky-ii heading"
BLURB = "rocky-ii blurb"


@pytest.fixture(scope="module")
def exported(dataset):
    return pipeline.render(dataset, "docx")


def read(data: bytes, dataset, **options) -> docxread.EditedDocument:
    known = {f.anchor for f in fields(dataset)}
    return docxread.read(Package(data, "x.docx"), known, unanchored_texts(dataset), **options)


def with_body(exported: bytes, change) -> bytes:
    """The export with its body changed by `change(body)` (an lxml element)."""
    root = etree.fromstring(document_xml(exported))
    change(root.find(W + "body"))
    return changed(exported, word__document_dot_xml=etree.tostring(root))


def fragment(xml: str) -> etree._Element:
    return etree.fromstring(
        f'<w:p xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">{xml}</w:p>'
    )


def paragraph_of(body, field: str) -> etree._Element:
    name = anchor(field)
    return next(b for b in body.iter(W + "bookmarkStart") if b.get(W + "name") == name).getparent()


def test_every_anchor_holds_its_text(dataset, exported):
    assert read(exported, dataset).anchors == {f.anchor: f.text for f in fields(dataset)}
    package = Package(exported, "x.docx")
    assert base_dataset(basedata.envelope(package), "x.docx") == dataset


def test_text_outside_anchors_is_kept_with_the_anchor_before_it(dataset, exported):
    document = docx.Document(io.BytesIO(exported))
    document.add_paragraph("An editor's note")
    buffer = io.BytesIO()
    document.save(buffer)
    unmapped = read(buffer.getvalue(), dataset).unmapped
    assert unmapped[-1].text == "An editor's note"
    assert unmapped[-1].after.startswith("scn_")


def test_a_bookmark_inside_a_field_leaves_the_text_to_the_field(dataset, exported):
    def nest(body):
        paragraph = paragraph_of(body, BLURB)
        run = paragraph.find(W + "r")
        run.addprevious(fragment('<w:bookmarkStart w:id="700" w:name="_GoBack"/>')[0])
        run.addnext(fragment('<w:bookmarkEnd w:id="700"/>')[0])

    read_back = read(with_body(exported, nest), dataset)
    assert read_back.anchors[anchor(BLURB)] == dataset.scene("rocky-ii").blurb
    assert read_back.unmapped == []


def test_a_tracked_move_counts_once(dataset, exported):
    def move(body):
        paragraph = paragraph_of(body, HEADING)
        end = paragraph.find(W + "bookmarkEnd")
        moved = '<w:moveFrom w:id="1" w:author="Ed"><w:r><w:t>X</w:t></w:r></w:moveFrom>'
        moved += '<w:moveTo w:id="2" w:author="Ed"><w:r><w:t>Y</w:t></w:r></w:moveTo>'
        for element in fragment(moved):
            end.addprevious(element)

    document = with_body(exported, move)
    assert read(document, dataset).anchors[anchor(HEADING)] == "Rocky IIX"
    assert read(document, dataset, accept_pending=True).anchors[anchor(HEADING)] == "Rocky IIY"
    assert [p.kind for p in read(document, dataset).pending] == ["deletion", "insertion"]


def test_properties_and_fallbacks_are_not_text(dataset, exported):
    def decorate(body):
        paragraph = paragraph_of(body, HEADING)
        tabs = '<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        paragraph.insert(0, fragment(tabs)[0])
        choice = (
            '<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>box</w:t></w:r></mc:Choice>'
        )
        choice += "<mc:Fallback><w:r><w:t>box</w:t></w:r></mc:Fallback></mc:AlternateContent>"
        paragraph.find(W + "bookmarkEnd").addprevious(fragment(choice)[0])
        paragraph.append(fragment('<w:r><w:br w:type="page"/></w:r>')[0])

    assert read(with_body(exported, decorate), dataset).anchors[anchor(HEADING)] == "Rocky IIbox"


def test_a_field_libreoffice_split_into_paragraphs_is_one_field(dataset, exported):
    def split(body):
        paragraph = paragraph_of(body, BLURB)
        start = paragraph.find(W + "bookmarkStart")
        end = paragraph.find(W + "bookmarkEnd")
        paragraph.remove(end)
        second = fragment(
            f'<w:bookmarkStart w:id="800" w:name="{anchor(BLURB)}"/><w:r><w:t>More.</w:t></w:r><w:bookmarkEnd w:id="800"/>'
        )
        paragraph.addnext(second)
        assert start.get(W + "id") != "800"

    read_back = read(with_body(exported, split), dataset)
    assert read_back.anchors[anchor(BLURB)] == dataset.scene("rocky-ii").blurb + "\nMore."
    assert not read_back.duplicated and not read_back.unclosed


def test_a_footnote_an_editor_added_is_unmapped(dataset, exported):
    def refer(body):
        paragraph_of(body, BLURB).append(fragment('<w:r><w:footnoteReference w:id="2"/></w:r>')[0])

    notes = (
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="0"><w:p><w:r><w:t>-</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:t>Source: the film.</w:t></w:r></w:p></w:footnote></w:footnotes>'
    ).encode()
    document = changed(with_body(exported, refer), word__footnotes_dot_xml=notes)
    unmapped = read(document, dataset).unmapped
    assert [(u.after, u.text, u.inside) for u in unmapped] == [
        (anchor(BLURB), "Source: the film.", "footnote")
    ]


def test_text_box_paragraphs_are_read_once(dataset, exported):
    def box(body):
        inner = "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>In a box.</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>"
        body.insert(0, fragment(inner))

    unmapped = read(with_body(exported, box), dataset).unmapped
    assert [u.text for u in unmapped] == ["In a box."]


def test_a_forged_base_is_refused(exported):
    source = zipfile.ZipFile(io.BytesIO(exported))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "customXml/scenes-base.xml":
                data = data.replace(b"1673", b"1674")
            target.writestr(name, data)
    envelope = basedata.envelope(Package(out.getvalue(), "forged.docx"))
    with pytest.raises(ReviewError, match="does not match its recorded SHA-256"):
        base_dataset(envelope, "forged.docx")
