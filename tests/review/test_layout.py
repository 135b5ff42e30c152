"""The DOCX layout table is the one contract between the writer and review."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

import pipeline
from pipeline.serialize import json_values as plain
from pipeline.writers.docx_layout import SPECS, W_NS, fields

W = f"{{{W_NS}}}"


def bookmarks(docx_bytes: bytes) -> list[str]:
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml")
    return [b.get(f"{W}name") for b in etree.fromstring(xml).iter(f"{W}bookmarkStart")]


def test_every_anchor_the_writer_emits_is_a_field_review_knows(dataset):
    emitted = bookmarks(pipeline.render(dataset, "docx"))
    known = [f.anchor for f in fields(dataset)]
    assert emitted == known  # the same fields, in the same order, nothing more or less


def test_every_field_reads_back_as_its_value(dataset):
    for field in fields(dataset):
        value = plain(field.value)
        if field.spec.keep:
            value = {k: value[k] for k in field.spec.keep if value.get(k) is not None}
        assert field.spec.parse(field.text, value) == value, field.anchor


def test_every_spec_is_used_by_the_dataset(dataset):
    assert {f.kind for f in fields(dataset)} == set(SPECS)


def test_a_document_of_layout_1_is_expected_to_hold_layout_1_s_fields(dataset):
    """Documents exported before the claims' qualifier, comparison and source were fields are
    still reviewed: review expects of them only the fields they have."""
    old = {f.kind for f in fields(dataset, layout=1)}
    assert not {"claim_qualifier", "claim_comparison", "claim_source"} & old
    compilation = [f.key for f in fields(dataset, layout=1) if f.owner.startswith("every-tom")]
    assert "person0" in compilation  # layout 1 printed the compilation's person
    assert "person0" not in [f.key for f in fields(dataset) if f.owner.startswith("every-tom")]


@pytest.mark.parametrize(
    ("shown", "layout"), [(None, 1), ("1", 1), ("2", 2), ("99", 2), ("two", 1), ("²", 1)]
)
def test_the_layout_a_document_records(dataset, shown, layout):
    from pipeline.review.basedata import envelope
    from pipeline.review.package import Package

    data = pipeline.render(dataset, "docx")
    package = zipfile.ZipFile(io.BytesIO(data))
    parts = {n: package.read(n) for n in package.namelist()}
    custom = parts["docProps/custom.xml"].decode()
    recorded = "<vt:lpwstr>2</vt:lpwstr></property>"
    assert recorded in custom
    if shown is None:
        start = custom.index('<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3"')
        custom = custom[:start] + custom[custom.index("</property>", start) + 11 :]
    else:
        custom = custom.replace(recorded, f"<vt:lpwstr>{shown}</vt:lpwstr></property>")
    parts["docProps/custom.xml"] = custom.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, part in parts.items():
            target.writestr(name, part)
    assert envelope(Package(out.getvalue(), "x.docx")).layout == layout


def test_the_title_reads_back_without_its_no_break_space(dataset):
    title = next(f for f in fields(dataset) if f.kind == "title")
    assert title.text.endswith("in\u00a0movies")
    assert title.spec.parse(title.text, title.value) == dataset.collection.title
    edited = title.text.replace("13 memorable", "Thirteen memorable")
    assert title.spec.parse(edited, title.value) == "Thirteen memorable" + title.value[12:]
