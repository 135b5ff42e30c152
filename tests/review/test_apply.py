"""--apply and the dataset file: owner kept, flags that mean something together, and the
library API a script can use instead of the command."""

from __future__ import annotations

import os

import docxedit
import pytest
from conftest import SOURCE

import pipeline
from pipeline.review import apply, read_source, review


@pytest.fixture
def edited_heading():
    exported = pipeline.render(pipeline.load(SOURCE), "docx")
    return docxedit.edited(exported, [{"set": "rocky-ii heading", "text": "Rocky II (1979)"}])


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file another owner to keep")
def test_the_owner_and_group_are_kept(tmp_path, edited_heading):
    path = tmp_path / "scenes.yaml"
    path.write_bytes(SOURCE.read_bytes())
    os.chown(path, 4242, 4343)
    path.chmod(0o640)
    source = read_source(path)
    applied = apply(review(edited_heading, "e.docx", source.dataset), source)
    assert [c.field for c in applied.written] == ["heading"]
    status = path.stat()
    assert (status.st_uid, status.st_gid, status.st_mode & 0o777) == (4242, 4343, 0o640)


def test_accept_pending_without_apply_previews(invoke, project):
    exported = pipeline.render(pipeline.load("source/scenes.yaml"), "docx")
    step = {"track": "rocky-ii heading", "insert": " (1979)", "author": "Ed"}
    (project / "e.docx").write_bytes(docxedit.edited(exported, [step]))
    before = (project / "source" / "scenes.yaml").read_bytes()
    plain = invoke("review", "e.docx")
    assert (
        plain.exit_code == 4
        and "pending insertion by Ed in rocky-ii heading: ' (1979)'" in plain.output
    )
    preview = invoke("review", "e.docx", "--accept-pending")
    assert preview.exit_code == 0, preview.output
    assert "rocky-ii heading\n  - Rocky II\n  + Rocky II (1979)\n" in preview.output
    assert (project / "source" / "scenes.yaml").read_bytes() == before


def test_force_without_apply_is_a_usage_error(invoke, project, edited_heading):
    (project / "e.docx").write_bytes(edited_heading)
    result = invoke("review", "e.docx", "--force")
    assert result.exit_code == 2
    assert "--force only matters with --apply" in result.output


def test_nothing_to_write_says_so(invoke, project):
    (project / "e.docx").write_bytes(pipeline.render(pipeline.load("source/scenes.yaml"), "docx"))
    result = invoke("review", "e.docx", "--apply")
    assert (result.exit_code, result.output) == (
        0,
        "no changes\nsource/scenes.yaml: nothing written\n",
    )


def test_a_style_rule_missed_costs_quotes_not_a_changed_value(tmp_path, monkeypatch):
    from pipeline.review import yamlstyle

    monkeypatch.setattr(yamlstyle, "plain_ok", lambda value, flow: True)  # a rule forgotten
    exported = pipeline.render(pipeline.load(SOURCE), "docx")
    heading = "key: value # not a comment"
    document = docxedit.edited(exported, [{"set": "rocky-ii heading", "text": heading}])
    path = tmp_path / "scenes.yaml"
    path.write_bytes(SOURCE.read_bytes())
    source = read_source(path)
    apply(review(document, "e.docx", source.dataset), source)
    assert b'heading: "key: value # not a comment"\n' in path.read_bytes()
    assert pipeline.load(path).scene("rocky-ii").heading == heading


def test_a_value_that_cannot_be_written_exactly_is_not_written(tmp_path, monkeypatch):
    from pipeline.errors import ReviewError
    from pipeline.review import yamlstyle

    monkeypatch.setattr(yamlstyle, "plain_ok", lambda value, flow: True)
    monkeypatch.setattr(yamlstyle, "double_quoted", lambda value: '"something else"')
    exported = pipeline.render(pipeline.load(SOURCE), "docx")
    document = docxedit.edited(exported, [{"set": "rocky-ii heading", "text": "no"}])
    path = tmp_path / "scenes.yaml"
    path.write_bytes(SOURCE.read_bytes())
    source = read_source(path)
    with pytest.raises(ReviewError, match="would not read back exactly as shown; nothing written"):
        apply(review(document, "e.docx", source.dataset), source)
    assert path.read_bytes() == SOURCE.read_bytes()
