"""Reading an edited DOCX: anchored texts, text outside anchors, the base data and its hash."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

import pipeline
from pipeline.errors import ReviewError
from pipeline.review import basedata, docxread
from pipeline.review.basedata import base_dataset
from pipeline.review.package import Package
from pipeline.writers.docx_layout import fields, unanchored_texts


@pytest.fixture(scope="module")
def exported(dataset):
    return pipeline.render(dataset, "docx")


def read(data: bytes, dataset, **options) -> docxread.EditedDocument:
    known = {f.anchor for f in fields(dataset)}
    package = Package(data, "x.docx")
    return docxread.read(package, known, unanchored_texts(dataset), **options)


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
