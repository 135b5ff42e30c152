"""A user's template runs in the sandbox: it reaches no Python internals (so no code), and no
single step of it makes gigabytes. The built-in templates give the same bytes either way."""

from __future__ import annotations

import jinja2
import pytest
from conftest import GOLDEN, SOURCE
from jinja2.sandbox import SecurityError

import pipeline
from pipeline import precompiled, templating
from pipeline.errors import WriterError
from pipeline.templating import Template, builtin_source
from pipeline.writers import WriterOptions

ESCAPES = [
    '{{ cycler.__init__.__globals__.os.system("touch MARK") }}',
    '{{ joiner.__init__.__globals__.os.popen("touch MARK").read() }}',
    "{{ (cycler|attr('__init__')|attr('__globals__')).os.system('touch MARK') }}",
    "{{ cycler['__init__']['__globals__']['os'].system('touch MARK') }}",
    "{{ '{0.__init__.__globals__[os].system}'.format(cycler) }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ scenes[0].__class__.__mro__ }}",
    "{{ collection.__struct_fields__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ width.__class__ }}",
]
"""Ways from a template to Python's internals, each the first step of running code."""


_DATA = pipeline.load(SOURCE)


def text_with(source: str) -> bytes:
    return pipeline.render(_DATA, "text", WriterOptions(templates={"text": Template("t", source)}))


def refused(source: str, *, html: bool = False) -> str:
    fmt, name = ("html", "page.html.j2") if html else ("text", "mine.txt.j2")
    with pytest.raises(WriterError) as caught:
        pipeline.render(_DATA, fmt, WriterOptions(templates={fmt: Template(name, source)}))
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize("source", ESCAPES)
@pytest.mark.parametrize("html", [False, True], ids=["text", "html"])
def test_a_template_reaches_no_python_internals(source, html, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    message = refused(f"line one\n{source}\n", html=html)
    assert message.startswith(("mine.txt.j2:2: template error:", "page.html.j2:2: template error:"))
    assert "unsafe" in message or "StrictUndefined" in message  # (|attr forgets why)
    assert not (tmp_path / "MARK").exists()


def test_the_command_refuses_it_and_runs_nothing(invoke, project):
    (project / "evil.txt.j2").write_text(ESCAPES[0] + "\n", encoding="utf-8")
    result = invoke("export", "-f", "text", "--template", "evil.txt.j2")
    assert result.exit_code == 1
    assert result.stderr.startswith("evil.txt.j2:1: template error: access to attribute")
    assert not (project / "MARK").exists()
    assert not (project / "outputs" / "scenes.txt").exists()


def test_a_template_folder_part_is_sandboxed_too(invoke, project):
    (project / "parts").mkdir()
    (project / "parts" / "_scene.txt.j2").write_text("{{ heading }}\n" + ESCAPES[1] + "\n")
    (project / "scenes.toml").write_text('[text]\ntemplate_dir = "parts"\n', encoding="utf-8")
    result = invoke("export", "-f", "text")
    assert result.exit_code == 1
    assert "_scene.txt.j2:2: template error: access to attribute" in result.stderr
    assert not (project / "MARK").exists()


def test_a_template_cannot_change_the_data_it_is_given():
    message = refused("{% set films = scenes[0].films %}{{ films.append(1) }}{{ {}.update(a=1) }}")
    assert message.startswith("mine.txt.j2:1: template error:")
    message = refused("{{ {'a': 1}.clear() }}")
    assert "unsafe" in message


BOMBS = [
    ('{{ "x" * 2000000 }}', "'*' would make 2,000,000 characters or items"),
    ("{{ 2000000 * 'x' }}", "'*' would make 2,000,000"),
    ("{{ ([0] * 2000000) | length }}", "'*' would make 2,000,000"),
    ("{{ (10 ** 5000) // 10 ** 4990 }}", "'**' would make a number of more than 4,300 digits"),
    ("{{ (10 ** 3000 * 10 ** 3000) // 10 ** 5990 }}", "'*' would make a number of more than"),
    ('{{ "%2000000s" % "" }}', "widths would make 2,000,000"),
    ('{{ "%.2000000f" % 1 }}', "widths would make 2,000,000"),
    ('{{ "%*s" % (5, "") }}', "given by '*'"),
    ('{{ "%2000000s"|format("") }}', "widths would make 2,000,000"),
    ('{{ "{:2000000}".format("") }}', "widths would make 2,000,000"),
    ('{{ "{0:{1}}".format("", 5) }}', "given by another field"),
    ('{{ "{x:>2000000}".format_map({"x": 1}) }}', "widths would make 2,000,000"),
    ('{{ ""|center(2000000) }}', "center would make 2,000,000"),
    ('{{ "a\\nb"|indent(1000000, true) }}', "indent would make 2,000,000"),
    ('{{ range(3)|join("x" * 1000000) }}', "join would make 2,000,000"),
    ('{{ range(3)|map("string")|join("x" * 1000000) }}', "join would make 2,000,000"),
    ('{{ "ab"|replace("", "x" * 1000000) }}', "replace would make 3,000,000"),
    ('{{ "a b c"|wordwrap(1, wrapstring="x" * 500000) }}', "wordwrap would make"),
    ("{{ range(3)|batch(2000000, 0)|list|length }}", "batch would make 2,000,000"),
    ("{{ range(3)|slice(2000000)|list|length }}", "slice would make 2,000,000"),
    ("{{ [1, [2]]|tojson(indent=100) }}", "tojson: an indent wider than 16"),
    ('{{ ("x" * 1000)|underline("-" * 2000) }}', "underline would make 2,000,000"),
    ('{{ ("x " * 1000)|wrap(2, "-" * 1000) }}', "wrap would make"),
    ("{{ range(200000)|length }}", "MAX_RANGE"),
    ("{{ lipsum(1000) }}", "'lipsum' is undefined"),
]
"""One step each that would make millions of characters (or a number of many thousand digits);
sizes just past the limits, so that without the sandbox each renders (and the test fails)."""


@pytest.mark.parametrize(("source", "message"), BOMBS)
def test_no_single_step_makes_more_than_the_limit(source, message):
    said = refused(f"\n{source}\n")
    assert said.startswith("mine.txt.j2:2: template error:")
    assert message in said


def test_the_bounds_hold_for_constants_too():
    """Jinja works out constant expressions while compiling; an operator the sandbox checks
    is left to run time, where it is refused at its own line (and never runs when not
    reached)."""
    big = "10 ** (10 ** 6) // 10 ** (10 ** 6)"
    said = refused(f"{{% if false %}}\n{{{{ {big} }}}}\n{{% endif %}}\n{{{{ {big} }}}}")
    assert said.startswith("mine.txt.j2:4: template error: '**' would make")


FINE = {
    '{{ "=" * 72 }}': "=" * 72,
    "{{ 3 * [0] }}": "[0, 0, 0]",
    "{{ 2 ** 64 }} {{ 2 ** -1 }} {{ 2.5 ** 2 }} {{ 7 % 3 }}": "18446744073709551616 0.5 6.25 1",
    '{{ "%5.1f|%-4s|%%" % (3.14159, "ab") }}': "  3.1|ab  |%",
    '{{ "%(n)03d"|format(n=7) }}': "007",
    '{{ "{:>6}|{:,.2f}".format("ab", 1234.5) }}': "    ab|1,234.50",
    '{{ "ab"|center(6) }}|': "  ab  |",
    '{{ "a\\nb"|indent(2) }}': "a\n  b",
    '{{ range(3)|join(", ") }}': "0, 1, 2",
    '{{ "a-b-c"|replace("-", " to ") }}': "a to b to c",
    '{{ "aaa bbb"|wordwrap(3, wrapstring="<br>") }}': "aaa<br>bbb",
    "{{ range(5)|batch(2, 0)|list }}": "[[0, 1], [2, 3], [4, 0]]",
    "{{ range(4)|slice(2)|list }}": "[[0, 1], [2, 3]]",
    "{{ [1]|tojson(indent=2) }}": "[\n  1\n]",
    '{{ "Title"|underline("=") }}': "=====",
    '{{ "one two three"|wrap(9, "  ", "") }}': "one two\n  three",
    "{{ scenes|length }} {{ scenes[0].heading }}": "13 The Mummy Returns",
    "{% for s in scenes if s.films %}{% if loop.first %}{{ s.films[0].year }}{% endif %}"
    "{% endfor %}": "2001",
    "{% set ns = namespace(n=0) %}{% for s in scenes %}{% set ns.n = ns.n + 1 %}{% endfor %}"
    "{{ ns.n }} {{ range(3)|sum }}": "13 3",
    "{{ cycler('a', 'b').next() }}{{ dict(a=1).a }}": "a1",
}
"""What templates do every day, close to the limits' edges, still works."""


@pytest.mark.parametrize(("source", "output"), FINE.items())
def test_what_templates_do_every_day_still_works(source, output):
    assert text_with(source).decode("utf-8") == output + "\n"


@pytest.mark.parametrize(
    ("fmt", "builtin", "golden"),
    [("text", "scenes.txt.j2", "scenes.txt"), ("html", "scenes.html.j2", "scenes.html")],
)
def test_a_copy_of_the_built_in_template_gives_the_golden_bytes(fmt, builtin, golden):
    """The sandbox changes no output: the built-in layout, as a user's template (and so with
    the built-in parts it includes run as compiled for the sandbox), is byte for byte the same."""
    copy = Template(f"mine-{builtin}", builtin_source(builtin))
    made = pipeline.render(_DATA, fmt, WriterOptions(templates={fmt: copy}))
    assert made == (GOLDEN / golden).read_bytes()


def test_a_copy_of_each_built_in_part_gives_the_golden_bytes():
    parts = tuple(Template(f"parts/{name}", builtin_source(name)) for name in ["_scene.txt.j2"])
    made = pipeline.render(_DATA, "text", WriterOptions(parts={"text": parts}))
    assert made == (GOLDEN / "scenes.txt").read_bytes()


def test_built_in_parts_beside_a_users_template_are_compiled_for_the_sandbox(monkeypatch):
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def compile_(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    loaded: list[str] = []
    real_namespace = precompiled.namespace

    def namespace(name, markup, source, filename, sandbox=""):
        made = real_namespace(name, markup, source, filename, sandbox)
        loaded.append(f"{name} {'sandboxed' if sandbox else 'normal'} {made is not None}")
        return made

    monkeypatch.setattr(precompiled, "namespace", namespace)
    main = Template("mine.html.j2", builtin_source("scenes.html.j2"))
    pipeline.render(_DATA, "html", WriterOptions(templates={"html": main}))
    assert compiled == ["mine.html.j2"]  # the user's own, and nothing else
    assert sorted(set(loaded)) == ["_page.css.j2 sandboxed True", "_scene.html.j2 sandboxed True"]


def test_code_compiled_for_the_sandbox_checks_every_call():
    """What makes a sandboxed module safe to load beside a user's template: its calls go
    through the sandbox, and it says which sandbox it was compiled for."""
    from pipeline.sandbox import SIGNATURE

    modules = sorted(precompiled.HERE.glob("*_sandboxed.py"))
    assert len(modules) == len(templating.names())
    for path in modules:
        text = path.read_text(encoding="utf-8")
        assert "context.call(" not in text, path.name
        assert f"SANDBOX = {SIGNATURE!r}" in text, path.name
    normal = (precompiled.HERE / "scene_html_markup.py").read_text(encoding="utf-8")
    assert "context.call(" in normal and "environment.call(" not in normal


def test_a_module_compiled_for_another_sandbox_or_none_is_not_used():
    source = builtin_source("_scene.txt.j2")
    assert precompiled.namespace("_scene.txt.j2", False, source, "x", "binops=*") is None
    assert precompiled.namespace("_scene.txt.j2", False, source, "x") is not None
    from pipeline.sandbox import SIGNATURE

    made = precompiled.namespace("_scene.txt.j2", False, source, "x", SIGNATURE)
    assert made is not None and made["SANDBOX"] == SIGNATURE


def test_the_built_in_templates_alone_run_unsandboxed():
    """No user template: our own code, compiled ahead for the normal environment (the speed
    of the built-in path is that of before the sandbox)."""
    assert not templating.environment().sandboxed
    assert templating.environment([Template("x.j2", "")]).sandboxed
    assert "lipsum" in templating.environment().globals  # (unreachable to a user's template)


def test_an_attribute_found_safe_once_is_still_checked_by_kind(dataset):
    """The sandbox remembers its verdict per type and attribute name: a safe `format` on one
    string is still wrapped on the next, and a safe name on one type says nothing of another."""
    env = templating.environment([Template("x.j2", "")])
    assert env.getattr("a", "upper")() == "A"
    for _ in range(2):
        with pytest.raises(SecurityError):
            env.getattr("{0.__class__}", "format")(1)
    assert env.getattr(dataset, "scenes") is dataset.scenes
    assert env.getattr(dataset.collection, "title") == dataset.collection.title
    assert isinstance(env.getattr(dataset.collection, "__class__"), jinja2.Undefined)
    assert isinstance(env.getattr(len, "__self__"), jinja2.Undefined)
