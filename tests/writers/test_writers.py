"""JSON and text writers against golden files and real readers; the registry's rules."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from msgspec.structs import replace
from strategies import datasets

import pipeline
from pipeline.errors import WriterError
from pipeline.settings import settings_from
from pipeline.templating import Template
from pipeline.wording import number, quantity
from pipeline.writers import Registry, WriterEntry, WriterOptions, discover


def test_json_round_trips_to_an_equal_dataset(dataset):
    document = json.loads(pipeline.render(dataset, "json"))
    assert document["schema_version"] == "2.1"
    assert list(document) == ["schema_version", "collection", "scenes"]
    assert pipeline.dataset_from(document) == dataset


def test_the_1673_kmh_claim_carries_its_reality_check(dataset):
    document = json.loads(pipeline.render(dataset, "json"))
    reality = document["scenes"][0]["claims"][0]["reality"]
    assert reality["rule"] == "running-speed"
    assert reality["reference"] == "fastest-human-sprint"
    assert reality["ratio"] == pytest.approx(37.4, abs=0.05)
    assert reality["verdict"] == "physically absurd"
    assert reality["why"].startswith("about 37 times Usain Bolt’s top speed")
    assert reality["year"] == 2009 and "Berlin" in reality["source"]
    lola_money = document["scenes"][3]["claims"][1]
    assert lola_money["unit"] == "DEM"
    assert lola_money["reality"] == {
        "rule": "no-physical-scale",
        "verdict": None,
        "why": "money has no physical scale",
        "reference": None,
        "label": None,
        "value": None,
        "unit": None,
        "source": None,
        "year": None,
        "ratio": None,
    }
    text = pipeline.render(dataset, "text").decode()
    assert "About 37 times Usain Bolt’s top speed" in " ".join(text.split())


def test_json_is_utf8_not_escaped(dataset):
    data = pipeline.render(dataset, "json")
    assert "Dante’s Peak".encode() in data
    assert b"\\u2019" not in data
    assert data.endswith(b"}\n")


def test_text_wraps_at_72_without_trailing_spaces(dataset):
    text = pipeline.render(dataset, "text").decode("utf-8")
    assert "\r" not in text and text.endswith("\n")
    for line in text.splitlines():
        assert line == line.rstrip()
        assert len(line) <= 72 or " " not in line.strip(), (
            line
        )  # only an unbreakable word may overflow


def test_text_width_comes_from_settings(dataset):
    options = WriterOptions(settings=settings_from({"text": {"width": 50}}))
    text = pipeline.render(dataset, "text", options).decode("utf-8")
    assert max(len(line) for line in text.splitlines() if " " in line.strip()) <= 50


def test_text_writes_each_number_once_with_its_conversion(dataset):
    text = " ".join(pipeline.render(dataset, "text").decode("utf-8").split())
    assert "as fast as 1673 km/h (1,040 mph), faster than the speed of sound" in text
    assert "1,673" not in text  # not a second time, differently
    assert "upwards of 50K (31 mi) on this" in text
    assert "as quickly as 60 km/h (37 mph), no match" in text
    assert "Given 20 minutes to come up with 100,000 Deutsche Mark" in text
    assert "By the numbers" not in text and "(estimated, as fast as)" not in text
    assert "2: Treadmills" not in text
    assert "Reality check: physically absurd. About 37 times" in text


def test_text_credits_and_the_compilation_in_one_wording(dataset):
    text = pipeline.render(dataset, "text").decode("utf-8")
    assert "Film: Rocky II (1979)\nCast: Rocky Balboa (Sylvester Stallone)\n" in text
    assert "11. Every Tom Cruise running scene" in text
    tom = text.split("11. Every Tom Cruise running scene")[1].split("12. Casino")[0]
    assert tom.strip("-\n ") == "Films: many, all with Tom Cruise"


def test_a_claim_the_blurb_does_not_state_is_a_sentence_in_the_text(dataset):
    scenes = list(dataset.scenes)
    scenes[7] = replace(scenes[7], blurb="Neville runs with his dog.")
    text = pipeline.render(replace(dataset, scenes=tuple(scenes)), "text").decode("utf-8")
    assert "Treadmills side by side, one for Neville and one for his dog: 2." in text


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1673, "1,673"), (100000, "100,000"), (0.5, "0.5"), (2.0, "2"), (1.255, "1.255")],
)
def test_number_formatting(value, shown):
    assert number(value) == shown


def test_small_conversions_keep_a_decimal(dataset):
    claim = replace(
        dataset.scene("the-mummy-returns").claims[0], measure="distance", value=5, unit="km"
    )
    assert quantity(claim) == "5 km (3.1 mi)"


def test_user_template_replaces_the_layout(dataset):
    template = Template("mine.j2", "{% for s in scenes %}{{ s.id }}\n{% endfor %}")
    text = pipeline.render(dataset, "text", WriterOptions(templates={"text": template})).decode()
    assert text.splitlines() == [s.id for s in dataset.scenes]


def test_user_template_can_extend_the_builtin_one(dataset):
    template = Template(
        "mine.j2", "{% include 'scenes.txt.j2' %}\n-- \nUnsubscribe: {{ '{{unsub}}' }}"
    )
    text = pipeline.render(dataset, "text", WriterOptions(templates={"text": template})).decode()
    assert text.startswith(dataset.collection.title)
    assert text.rstrip().endswith("Unsubscribe: {{unsub}}")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("line one\n{% for s in scenes %}", "mine.j2:2: template error:"),
        ("\n{{ nothing_here }}", "mine.j2:2: template error: 'nothing_here' is undefined"),
        ("a\nb\n{{ 1 / 0 }}", "mine.j2:3: template error: ZeroDivisionError: division by zero"),
        ("{{ scenes | wrap('wide') }}", "mine.j2:1: template error: AttributeError:"),
        ("{% include 'nope.j2' %}", "mine.j2: template error: no template named 'nope.j2'"),
    ],
)
def test_template_mistakes_name_the_template_and_line(dataset, source, message):
    with pytest.raises(WriterError) as caught:
        pipeline.render(
            dataset, "text", WriterOptions(templates={"text": Template("mine.j2", source)})
        )
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)  # one line


def test_a_template_folder_replaces_one_part_only(dataset, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_scene.txt.j2").write_text("* {{ heading }} [{{ scene.id }}]\n")
    options = pipeline.api.writer_options(settings_from({"text": {"template_dir": str(folder)}}))
    text = pipeline.render(dataset, "text", options).decode()
    assert text.startswith(dataset.collection.title)  # the built-in layout around it
    assert "* 1. The Mummy Returns [the-mummy-returns]" in text
    (folder / "_scene.txt.j2").write_text("{{ heading }}\n{{ scene.nope }}\n")
    options = pipeline.api.writer_options(settings_from({"text": {"template_dir": str(folder)}}))
    with pytest.raises(WriterError) as caught:
        pipeline.render(dataset, "text", options)
    assert str(caught.value).startswith(f"{folder}/_scene.txt.j2:2: template error:")


def test_templates_treat_markup_as_text(dataset):
    scene = replace(dataset.scenes[0], blurb='<script>alert(1)</script> & "q"')
    tampered = replace(dataset, scenes=(scene, *dataset.scenes[1:]))
    text = pipeline.render(tampered, "text").decode()
    assert '<script>alert(1)</script> & "q"' in text


def test_builtins_are_registered_through_entry_points():
    from importlib.metadata import entry_points

    declared = {ep.name: ep.value for ep in entry_points(group="pipeline.writers")}
    assert declared.get("json") == "pipeline.writers.json:JsonWriter"
    assert declared.get("text") == "pipeline.writers.text:TextWriter"


def test_registry_falls_back_to_builtins_without_metadata(monkeypatch):
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **_: [])
    assert {"json", "text"} <= set(discover().names())


def test_unknown_format_lists_the_available_ones():
    with pytest.raises(
        WriterError,
        match=r"unknown format 'pdf'; available: atom, docx, html, json, jsonfeed, rss, text, all",
    ):
        discover().get("pdf")


def test_expand_all_and_keep_order_without_repeats():
    registry = discover()
    everything = ["atom", "docx", "html", "json", "jsonfeed", "rss", "text"]
    assert registry.expand(["text", "all"]) == ["text", *(f for f in everything if f != "text")]
    assert registry.expand(["json", "json"]) == ["json"]


def test_two_plugins_claiming_one_name_fail_alone():
    registry = Registry(
        [
            WriterEntry("md", "one.module:Writer", "plugin-one"),
            WriterEntry("md", "other.module:Writer", "plugin-two"),
            WriterEntry("text", "pipeline.writers.text:TextWriter", "scenes"),
        ]
    )
    with pytest.raises(
        WriterError, match="claimed by more than one package: plugin-one, plugin-two"
    ):
        registry.get("md")
    assert registry.get("text").name == "text"


def test_a_builtin_name_stays_with_the_builtin_whatever_the_order():
    for order in (1, -1):
        entries = [
            WriterEntry("json", "greedy.module:Writer", "greedy"),
            WriterEntry("json", "pipeline.writers.json:JsonWriter", "scenes"),
        ][::order]
        registry = Registry(entries)
        assert registry.entry("json").provider == "scenes"
        assert registry.problems == [
            "plugin greedy (greedy.module:Writer) claims the format name 'json', which belongs "
            "to the built-in writer; the plugin is ignored"
        ]


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("no_such_module_xyz:Writer", "cannot be imported"),
        ("pipeline.writers.json:Missing", "has no 'Missing'"),
        ("pipeline.writers.text:TextWriter", "names itself 'text', not 'broken'"),
        ("pipeline.model:Dataset", "declares no name"),
    ],
)
def test_a_broken_writer_is_reported_by_name(target, problem):
    registry = Registry([WriterEntry("broken", target, "some-plugin")])
    with pytest.raises(WriterError) as caught:
        registry.get("broken")
    assert f"writer 'broken' ({target}, from some-plugin) {problem}" in str(caught.value)


def test_a_writer_that_crashes_is_reported_and_others_are_written(dataset, tmp_path):
    class Crashing:
        name = "crash"
        extension = ".crash"
        media_type = "text/plain"

        def render(self, dataset, options):
            raise RuntimeError("boom")

    registry = discover()
    registry.add(Crashing())
    with pytest.raises(WriterError, match="writer 'crash' failed: RuntimeError: boom"):
        pipeline.export(dataset, ["all"], tmp_path, registry=registry)
    assert "scenes.json" in [p.name for p in tmp_path.iterdir()]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(datasets())
def test_the_json_export_written_a_scene_at_a_time_is_the_whole_indented(dataset):
    """The JSON writer indents each scene on its own; the text is exactly that of the whole
    document indented at once."""
    import msgspec

    from pipeline.writers import json as json_writer

    exported = pipeline.render(dataset, "json")
    whole = {
        "schema_version": json_writer.SCHEMA_VERSION,
        "collection": dataset.collection,
        "scenes": [json_writer._with_reality(s) if s.claims else s for s in dataset.scenes],
    }
    assert exported == msgspec.json.format(msgspec.json.encode(whole), indent=2) + b"\n"
