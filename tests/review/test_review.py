"""`scenes review`: editors' DOCX changes back into the YAML, reviewed, validated, in place."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess

import docx
import pytest
from conftest import GOLDEN, SOURCE
from docx.oxml.ns import qn
from lxml import etree

import pipeline
from pipeline.cli import cli

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph_with(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def edit(document) -> None:
    """What an editor does in Word, done with python-docx."""
    mummy = paragraph_with(document, "1. The Mummy Returns")
    mummy.runs[1].text = "The Mummy Returns (2001)"  # heading
    blurb = next(p for p in document.paragraphs if p.text.startswith("Added motivation"))
    blurb.runs[0].text = "Added motivation to run faster when a boulder is barreling towards you."
    rocky = next(p for p in document.paragraphs if p.text.startswith("In an investigative piece"))
    # runs: the text, the magazine's title in italics, the rest of the text (a folded block)
    rocky.runs[2].text = rocky.runs[2].text.replace("upwards of", "more than")
    ferris = next(p for p in document.paragraphs if p.text.startswith("Cast\tFerris"))
    ferris.runs[2].text = "Ferris Bueller (Matthew J. Broderick)"  # after the label and tab
    speed = document.tables[0].rows[1].cells[1].paragraphs[0]  # the figure row
    speed.runs[0].text = "1,700"
    document.add_paragraph("Editor's note: should we add Chariots of Fire?")
    gump = next(p for p in document.paragraphs if p.text.startswith("Arguably"))
    document.add_comment(gump.runs, text="Is it really the most famous?", author="Ed")


def track_changes(document) -> None:
    """A pending insertion and a pending deletion, as Word writes them with Track Changes on."""
    day = next(p for p in document.paragraphs if p.text == "When you need to outrun weather.")
    run = day.runs[0]._r
    run.find(qn("w:t")).text = "When you need to outrun "
    deleted = etree.SubElement(day._p, qn("w:del"), {qn("w:id"): "901", qn("w:author"): "Ed"})
    r = etree.SubElement(deleted, qn("w:r"))
    etree.SubElement(
        r, qn("w:delText"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}
    ).text = "weather"
    inserted = etree.SubElement(day._p, qn("w:ins"), {qn("w:id"): "902", qn("w:author"): "Ed"})
    r = etree.SubElement(inserted, qn("w:r"))
    etree.SubElement(r, qn("w:t")).text = "a superstorm"
    end = copy.deepcopy(run)
    end.find(qn("w:t")).text = "."
    day._p.append(end)
    bookmark_end = day._p.find(qn("w:bookmarkEnd"))
    day._p.remove(bookmark_end)
    day._p.append(bookmark_end)


@pytest.fixture
def edited(project):
    dataset = pipeline.load("source/scenes.yaml")
    document = docx.Document(io.BytesIO(pipeline.render(dataset, "docx")))
    edit(document)
    track_changes(document)
    path = project / "edited.docx"
    document.save(path)
    return path


def test_review_lists_every_change(invoke, edited):
    result = invoke("review", str(edited))
    assert result.exit_code == 4, result.output  # the note and tracked changes need a person
    assert (
        result.stderr == "to resolve: 1 unmapped text, 2 pending tracked changes (listed above)\n"
    )
    out = result.output
    assert "the-mummy-returns heading\n  - The Mummy Returns\n  + The Mummy Returns (2001)" in out
    assert "raiders-of-the-lost-ark blurb" in out
    assert (
        "ferris-buellers-day-off person0.actor\n  - Matthew Broderick\n  + Matthew J. Broderick"
        in out
    )
    assert "the-mummy-returns claim0_value\n  - 1673\n  + 1700" in out
    assert "pending deletion by Ed in the-day-after-tomorrow blurb: 'weather'" in out
    assert "pending insertion by Ed in the-day-after-tomorrow blurb: 'a superstorm'" in out
    assert "comment by Ed on forrest-gump blurb: Is it really the most famous?" in out
    assert (
        'unmapped text after silver-linings-playbook blurb: "Editor\'s note: should we add Chariots of Fire?"'
        in out
    )
    assert "the-day-after-tomorrow blurb" not in out.split("pending")[0]  # pending is not applied


def test_apply_edits_the_yaml_in_place(invoke, edited, project):
    result = invoke("review", str(edited), "--apply")
    assert result.exit_code == 4, result.output
    assert "5 changes written and validated" in result.stderr
    assert "not written: unmapped text after silver-linings-playbook blurb" in result.stderr
    assert "not written: pending insertion in the-day-after-tomorrow blurb" in result.stderr
    text = (project / "source" / "scenes.yaml").read_text(encoding="utf-8")
    assert text == (GOLDEN / "review-applied.yaml").read_text(encoding="utf-8")


def test_accept_pending_applies_tracked_changes(invoke, edited, project):
    result = invoke("review", str(edited), "--apply", "--accept-pending")
    assert result.exit_code == 4, result.output  # the editor's note is still unmapped
    dataset = pipeline.load(project / "source" / "scenes.yaml")
    assert dataset.scene("the-day-after-tomorrow").blurb == "When you need to outrun a superstorm."


def test_round_trip_shows_no_changes(invoke, edited, project):
    invoke("review", str(edited), "--apply")
    invoke("export", "-f", "docx")
    result = invoke("review", "outputs/scenes.docx")
    assert result.output == "no changes\n"


def test_conflicts_write_nothing_without_force(invoke, edited, project):
    path = project / "source" / "scenes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: 1673", "value: 1680"), encoding="utf-8"
    )
    before = path.read_bytes()
    result = invoke("review", str(edited), "--apply")
    assert result.exit_code == 4
    assert "the-mummy-returns claim0_value CONFLICT" in result.output
    assert "now in the dataset: 1680 (changed in the dataset too)" in result.output
    assert "1 conflict: nothing written (use --force" in result.stderr
    assert path.read_bytes() == before
    forced = invoke("review", str(edited), "--apply", "--force")
    assert forced.exit_code == 4  # the unmapped note and pending changes remain
    assert "5 changes written and validated" in forced.stderr
    assert pipeline.load(path).scene("the-mummy-returns").claims[0].value == 1700


def test_a_change_on_one_side_only_applies_cleanly(invoke, edited, project):
    path = project / "source" / "scenes.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("year: 1994", "year: 1995"), encoding="utf-8"
    )
    result = invoke("review", str(edited), "--apply")
    assert "5 changes written and validated" in result.stderr
    dataset = pipeline.load(path)
    assert dataset.scene("forrest-gump").films[0].year == 1995  # the dataset's change stays
    assert (
        dataset.scene("the-mummy-returns").heading == "The Mummy Returns (2001)"
    )  # the editor's too


def test_a_value_the_dataset_refuses_cannot_apply_and_the_preview_says_so(invoke, project):
    """The preview validates what --apply would write: both report the refused value as one
    that cannot apply, with the dataset's reason, and exit 4; nothing else is in the edit, so
    the file stays as it was."""
    dataset = pipeline.load("source/scenes.yaml")
    document = docx.Document(io.BytesIO(pipeline.render(dataset, "docx")))
    document.tables[0].rows[1].cells[1].paragraphs[0].runs[0].text = "-5"
    document.save(project / "bad.docx")
    before = (project / "source" / "scenes.yaml").read_bytes()
    preview = invoke("review", "bad.docx")
    result = invoke("review", "bad.docx", "--apply")
    for run in (preview, result):
        assert run.exit_code == 4
        assert "claim0_value CANNOT APPLY" in run.stdout
        assert "the dataset refuses it: must be greater than 0, got -5" in run.stdout
    assert "nothing written" in result.stderr
    assert (project / "source" / "scenes.yaml").read_bytes() == before


def test_larger_documents_need_the_limit_raised(invoke, edited, project):
    """The bounds on an untrusted document scale with [limits] review_scenes: a team that
    reviews larger documents says so, and the refusal tells how."""
    (project / "scenes.toml").write_text("[limits]\nreview_scenes = 12\n", encoding="utf-8")
    before = (project / "source" / "scenes.yaml").read_bytes()
    result = invoke("review", str(edited), "--apply")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{edited}: the exported data it carries has 13 scenes; ")
    assert "raise [limits] review_scenes in scenes.toml" in result.stderr
    assert (project / "source" / "scenes.yaml").read_bytes() == before
    (project / "scenes.toml").write_text("[limits]\nreview_scenes = 13\n", encoding="utf-8")
    assert invoke("review", str(edited)).exit_code == 4  # read: its edits need a person


def test_a_document_scenes_did_not_make(invoke, project):
    docx.Document().save(project / "other.docx")
    result = invoke("review", "other.docx")
    assert result.exit_code == 1
    assert "other.docx: not a document exported by scenes" in result.stderr


def test_a_document_whose_anchors_were_destroyed(invoke, project):
    dataset = pipeline.load("source/scenes.yaml")
    document = docx.Document(io.BytesIO(pipeline.render(dataset, "docx")))
    for mark in list(document.element.body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
        mark.getparent().remove(mark)
    document.save(project / "flat.docx")
    result = invoke("review", "flat.docx")
    assert result.exit_code == 1
    assert "its anchors (bookmarks named scn_…) are gone" in result.stderr


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed (.ci/run installs it)"
)
def test_review_after_libreoffice_open_and_save(invoke, edited, project):
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{project}/profile",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(project / "lo"),
            str(edited),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    result = invoke("review", str(project / "lo" / "edited.docx"), "--apply")
    assert result.exit_code == 4, result.output
    assert "5 changes written and validated" in result.stderr
    assert (project / "source" / "scenes.yaml").read_text(encoding="utf-8") == (
        GOLDEN / "review-applied.yaml"
    ).read_text(encoding="utf-8")
    _ = SOURCE, cli


def test_an_emptied_field_is_removed_when_optional_and_refused_when_required(invoke, project):
    """An editor who deletes a blurb means the scene has none; one who empties a heading has
    made something the dataset cannot hold: the preview says so, and --apply does what the
    preview said (the blurb goes, the heading stays), exit 4 for what is left."""
    dataset = pipeline.load("source/scenes.yaml")
    document = docx.Document(io.BytesIO(pipeline.render(dataset, "docx")))
    blurb = next(p for p in document.paragraphs if p.text.startswith("Added motivation"))
    for r in blurb.runs:
        r.text = ""
    rocky = paragraph_with(document, "2. Rocky II")
    rocky.runs[1].text = "\u00a0"  # a no-break space: looks empty, is shown escaped
    document.save(project / "emptied.docx")
    preview = invoke("review", "emptied.docx")
    assert preview.exit_code == 4, preview.output
    assert "raiders-of-the-lost-ark blurb\n" in preview.output
    assert "  + (nothing)" in preview.output
    assert "rocky-ii heading CANNOT APPLY" in preview.output
    assert '  + "\\u00a0"' in preview.output
    assert "emptied, but the dataset requires this text" in preview.output
    applied = invoke("review", "emptied.docx", "--apply")
    assert applied.exit_code == 4, applied.output
    after = pipeline.load("source/scenes.yaml")
    assert after.scenes[2].blurb is None and after.scenes[1].heading == "Rocky II"
    assert after.scenes[:2] == dataset.scenes[:2] and after.scenes[3:] == dataset.scenes[3:]
