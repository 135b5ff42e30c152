"""Inputs that once reached a Python traceback (issue 22): each gets one located line, exit 1
(2 for usage), and nothing written. Run as a user runs them, in a process of their own."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import SOURCE, scenes_env

import pipeline

STYLES = "word/styles.xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def scenes(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: bytes = b""):
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        env={**scenes_env(), **(env or {})},
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def assert_refused(result, *needles: str, code: int = 1) -> str:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert result.returncode == code, err
    for needle in needles:
        assert needle in err, err
    return err


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "scenes.yaml").write_bytes(SOURCE.read_bytes())
    return tmp_path


def house(tmp_path: Path) -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def with_part(package: bytes, name: str, data: bytes, compress: bool = True) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    kind = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(out, "w", kind) as target:
        for info in source.infolist():
            target.writestr(info.filename, data if info.filename == name else source.read(info))
    return out.getvalue()


BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY a "aaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    b'<w:styles xmlns:w="' + W.encode() + b'"><w:style w:styleId="&c;"/></w:styles>'
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<w:styles xmlns:w="' + W.encode() + b'"><w:style w:styleId="&x;"/></w:styles>'
)
FOREIGN = b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'


@pytest.mark.parametrize(
    ("case", "styles", "needle"),
    [
        ("entity-bomb", BOMB, "document type declaration"),
        ("external-entity", EXTERNAL, "document type declaration"),
        ("foreign-root", FOREIGN, "holds <html>, not Word's <w:styles>"),
        ("not-xml", b"<w:styles", "not well-formed XML"),
        ("huge-part", b" " * (33 * 2**20), "inflates beyond 32 MiB"),
    ],
)
def test_a_hostile_reference_document_is_refused_in_one_line(folder, case, styles, needle):
    (folder / "house.docx").write_bytes(with_part(house(folder), STYLES, styles))
    result = scenes("export", "-f", "docx", "--reference-docx", "house.docx", cwd=folder)
    err = assert_refused(result, f"house.docx: not a usable .docx ({STYLES}", needle)
    assert len(err.splitlines()) == 1
    assert not (folder / "outputs").exists()


def test_a_word_template_works_as_the_house_style(folder):
    """A .dotx is a document whose content type says template: it lends its styles too."""
    package = house(folder)
    types = zipfile.ZipFile(io.BytesIO(package)).read("[Content_Types].xml")
    template = types.replace(b"document.main+xml", b"template.main+xml")
    (folder / "house.dotx").write_bytes(with_part(package, "[Content_Types].xml", template))
    result = scenes("export", "-f", "docx", "--reference-docx", "house.dotx", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert b"BytesIO" not in result.stderr
    exported = docx.Document(str(folder / "outputs" / "scenes.docx"))
    assert exported.paragraphs[0].text.startswith("13 memorable")


def test_our_own_export_as_the_house_style_warns_of_nothing(folder, dataset):
    (folder / "house.docx").write_bytes(pipeline.render(dataset, "docx"))
    result = scenes("export", "-f", "docx", "--reference-docx", "house.docx", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode() == "wrote outputs/scenes.docx (docx)\n"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_an_endless_file_is_never_read_to_its_end(folder, device):
    for args, what in [
        (("--config", device, "validate"), "not a settings file"),
        (("export", "-f", "text", "--template", device), "not a template"),
        (("export", "-f", "docx", "--reference-docx", device), "not a reference document"),
    ]:
        assert_refused(scenes(*args, cwd=folder), f"{device}: larger than", what)
    assert not (folder / "outputs").exists()


def test_a_byte_order_mark_in_the_settings_is_accepted(folder):
    (folder / "scenes.toml").write_bytes(b'\xef\xbb\xbf[html]\nlanguage = "en"\n')
    result = scenes("validate", cwd=folder)
    assert_refused(result, "scenes.toml:2:1: html.language: unknown setting", code=1)
    (folder / "scenes.toml").write_bytes(b'\xef\xbb\xbf[feed]\ncontent = "full"\n')
    assert scenes("validate", cwd=folder).returncode == 0


def test_a_latin_1_terminal_gets_what_it_cannot_show_escaped(folder, dataset):
    latin = {"PYTHONIOENCODING": "latin-1"}
    check = scenes("check", cwd=folder, env=latin)
    assert check.returncode == 0, check.stderr
    shown = check.stdout.decode("latin-1")
    assert "Rick O\\u2019Connell" in shown and "°C" in shown  # ° is Latin-1: kept
    letter = scenes("newsletter", "--dry-run", cwd=folder, env=latin)
    assert letter.returncode == 0, letter.stderr
    assert b"Traceback" not in letter.stderr
    (folder / "edited.docx").write_bytes(pipeline.render(dataset, "docx"))
    review = scenes("review", "edited.docx", cwd=folder, env=latin)
    assert (review.returncode, review.stdout) == (0, b"no changes\n"), review.stderr


def test_no_library_warning_reaches_the_user(folder):
    """A plugin's (or a library's) warning is for its developers: the user sees none."""
    code = (
        "import warnings, pipeline.api as api\n"
        "load = api.load\n"
        "def noisy(*args, **kwargs):\n"
        "    warnings.warn('a library speaks', UserWarning)\n"
        "    return load(*args, **kwargs)\n"
        "api.load = noisy\n"
        "from pipeline.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "validate"],
        cwd=folder,
        env=scenes_env(),
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert b"library speaks" not in result.stderr


@pytest.mark.parametrize("setting", ["sender", "recipient", "unsubscribe"])
@pytest.mark.parametrize("breaker", ["\u2028", "\u2029", "\u0085"])
def test_a_line_break_in_a_mail_header_setting_is_refused_where_it_is_read(
    folder, setting, breaker
):
    values = {
        "sender": "Ed <ed@example.org>",
        "recipient": "list@example.org",
        "unsubscribe": "mailto:leave@example.org",
    }
    values[setting] = values[setting].replace("@", f"{breaker}@", 1)
    lines = "".join(f'{key} = "{value}"\n' for key, value in values.items())
    (folder / "scenes.toml").write_text(f"[newsletter]\n{lines}", encoding="utf-8")
    line = 2 + list(values).index(setting)
    err = assert_refused(
        scenes("newsletter", "--dry-run", cwd=folder),
        f"scenes.toml:{line}:1: newsletter.{setting}: ",
        "contains a line break",
    )
    assert err.endswith("1 problem in the settings\n")


@pytest.mark.parametrize(
    ("subject", "reason"),
    [
        ("{{ 1/0 }}", "ZeroDivisionError: division by zero"),
        ('{{ 1 + "a" }}', "TypeError: unsupported operand"),
        ("{{ nothing.here }}", "'nothing' is undefined"),
    ],
)
def test_a_subject_template_that_fails_is_located(folder, subject, reason):
    settings = f"# the newsletter\n[newsletter]\nsubject = '{subject}'\n"
    (folder / "scenes.toml").write_text(settings, encoding="utf-8")
    err = assert_refused(
        scenes("newsletter", "--dry-run", cwd=folder),
        "scenes.toml:3:1: newsletter.subject: template error: ",
        reason,
    )
    assert len(err.splitlines()) == 1
    assert not (folder / "state").exists()


def test_an_array_of_tables_is_located(folder):
    (folder / "scenes.toml").write_text("# settings\n[[newsletter]]\nsender = 'x'\n")
    assert_refused(
        scenes("validate", cwd=folder), "scenes.toml:2:1: newsletter: expected a mapping"
    )


@pytest.mark.parametrize(
    ("error", "said"),
    [
        ("OSError(5, 'Input/output error')", "scenes: Input/output error\n"),
        ("OSError(13, 'Permission denied', 'somewhere.db')", "somewhere.db: Permission denied\n"),
    ],
)
def test_an_unexpected_os_error_is_never_blamed_on_standard_output(folder, error, said):
    code = (
        "import pipeline.api as api\n"
        "def failing(*args, **kwargs):\n"
        f"    raise {error}\n"
        "api.load = failing\n"
        "from pipeline.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "validate"],
        cwd=folder,
        env=scenes_env(),
        capture_output=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr.decode()) == (1, said)
