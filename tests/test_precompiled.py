"""The built-in templates compiled ahead: up to date, used, and never a way around a change."""

from __future__ import annotations

import jinja2

import pipeline
from pipeline import precompiled, templating
from pipeline.precompiled import build


def test_every_compiled_template_is_up_to_date():
    """After changing a built-in template, run `python -m pipeline.precompiled`."""
    for filename, text in build.expected().items():
        path = precompiled.HERE / filename
        assert path.exists(), f"{filename} missing: python -m pipeline.precompiled"
        assert path.read_text(encoding="utf-8") == text, f"{filename} is out of date"


def test_built_in_templates_are_not_compiled_at_run_time(dataset, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compiled at run time")

    before = pipeline.render(dataset, "text") + pipeline.render(dataset, "html")
    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    assert pipeline.render(dataset, "text") + pipeline.render(dataset, "html") == before


def test_a_changed_template_or_another_jinja_compiles_from_the_source(dataset, monkeypatch):
    """A compiled module is used only for the exact source and Jinja it was made from."""
    real = templating.builtin_source
    monkeypatch.setattr(
        templating,
        "builtin_source",
        lambda name: (
            real(name).replace("{#-", "CHANGED {#-", 1) if name == "scenes.txt.j2" else real(name)
        ),
    )
    assert pipeline.render(dataset, "text").startswith(b"CHANGED")
    monkeypatch.setattr(templating, "builtin_source", real)
    monkeypatch.setattr(jinja2, "__version__", "0.0")
    compiled = []
    real_compile = jinja2.Environment.compile
    monkeypatch.setattr(
        jinja2.Environment,
        "compile",
        lambda *a, **k: compiled.append(a[2]) or real_compile(*a, **k),
    )
    pipeline.render(dataset, "text")
    assert "scenes.txt.j2" in compiled


def test_two_environments_never_share_a_compiled_namespace():
    source = templating.builtin_source("scenes.txt.j2")
    one = precompiled.namespace("scenes.txt.j2", False, source, "x")
    two = precompiled.namespace("scenes.txt.j2", False, source, "x")
    assert one is not two and one["root"] is not two["root"]
    assert one["root"].__globals__ is one and two["root"].__globals__ is two
