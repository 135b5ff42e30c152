"""Reading an edited DOCX: anchored texts, text outside anchors, the base data and its hash."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

import pipeline
from pipeline.errors import ReviewError
from pipeline.review import docxread
from pipeline.writers.docx_layout import fields


@pytest.fixture(scope="module")
def exported(dataset):
    return pipeline.render(dataset, "docx")


def test_every_anchor_holds_its_text(dataset, exported):
    read = docxread.read(exported, "x.docx")
    assert read.anchors == {f.anchor: f.text for f in fields(dataset)}
    assert docxread.base_dataset(read, "x.docx") == dataset


def test_text_outside_anchors_is_kept_with_the_anchor_before_it(exported):
    document = docx.Document(io.BytesIO(exported))
    document.add_paragraph("An editor's note")
    buffer = io.BytesIO()
    document.save(buffer)
    read = docxread.read(buffer.getvalue(), "x.docx")
    assert read.unmapped[-1][1] == "An editor's note"
    assert read.unmapped[-1][0].startswith("scn_")


def test_a_forged_base_is_refused(exported):
    source = zipfile.ZipFile(io.BytesIO(exported))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "customXml/scenes-base.xml":
                data = data.replace(b"1673", b"1674")
            target.writestr(name, data)
    read = docxread.read(out.getvalue(), "forged.docx")
    with pytest.raises(ReviewError, match="does not match its recorded SHA-256"):
        docxread.base_dataset(read, "forged.docx")
