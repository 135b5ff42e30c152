"""Published identity: a feed export never drops or changes a guid an earlier export
published, unless the scene records its old id (`former_ids`) or the removal is meant
(`--retire`, asked once). The record lives beside the dataset, so a fresh outputs/ keeps it."""

from __future__ import annotations

import json
import shutil

import feedparser
import html5lib
import pytest

import pipeline
from pipeline.identity import IdentityError
from pipeline.writers import _feed as feeds

RECORD = "source/scenes.published-ids.json"
ROCKY = feeds.guid("rocky-ii")


def edit(project, old: str, new: str) -> None:
    path = project / "source" / "scenes.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def rename(project, new_id: str = "rocky-2", former: bool = False) -> None:
    also = "\n    former_ids: [rocky-ii]" if former else ""
    edit(project, "  - id: rocky-ii\n", f"  - id: {new_id}{also}\n")


def remove_rocky(project) -> None:
    path = project / "source" / "scenes.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: rocky-ii\n")
    end = text.index("  - id: ", start + 5)
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def outputs(project) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "outputs").iterdir())}


def test_a_rename_is_refused_naming_both_ids(invoke, project):
    assert invoke("export").exit_code == 0
    before, record = outputs(project), (project / RECORD).read_bytes()
    rename(project)
    result = invoke("export")
    assert result.exit_code == 1
    assert "rocky-ii: 'Rocky II' (guid " + ROCKY in result.stderr
    assert "'rocky-2' looks like its rename (same heading)" in result.stderr
    assert "add `former_ids: [rocky-ii]`" in result.stderr
    assert "--retire rocky-ii" in result.stderr
    assert "nothing was written" in result.stderr
    assert outputs(project) == before  # not even the formats without guids
    assert (project / RECORD).read_bytes() == record


def test_a_rename_with_a_new_heading_is_known_by_its_film(invoke, project):
    invoke("export", "-f", "rss")
    rename(project)
    edit(project, "    heading: Rocky II\n", "    heading: Rocky, the sequel\n")
    result = invoke("export", "-f", "rss")
    assert result.exit_code == 1
    assert "'rocky-2' looks like its rename (same film)" in result.stderr


def test_a_removal_with_nothing_alike(invoke, project):
    invoke("export", "-f", "atom")
    remove_rocky(project)
    result = invoke("export", "-f", "atom")
    assert result.exit_code == 1
    assert "no scene looks like its rename" in result.stderr


def test_former_ids_keep_the_first_guid(invoke, project):
    invoke("export", "-f", "rss", "-f", "jsonfeed", "-f", "html")
    first = feedparser.parse((project / "outputs" / "scenes.rss.xml").read_bytes())
    rename(project, former=True)
    result = invoke("export", "-f", "rss", "-f", "jsonfeed", "-f", "html")
    assert result.exit_code == 0, result.output
    later = feedparser.parse((project / "outputs" / "scenes.rss.xml").read_bytes())
    assert [e.id for e in later.entries] == [e.id for e in first.entries]  # nothing new
    assert later.entries[1].link.endswith("#rocky-2")  # the link follows the new id
    items = json.loads((project / "outputs" / "scenes.feed.json").read_bytes())["items"]
    assert items[1]["id"] == ROCKY
    page = html5lib.parse((project / "outputs" / "scenes.html").read_bytes())
    old_anchor = page.find(".//{*}section[@id='rocky-2']/{*}span[@id='rocky-ii']")
    assert old_anchor is not None  # links made before the rename still land on the scene
    assert "rocky-ii" in json.loads((project / RECORD).read_bytes())["published"]


def test_two_renames_keep_the_first_guid(invoke, project):
    invoke("export", "-f", "rss")
    rename(project, former=True)
    invoke("export", "-f", "rss")
    edit(
        project,
        "  - id: rocky-2\n    former_ids: [rocky-ii]\n",
        "  - id: rocky-two\n    former_ids: [rocky-ii, rocky-2]\n",
    )
    assert invoke("export", "-f", "rss").exit_code == 0
    parsed = feedparser.parse((project / "outputs" / "scenes.rss.xml").read_bytes())
    assert parsed.entries[1].id == ROCKY


def test_former_ids_in_the_wrong_order_are_refused(invoke, project):
    invoke("export", "-f", "rss")
    edit(project, "  - id: rocky-ii\n", "  - id: rocky-ii\n    former_ids: [rocky-2]\n")
    result = invoke("export", "-f", "rss")
    assert result.exit_code == 1
    assert "scene 'rocky-ii' now takes its guid from 'rocky-2'" in result.stderr
    assert "list 'rocky-ii' first in its former_ids" in result.stderr


def test_retire_is_asked_once(invoke, project):
    invoke("export", "-f", "rss")
    remove_rocky(project)
    assert invoke("export", "-f", "rss").exit_code == 1
    result = invoke("export", "-f", "rss", "--retire", "rocky-ii")
    assert result.exit_code == 0, result.output
    assert f"retired rocky-ii: its guid {ROCKY} is published no more" in result.stderr
    record = json.loads((project / RECORD).read_bytes())
    assert "rocky-ii" not in record["published"]
    assert record["retired"]["rocky-ii"]["guid"] == ROCKY
    assert invoke("export", "-f", "rss").exit_code == 0  # not asked again
    again = invoke("export", "-f", "rss", "--retire", "rocky-ii")
    assert again.exit_code == 0
    assert "rocky-ii was retired already" in again.stderr


def test_a_retired_id_brought_back_is_published_again(invoke, project):
    original = (project / "source" / "scenes.yaml").read_bytes()
    invoke("export", "-f", "rss")
    remove_rocky(project)
    invoke("export", "-f", "rss", "--retire", "rocky-ii")
    (project / "source" / "scenes.yaml").write_bytes(original)
    assert invoke("export", "-f", "rss").exit_code == 0
    record = json.loads((project / RECORD).read_bytes())
    assert "rocky-ii" in record["published"] and "rocky-ii" not in record["retired"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--retire", "rocky-ii"], "--retire rocky-ii: scene 'rocky-ii' still has it (its id)"),
        (
            ["--retire", "nope"],
            "has no published guid for it (every id it records is still in the dataset)",
        ),
        (["--retire", "Not A Slug"], "has no published guid for it"),
        (["-f", "json", "--retire", "rocky-ii"], "--retire applies to the feed formats"),
        (["-f", "text", "-f", "docx", "--retire", "x"], "--retire applies to the feed formats"),
    ],
)
def test_retire_that_means_nothing_is_a_usage_error(invoke, project, args, message):
    invoke("export", "-f", "rss")
    before = outputs(project)
    result = invoke("export", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert outputs(project) == before


def test_retire_an_id_the_scene_lists_as_former(invoke, project):
    invoke("export", "-f", "rss")
    rename(project, former=True)
    result = invoke("export", "-f", "rss", "--retire", "rocky-ii")
    assert result.exit_code == 2
    assert "scene 'rocky-2' still has it (in its former_ids)" in result.stderr


def test_retire_lists_what_can_be_retired(invoke, project):
    invoke("export", "-f", "rss")
    remove_rocky(project)
    result = invoke("export", "-f", "rss", "--retire", "rocky-iii-typo")
    assert result.exit_code == 2
    assert "ids published and now missing: rocky-ii" in result.stderr


def test_retire_with_one_file_and_standard_output(invoke, project):
    invoke("export", "-f", "rss")
    remove_rocky(project)
    refused = invoke("export", "-f", "rss", "-o", "-")
    assert refused.exit_code == 1
    assert refused.stdout == ""  # nothing half-written to the pipe
    result = invoke("export", "-f", "rss", "-o", "-", "--retire", "rocky-ii")
    assert result.exit_code == 0
    assert ROCKY not in result.stdout
    assert "rocky-ii: left out of this feed only" in result.stderr  # a stream records nothing
    one = invoke("export", "-f", "rss", "-o", "feed.xml", "--retire", "rocky-ii")
    assert one.exit_code == 0
    assert ROCKY.encode() not in (project / "feed.xml").read_bytes()
    assert "retired rocky-ii" in one.stderr
    assert invoke("export", "-f", "rss", "-o", "-").exit_code == 0  # asked once


def test_a_fresh_output_folder_still_guards(invoke, project):
    invoke("export")
    shutil.rmtree(project / "outputs")
    rename(project)
    assert invoke("export").exit_code == 1
    assert not (project / "outputs").exists() or not list((project / "outputs").iterdir())


def test_the_record_can_live_elsewhere(invoke, project):
    (project / "data").mkdir()
    (project / "scenes.toml").write_text('[feed]\npublished_ids = "data/ids.json"\n')
    invoke("export", "-f", "atom")
    assert (project / "data" / "ids.json").exists()
    assert not (project / RECORD).exists()


def test_a_damaged_record_stops_the_export(invoke, project):
    (project / RECORD).write_text('{"published": {"Rocky II!": 3}}', encoding="utf-8")
    result = invoke("export")
    assert result.exit_code == 1
    assert f"{RECORD}: not a record of published ids" in result.stderr
    assert "restore it from version control" in result.stderr
    assert not (project / "outputs" / "scenes.json").exists()


def test_formats_without_guids_neither_check_nor_record(invoke, project):
    invoke("export", "-f", "rss")
    rename(project)
    assert invoke("export", "-f", "json", "-f", "text", "-f", "html", "-f", "docx").exit_code == 0
    assert "rocky-2" not in (project / RECORD).read_text()


def test_the_library_refuses_too(project, tmp_path):
    dataset = pipeline.load(project / "source" / "scenes.yaml")
    pipeline.export(dataset, ["rss"], tmp_path / "a")
    renamed = dataset.scenes[1].__class__(**{**_fields(dataset.scenes[1]), "id": "rocky-2"})
    changed = dataset.__class__(
        collection=dataset.collection, scenes=(dataset.scenes[0], renamed, *dataset.scenes[2:])
    )
    with pytest.raises(IdentityError) as caught:
        pipeline.export(changed, ["all"], tmp_path / "b")
    assert "'rocky-2' looks like its rename" in str(caught.value)
    assert not (tmp_path / "b" / "scenes.json").exists()


def _fields(record) -> dict:
    import msgspec

    return msgspec.structs.asdict(record)


def test_the_repository_records_the_real_datasets_ids(dataset):
    from conftest import ROOT

    record = json.loads((ROOT / RECORD).read_bytes())
    assert set(record["published"]) == {s.identity for s in dataset.scenes}
    assert all(
        v["guid"] == feeds.scene_guid(dataset.scene(k)) for k, v in record["published"].items()
    )


def test_a_preview_is_held_to_the_record_and_adds_nothing(project, tmp_path):
    dataset = pipeline.load(project / "source" / "scenes.yaml")
    record = project / RECORD
    pipeline.export(dataset, ["rss"], tmp_path / "preview", publishing=False)
    assert not record.exists()
    pipeline.export(dataset, ["rss"], tmp_path / "out")
    before = record.read_bytes()
    scenes = list(dataset.scenes)
    scenes[1] = scenes[1].__class__(**{**_fields(scenes[1]), "id": "rocky-2"})
    renamed = dataset.__class__(collection=dataset.collection, scenes=tuple(scenes))
    with pytest.raises(IdentityError):
        pipeline.export(renamed, ["rss"], tmp_path / "preview", publishing=False)
    extra = scenes[1].__class__(**{**_fields(scenes[1]), "id": "new-scene", "heading": "New"})
    grown = dataset.__class__(collection=dataset.collection, scenes=(*dataset.scenes, extra))
    pipeline.export(grown, ["rss"], tmp_path / "preview", publishing=False)
    assert record.read_bytes() == before
