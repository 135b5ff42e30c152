"""The corpus of edited documents (tests/data/review/): each case's report and dataset afterwards
are golden files. Regenerate after an intended change: python tests/review/corpus.py"""

from __future__ import annotations

import stat

import pytest
from corpus import (
    Case,
    cases,
    edit_with_libreoffice,
    edit_with_python_docx,
    expected,
    review,
    uno_python,
)

import pipeline
from pipeline.review import read_source
from pipeline.review import review as review_document

CASES = cases()
PYTHON_DOCX = [c for c in CASES if c.tool == "python-docx"]
LIBREOFFICE = [c for c in CASES if c.tool == "libreoffice"]


def check(case: Case, outcome, project) -> None:
    report, dataset = expected(case)
    assert outcome.report == report
    assert outcome.dataset == dataset
    if dataset != case.current:  # what was written loads, exports and reviews as no change
        source = read_source(outcome.source)
        docx = pipeline.render(source.dataset, "docx")
        again = review_document(docx, "again.docx", source.dataset)
        assert again.changes == [] and not again.unresolved()


@pytest.mark.parametrize("case", PYTHON_DOCX, ids=[c.name for c in PYTHON_DOCX])
def test_python_docx_case(case, tmp_path):
    document = edit_with_python_docx(case, tmp_path / "edited.docx")
    check(case, review(case, document, tmp_path / "project"), tmp_path)


@pytest.fixture(scope="module")
def libreoffice_documents(tmp_path_factory):
    if uno_python() is None:
        pytest.skip(
            "LibreOffice with its Python 'uno' module is not installed (.ci/run installs it)"
        )
    return edit_with_libreoffice(LIBREOFFICE, tmp_path_factory.mktemp("libreoffice"))


@pytest.mark.parametrize("case", LIBREOFFICE, ids=[c.name for c in LIBREOFFICE])
def test_libreoffice_case(case, libreoffice_documents, tmp_path):
    check(case, review(case, libreoffice_documents[case.name], tmp_path / "project"), tmp_path)


def test_the_corpus_covers_what_the_issue_lists():
    names = {c.name for c in CASES}
    needed = {"crlf", "bom-crlf", "flow-style", "block-lists", "literal-blurbs", "symlink-0600"}
    assert needed <= names
    assert {"folded-paragraphs", "folded-indent-tab", "scene-deleted"} <= names
    assert len(LIBREOFFICE) >= 3


def test_a_symlinked_0600_source_is_written_through(tmp_path):
    (case,) = [c for c in CASES if c.name == "symlink-0600"]
    document = edit_with_python_docx(case, tmp_path / "edited.docx")
    outcome = review(case, document, tmp_path / "project")
    link = tmp_path / "project" / "source" / "scenes.yaml"
    assert link.is_symlink()
    target = link.resolve()
    assert target == (tmp_path / "project" / "data" / "scenes.yaml").resolve()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_bytes() == outcome.dataset != case.current
    assert not list(target.parent.glob(".*.tmp")) and not list(link.parent.glob(".*.tmp"))


def test_the_file_changed_while_reviewing_is_not_overwritten(tmp_path, monkeypatch):
    (case,) = [c for c in CASES if c.name == "crlf"]
    document = edit_with_python_docx(case, tmp_path / "edited.docx")
    path = tmp_path / "scenes.yaml"
    path.write_bytes(case.current)
    source = read_source(path)
    result = review_document(document.read_bytes(), "edited.docx", source.dataset)
    path.write_bytes(case.current + b"# someone else's edit\r\n")
    from pipeline.errors import OutputError
    from pipeline.review import apply

    with pytest.raises(OutputError, match="changed since it was read; nothing written"):
        apply(result, source)
    assert path.read_bytes().endswith(b"# someone else's edit\r\n")


def test_a_hard_linked_source_is_refused(tmp_path):
    (case,) = [c for c in CASES if c.name == "crlf"]
    document = edit_with_python_docx(case, tmp_path / "edited.docx")
    path = tmp_path / "scenes.yaml"
    path.write_bytes(case.current)
    (tmp_path / "other-name.yaml").hardlink_to(path)
    source = read_source(path)
    result = review_document(document.read_bytes(), "edited.docx", source.dataset)
    from pipeline.errors import OutputError
    from pipeline.review import apply

    with pytest.raises(OutputError, match="hard links"):
        apply(result, source)
    assert path.read_bytes() == case.current
