"""The dataset cache: a hit is the dataset validated before, checked again as it is read; an
entry nobody else can feed, no code anywhere; and a cache that cannot be used changes nothing."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from conftest import SOURCE, scenes_env

import pipeline
from pipeline import cache, serialize

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("SCENES_CACHE_DIR", str(tmp_path / "cache"))
    cache.notes.clear()
    return tmp_path / "cache"


@pytest.fixture
def folder(root):
    return root / "datasets"


def variants(count: int) -> list[bytes]:
    raw = SOURCE.read_bytes()
    return [raw + f"\n# variant {n}\n".encode() for n in range(count)]


def entry_of(raw: bytes) -> Path:
    return cache.directory() / "datasets" / f"{cache._key(raw)}{cache.SUFFIX}"


def forge(raw: bytes, body: bytes) -> None:
    """Write an entry for `raw` holding `body`, with a correct digest: what someone who can
    write the folder and read the source can make."""
    entry_of(raw).write_bytes(cache.MAGIC + cache._digest(cache._key(raw), body) + body)


def test_a_source_validated_before_comes_back_equal(folder):
    raw = variants(1)[0]
    assert cache.dataset(raw) is None
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    assert cache.dataset(raw) == valid
    assert cache.dataset(raw + b"\n") is None  # other bytes: a miss


def test_the_cache_folder_and_entries_are_private(root, folder):
    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    if os.name == "posix":
        assert stat.S_IMODE(root.stat().st_mode) == 0o700
        assert stat.S_IMODE(entry_of(raw).stat().st_mode) == 0o600


def test_the_cache_keeps_the_newest_within_its_count_and_bytes(folder, monkeypatch):
    valid = pipeline.load(SOURCE)
    monkeypatch.setattr(cache, "KEEP", 3)
    sources = variants(5)
    for raw in sources:
        cache.store(raw, valid)
    assert len(list(folder.iterdir())) == 3
    assert cache.dataset(sources[-1]) is not None and cache.dataset(sources[0]) is None
    one = next(folder.iterdir()).stat().st_size
    monkeypatch.setattr(cache, "KEEP_BYTES", one * 2)
    cache.store(variants(6)[-1], valid)
    assert len(list(folder.iterdir())) == 2


def _json(dataset) -> dict:
    return serialize.json_values(dataset)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["collection"].update(link="javascript:alert(1)"),
        lambda d: d["scenes"][0].update(heading="<script>x</script>", id="Not A Slug"),
        lambda d: d["scenes"][1].update(id=d["scenes"][0]["id"]),  # two scenes, one id
        lambda d: d["scenes"][0]["claims"][0].update(value=-5),
        lambda d: d["scenes"][0].update(published="2026-11-24T09:00:00"),  # no offset
        lambda d: d.update(extra=1),
    ],
)
def test_an_entry_is_validated_as_it_is_read(folder, change):
    """An entry with a correct digest whose data validation refuses is a miss: what a
    cache holds is checked again, never trusted as validated."""
    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    data = _json(pipeline.load(SOURCE))
    change(data)
    forge(raw, msgspec.json.encode(data))
    assert cache.dataset(raw) is None


@pytest.mark.parametrize("body", [b"", b"{}", b"[1, 2]", b"null", b"\x80\x04\x95", b"{" * 100_000])
def test_an_entry_that_is_no_dataset_is_a_miss(folder, body):
    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    forge(raw, body)
    assert cache.dataset(raw) is None


def test_a_hit_gives_the_same_canonical_json_and_digest(folder):
    """What the manifest and the DOCX's base data fingerprint is made from the records, so
    an entry spelled otherwise (whitespace, key order) changes neither."""
    raw = variants(1)[0]
    valid = pipeline.load(SOURCE)
    expected = serialize.canonical_json(valid), serialize.digest(valid)
    cache.store(raw, valid)
    forge(raw, msgspec.json.format(serialize.canonical_json(valid), indent=1))
    again = cache.dataset(raw)
    assert again is not valid and again == valid
    assert (serialize.canonical_json(again), serialize.digest(again)) == expected


def test_an_entry_under_another_source_s_name_is_a_miss(folder):
    """Copied or linked over another source's entry: its digest covers its own key."""
    first, second = variants(2)
    valid = pipeline.load(SOURCE)
    other = pipeline.dataset_from({**_json(valid), "scenes": _json(valid)["scenes"][:3]})
    cache.store(first, valid)
    cache.store(second, other)
    mine, theirs = entry_of(first), entry_of(second)
    mine.write_bytes(theirs.read_bytes())
    assert cache.dataset(first) is None
    mine.unlink()
    mine.symlink_to(theirs)
    assert cache.dataset(first) is None
    assert len(cache.dataset(second).scenes) == 3


def test_any_damaged_byte_of_an_entry_is_a_miss(folder):
    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    entry = entry_of(raw)
    good = entry.read_bytes()
    for offset in (0, len(cache.MAGIC) + 3, cache._HEAD - 5, cache._HEAD + 40, len(good) - 1):
        damaged = bytearray(good)
        damaged[offset] ^= 1
        entry.write_bytes(bytes(damaged))
        assert cache.dataset(raw) is None, offset


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "huge"])
def test_an_entry_that_is_not_a_small_regular_file_is_a_miss_at_once(folder, kind):
    """A FIFO would block a read, /dev/zero never ends: neither is read at all."""
    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    entry = entry_of(raw)
    entry.unlink()
    if kind == "fifo":
        os.mkfifo(entry)
    elif kind == "device":
        entry.symlink_to("/dev/zero")
    elif kind == "folder":
        entry.mkdir()
    else:
        entry.write_bytes(cache.MAGIC + b"\0" * (5 * len(raw) + 2**20))
    assert cache.dataset(raw) is None


# -- nobody else can feed it ---------------------------------------------------------------


def plant_valid_but_different(raw: bytes) -> None:
    """An entry for `raw` that validates but says something else: the one attack validation
    cannot catch, so the folder it is in must never be read."""
    data = _json(pipeline.load(SOURCE))
    data["scenes"][0]["heading"] = "FORGED HEADING"
    forge(raw, msgspec.json.encode(data))


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
@pytest.mark.parametrize("where", ["root", "folder"])
def test_a_folder_others_may_write_is_not_used(root, folder, where):
    raw = SOURCE.read_bytes()
    cache.store(raw, pipeline.load(SOURCE))
    plant_valid_but_different(raw)
    assert cache.dataset(raw).scenes[0].heading == "FORGED HEADING"  # ours: read
    (root if where == "root" else folder).chmod(0o777)
    assert cache.dataset(raw) is None
    assert pipeline.load(SOURCE).scenes[0].heading != "FORGED HEADING"
    assert any("may be written by other users" in note for note in cache.notes)


@pytest.mark.skipif(os.name != "posix", reason="owners are POSIX")
def test_a_folder_or_entry_another_user_owns_is_not_used(root, folder, monkeypatch):
    raw = SOURCE.read_bytes()
    cache.store(raw, pipeline.load(SOURCE))
    plant_valid_but_different(raw)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # as if another user ran scenes
    assert cache.dataset(raw) is None
    assert any("belongs to another user" in note for note in cache.notes)
    monkeypatch.setattr(os, "getuid", lambda: real)
    entry = entry_of(raw)
    monkeypatch.setattr(cache, "_foreign", lambda status: status.st_ino == entry.stat().st_ino)
    assert cache.dataset(raw) is None  # the folder is ours, the entry is not


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
def test_a_shared_parent_needs_the_sticky_bit(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setenv("SCENES_CACHE_DIR", str(shared / "scenes"))
    raw = SOURCE.read_bytes()
    shared.chmod(0o777)  # anyone could rename our folder away and put theirs in its place
    cache.store(raw, pipeline.load(SOURCE))
    assert cache.dataset(raw) is None
    shared.chmod(0o1777)  # as /tmp: only the owner may rename what is in it
    cache.store(raw, pipeline.load(SOURCE))
    assert cache.dataset(raw) is not None


def forge_jinja_bytecode(folder: Path, marker: Path) -> None:
    """What planting one file did when templates were cached with Jinja's
    FileSystemBytecodeCache: a marshalled code object under the built-in template's key,
    which Jinja would have executed on the next text export."""
    import marshal
    import pickle

    from jinja2.bccache import bc_magic

    from pipeline.templating import BUILTIN_PREFIX, builtin_source

    name = "scenes.txt.j2"
    key = hashlib.sha1(f"{name}|{BUILTIN_PREFIX}{name}".encode()).hexdigest()
    checksum = hashlib.sha1(builtin_source(name).encode()).hexdigest()
    code = compile(f"open({str(marker)!r}, 'w').write('ran')", "<forged>", "exec")
    for kind in ("plain", "markup"):
        target = folder / "jinja" / kind
        target.mkdir(parents=True, exist_ok=True)
        payload = bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code)
        (target / f"__jinja2_{key}.cache").write_bytes(payload)


def test_planted_files_in_a_shared_cache_are_never_used(tmp_path, monkeypatch):
    """A shared SCENES_CACHE_DIR (a CI cache restored from another branch) with a forged
    dataset entry and a forged compiled template: the export is the one the source gives,
    and no code from the folder runs."""
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "scenes.yaml").write_bytes(SOURCE.read_bytes())
    shared = tmp_path / "shared-cache"
    env = {**scenes_env(), "SCENES_CACHE_DIR": str(shared)}
    scenes = [sys.executable, "-m", "pipeline"]
    first = subprocess.run(
        [*scenes, "export", "-f", "text", "-o", "-"],
        cwd=project,
        env=env,
        capture_output=True,
        check=True,
    )
    marker = tmp_path / "forged-code-ran"
    forge_jinja_bytecode(shared, marker)
    monkeypatch.setenv("SCENES_CACHE_DIR", str(shared))
    plant_valid_but_different(SOURCE.read_bytes())
    if os.name == "posix":
        for path in (shared, shared / "datasets"):
            path.chmod(0o777)  # a shared folder: others may write
    run = [*scenes, "--verbose", "export", "-f", "text", "-o", "-"]
    again = subprocess.run(run, cwd=project, env=env, capture_output=True, check=True)
    assert again.stdout == first.stdout and b"FORGED" not in again.stdout
    assert not marker.exists()
    if os.name == "posix":
        assert b"cache not used" in again.stderr
    validate = subprocess.run([*scenes, "validate"], cwd=project, env=env, capture_output=True)
    assert validate.returncode == 0 and not marker.exists()


# -- a cache that cannot be used changes nothing --------------------------------------------


def export_text(tmp_path: Path) -> bytes:
    out = tmp_path / "out"
    pipeline.export(pipeline.load(SOURCE), ["text", "html", "json"], out)
    return b"".join(path.read_bytes() for path in sorted(out.iterdir()) if path.is_file())


def leftovers(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*") if p.name.endswith(".tmp")] if root.exists() else []


@pytest.mark.parametrize("error", [errno.EACCES, errno.EROFS, errno.ENOSPC, errno.EDQUOT])
def test_a_cache_that_cannot_be_written_changes_nothing(root, tmp_path, monkeypatch, error):
    """Read-only (as root ignores permissions, the refusal is made here), or full: the
    command works, says the same, and leaves no file in the cache."""
    monkeypatch.setenv("SCENES_CACHE_DIR", "off")
    expected = export_text(tmp_path / "a")
    monkeypatch.setenv("SCENES_CACHE_DIR", str(root))
    real_open, real_fdopen = os.open, os.fdopen

    def refusing_open(path, flags, mode=0o777, **kw):
        if str(path).startswith(str(root)) and flags & os.O_CREAT and error != errno.ENOSPC:
            raise OSError(error, os.strerror(error), str(path))
        return real_open(path, flags, mode, **kw)

    class Full:
        def __init__(self, fh):
            self.fh = fh

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

        def writelines(self, parts):
            raise OSError(error, os.strerror(error))

    def full_fdopen(fd, *args, **kw):
        fh = real_fdopen(fd, *args, **kw)
        link = Path(f"/proc/self/fd/{fd}")
        name = str(link.readlink()) if link.exists() else ""
        return Full(fh) if error == errno.ENOSPC and name.startswith(str(root)) else fh

    monkeypatch.setattr(os, "open", refusing_open)
    monkeypatch.setattr(os, "fdopen", full_fdopen)
    assert export_text(tmp_path / "b") == expected
    assert leftovers(root) == []
    assert not list((root / "datasets").glob("*.json")) if (root / "datasets").exists() else True


@pytest.mark.parametrize("setting", ["off", "", "0", "no", "OFF"])
def test_the_cache_can_be_turned_off(monkeypatch, setting):
    monkeypatch.setenv("SCENES_CACHE_DIR", setting)
    assert cache.directory() is None
    assert len(pipeline.load(SOURCE).scenes) == 13


def test_where_the_cache_is_follows_the_xdg_spec(monkeypatch, tmp_path):
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the XDG rule is for Linux and the BSDs")
    monkeypatch.delenv("SCENES_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "scenes"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # invalid: ignored
    assert cache.directory() == tmp_path / "home" / ".cache" / "scenes"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert cache.directory() == tmp_path / "home" / ".cache" / "scenes"


def test_no_home_folder_means_no_cache_and_no_failure(monkeypatch):
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the XDG rule is for Linux and the BSDs")
    monkeypatch.delenv("SCENES_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def nowhere(cls=None):
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", classmethod(nowhere))  # no passwd entry either
    assert cache.directory() is None
    assert len(pipeline.load(SOURCE).scenes) == 13


def test_commands_work_with_home_unset(tmp_path):
    env = {
        k: v
        for k, v in scenes_env().items()
        if k not in ("HOME", "XDG_CACHE_HOME", "SCENES_CACHE_DIR")
    }
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "validate", str(SOURCE)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


def test_no_pickle_marshal_or_bytecode_cache_in_the_package():
    """Nothing in the package can turn bytes from a file into code: no module that unpickles
    or unmarshals is imported, and no template bytecode cache is made."""
    import ast

    modules = {"pickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle", "copyreg"}
    for path in (ROOT / "pipeline").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                names = {(node.module or "").split(".")[0]}
            elif isinstance(node, ast.Attribute | ast.Name | ast.keyword):
                name = getattr(node, "attr", None) or getattr(node, "id", None) or node.arg
                assert "bytecode" not in (name or "").lower(), path
                assert "unpickler" not in (name or "").lower(), path
                continue
            else:
                continue
            assert not names & modules, f"{path.relative_to(ROOT)} imports {names & modules}"


COMMANDS = [
    ["validate"],
    ["export", "-f", "all", "--out", "out"],
    ["export", "-f", "text", "-o", "-"],
    ["check"],
    ["newsletter", "--date", "2026-11-23", "--dry-run"],
]


@pytest.mark.skipif(os.name != "posix", reason="owners and modes are POSIX")
@pytest.mark.parametrize("state", ["others may write", "another user's", "read-only", "a file"])
def test_every_command_works_the_same_whatever_the_cache_folder(project, tmp_path, state):
    """A cache folder that cannot or must not be used changes neither what a command prints
    nor whether it works."""
    folder = tmp_path / "cache"
    if state == "a file":
        folder.write_text("not a folder")
    else:
        folder.mkdir()
    if state == "others may write":
        folder.chmod(0o777)
    elif state == "another user's":
        if os.getuid() != 0:
            pytest.skip("only root can give a folder to another user")
        os.chown(folder, 65534, 65534)
    elif state == "read-only":
        if os.getuid() == 0:
            pytest.skip("root writes in read-only folders (tested above with EACCES)")
        folder.chmod(0o500)

    def run(cache: str) -> list[tuple[int, str, bytes]]:
        env = {**scenes_env(), "SCENES_CACHE_DIR": cache}
        results = []
        for args in COMMANDS:
            shutil.rmtree(project / "out", ignore_errors=True)
            # and the record of published ids a feed export adds (and says it did)
            (project / "source" / "scenes.published-ids.json").unlink(missing_ok=True)
            done = subprocess.run(
                [sys.executable, "-m", "pipeline", *args], env=env, capture_output=True, cwd=project
            )
            results.append((done.returncode, done.stderr.decode(), done.stdout))
        return results

    assert run(str(folder)) == run("off")
    assert "Traceback" not in "".join(e for _, e, _ in run(str(folder)))
    if state != "a file":
        assert [p.name for p in folder.iterdir()] == []


def test_a_cache_folder_that_does_not_exist_yet_is_made(tmp_path, monkeypatch):
    """A fresh machine has no ~/.cache: the folders are made (this user's), then used."""
    monkeypatch.setenv("SCENES_CACHE_DIR", str(tmp_path / "new" / "deeper" / "cache"))
    raw = SOURCE.read_bytes()
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    assert cache.dataset(raw) == valid


@pytest.mark.skipif(
    not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to run as another user"
)
def test_a_user_with_no_home_and_no_password_entry(tmp_path):
    """As a container's arbitrary user id (no $HOME, no passwd entry): no cache, no failure."""
    import pwd

    uid = 54321
    with pytest.raises(KeyError):
        pwd.getpwuid(uid)
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    (project / "source" / "scenes.yaml").write_bytes(SOURCE.read_bytes())
    for path in (tmp_path, project, project / "source"):
        path.chmod(0o777)
    try:
        subprocess.run(
            [sys.executable, "-c", "import pipeline"],
            user=uid,
            env=scenes_env(),
            check=True,
            capture_output=True,
        )
    except (PermissionError, subprocess.CalledProcessError):
        pytest.skip("this Python (or the project) cannot be run by another user here")
    env = {
        k: v
        for k, v in scenes_env().items()
        if k not in ("HOME", "XDG_CACHE_HOME", "SCENES_CACHE_DIR")
    }
    for args in (["validate"], ["export", "-f", "text", "-o", "-"]):
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", *args],
            env=env,
            cwd=project,
            capture_output=True,
            text=True,
            user=uid,
            group=uid,
        )
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
