"""Numbers are shown as the data holds them (issue 22): the shortest digits that are the value,
grouped, never rounded to two decimals (which printed digits that are not in the data)."""

from __future__ import annotations

import io
import subprocess
import sys

import docx
import pytest
from conftest import SOURCE, scenes_env
from msgspec.structs import replace

import pipeline
from pipeline.wording import number

SHOWN = "999,999,999,999,999.9"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (999999999999999.9, SHOWN),
        (1673, "1,673"),
        (1673.0, "1,673"),
        (1.25, "1.25"),
        (1.255, "1.255"),
        (12345.5, "12,345.5"),
        (0.000012, "0.000012"),
        (1e-9, "0.000000001"),
        (-3.5, "-3.5"),
    ],
)
def test_a_number_is_its_shortest_exact_digits(value, shown):
    assert number(value) == shown


@pytest.fixture(scope="module")
def huge(dataset):
    scene = next(s for s in dataset.scenes if s.claims and s.claims[0].measure == "distance")
    claim = replace(scene.claims[0], value=999999999999999.9, unit="mi")
    changed = replace(scene, claims=(claim, *scene.claims[1:]), blurb=None)  # the claim listed
    scenes = tuple(changed if s is scene else s for s in dataset.scenes)
    return replace(dataset, scenes=scenes)


@pytest.mark.parametrize("fmt", ["text", "html"])
def test_every_reader_sees_the_digits_the_data_holds(huge, fmt):
    text = pipeline.render(huge, fmt).decode("utf-8")
    assert SHOWN in text
    assert "999,999,999,999,999.88" not in text


def test_the_docx_shows_the_digits_the_data_holds(huge):
    document = docx.Document(io.BytesIO(pipeline.render(huge, "docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    texts = [p.text for p in document.paragraphs] + cells
    assert any(SHOWN in t for t in texts)
    assert not any("999,999,999,999,999.88" in t for t in texts)


def test_scenes_check_shows_the_digits_the_data_holds(tmp_path):
    (tmp_path / "source").mkdir()
    text = SOURCE.read_text(encoding="utf-8")
    rocky = "value: 50\n        unit: km\n"
    assert rocky in text
    huge_rocky = rocky.replace("50", "999999999999999.9").replace("km", "mi")
    (tmp_path / "source" / "scenes.yaml").write_text(text.replace(rocky, huge_rocky))
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "check"],
        cwd=tmp_path,
        env=scenes_env(),
        capture_output=True,
        timeout=60,
    )
    assert SHOWN in result.stdout.decode("utf-8"), result.stderr
