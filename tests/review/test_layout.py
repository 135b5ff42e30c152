"""The DOCX layout table is the one contract between the writer and review."""

from __future__ import annotations

import io
import zipfile

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
