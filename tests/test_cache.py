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
import time
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


def test_a_source_of_the_largest_size_cached_is_cached_and_a_larger_one_is_not(folder, monkeypatch):
    raw, larger = variants(2)
    larger += b"# one more line\n"
    valid = pipeline.load(SOURCE)
    monkeypatch.setattr(cache, "MAX_SOURCE", len(raw))
    cache.store(raw, valid)
    assert cache.dataset(raw) == valid
    cache.store(larger, valid)
    assert not entry_of(larger).exists()
    monkeypatch.setattr(cache, "MAX_SOURCE", len(raw) - 1)
    assert cache.dataset(raw) is None  # nor is an entry read for one


def entry_limit(raw: bytes) -> int:
    """The largest entry read for a source: four times the source, and a mebibyte."""
    return 4 * len(raw) + 1024 * 1024


def test_an_entry_is_read_up_to_its_size_limit_and_no_further(folder):
    """Entries are bounded by their source's size, so a planted giant is never read whole."""
    raw = variants(1)[0]
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    body = serialize.canonical_json(valid)
    room = entry_limit(raw) - cache._HEAD - len(body)
    forge(raw, body + b" " * room)  # as valid, spelled with trailing spaces
    assert entry_of(raw).stat().st_size == entry_limit(raw)
    assert cache.dataset(raw) == valid
    forge(raw, body + b" " * (room + 1))
    assert cache.dataset(raw) is None


def test_an_entry_that_grew_after_it_was_looked_at_is_a_miss(folder, monkeypatch):
    """Its size as the read began said it was small; what is read is still bounded."""
    raw = variants(1)[0]
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    body = serialize.canonical_json(valid)
    forge(raw, body + b" " * (entry_limit(raw) - cache._HEAD - len(body) + 1))
    real_fstat = os.fstat

    def empty_then(fd):
        found = real_fstat(fd)
        return os.stat_result((*found[:6], 0, *found[7:10]))  # st_size 0

    monkeypatch.setattr(os, "fstat", empty_then)
    assert cache.dataset(raw) is None


@pytest.mark.skipif(os.name != "posix", reason="making links needs privileges on Windows")
def test_an_entry_that_is_a_link_is_a_miss_wherever_it_points(folder, tmp_path):
    """Even to a valid entry: a link's target may be in a folder others can write."""
    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    entry, elsewhere = entry_of(raw), tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert cache.dataset(raw) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_holding_a_valid_entry_is_a_miss(folder):
    """Only a regular file is read, whatever a FIFO (or device) in its place would give."""
    raw = variants(1)[0]
    cache.store(raw, pipeline.load(SOURCE))
    entry = entry_of(raw)
    good = entry.read_bytes()
    entry.unlink()
    os.mkfifo(entry, 0o600)
    reader = os.open(entry, os.O_RDONLY | os.O_NONBLOCK)
    writer = os.open(entry, os.O_WRONLY | os.O_NONBLOCK)
    try:
        assert os.write(writer, good) == len(good)  # waiting in the pipe for any reader
        assert cache.dataset(raw) is None
    finally:
        os.close(writer)
        os.close(reader)


# -- nobody else can feed it ---------------------------------------------------------------


def plant_valid_but_different(raw: bytes) -> None:
    """An entry for `raw` that validates but says something else: the one attack validation
    cannot catch, so the folder it is in must never be read."""
    data = _json(pipeline.load(SOURCE))
    data["scenes"][0]["heading"] = "FORGED HEADING"
    forge(raw, msgspec.json.encode(data))


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o770])
@pytest.mark.parametrize("where", ["root", "folder"])
def test_a_folder_others_may_write_is_not_used(root, folder, where, mode):
    """Nor read nor written; the sticky bit, enough for the folder holding the cache, does
    not make the cache's own folders safe to share."""
    raw = SOURCE.read_bytes()
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    plant_valid_but_different(raw)
    assert cache.dataset(raw).scenes[0].heading == "FORGED HEADING"  # ours: read
    shared = root if where == "root" else folder
    shared.chmod(mode)
    assert cache.dataset(raw) is None
    assert pipeline.load(SOURCE).scenes[0].heading != "FORGED HEADING"
    assert cache.notes == [f"cache not used: {shared} may be written by other users"]
    other = variants(1)[0]
    cache.store(other, valid)
    assert not entry_of(other).exists()


@pytest.mark.skipif(os.name != "posix", reason="owners are POSIX")
def test_a_folder_or_entry_another_user_owns_is_not_used(root, folder, monkeypatch):
    raw = SOURCE.read_bytes()
    cache.store(raw, pipeline.load(SOURCE))
    plant_valid_but_different(raw)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # as if another user ran scenes
    assert cache.dataset(raw) is None
    # the first folder that is not theirs: the cache folder, or if scenes runs as root (whose
    # may also be the folder holding the cache), the one above it
    said = {f"cache not used: {path} belongs to another user" for path in (root.parent, root)}
    assert len(cache.notes) == 1 and cache.notes[0] in said
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
    assert not (shared / "scenes").exists()  # nothing is made in it
    assert cache.dataset(raw) is None
    shared.chmod(0o1777)  # as /tmp: only the owner may rename what is in it
    cache.store(raw, pipeline.load(SOURCE))
    assert cache.dataset(raw) is not None


@pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")
@pytest.mark.parametrize("mode", [0o620, 0o602])
def test_an_entry_others_may_write_is_a_miss(folder, mode):
    raw = SOURCE.read_bytes()
    cache.store(raw, pipeline.load(SOURCE))
    plant_valid_but_different(raw)
    assert cache.dataset(raw).scenes[0].heading == "FORGED HEADING"  # ours: read
    entry_of(raw).chmod(mode)
    assert cache.dataset(raw) is None


def test_the_cache_works_without_owners_or_posix_open_flags(folder, monkeypatch):
    """As on Windows: no user ids, no O_NOFOLLOW, O_NONBLOCK or O_CLOEXEC; and entries are
    opened in binary mode there (text mode would write each newline as CR LF and read a
    Ctrl-Z as the end, and every entry would be a miss)."""
    raw = variants(1)[0]
    valid = pipeline.load(SOURCE)
    native = hasattr(os, "O_BINARY")
    binary = getattr(os, "O_BINARY", 1 << 28)
    for name in ("getuid", "O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC"):
        monkeypatch.delattr(os, name, raising=False)
    monkeypatch.setattr(os, "O_BINARY", binary, raising=False)
    real_open = os.open
    modes = []

    def open_(path, flags, *args, **kw):
        if Path(path).parent == folder:
            modes.append("binary" if flags & binary else "text")
        return real_open(path, flags if native else flags & ~binary, *args, **kw)

    monkeypatch.setattr(os, "open", open_)
    cache.store(raw, valid)
    assert cache.dataset(raw) == valid
    assert modes == ["binary", "binary"]  # written, then read


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
    assert cache.notes == [f"cache not written: {root / 'datasets'}: {os.strerror(error)}"]


def test_a_temporary_file_being_written_is_left_alone(folder):
    """Another thread of this process writing the same entry (it has the same temporary
    name): what it writes is not written over, nor made an entry half done."""
    first, raw = variants(2)
    valid = pipeline.load(SOURCE)
    cache.store(first, valid)
    temp = folder / f".{entry_of(raw).name}.{os.getpid()}.tmp"
    temp.write_bytes(b"half written")
    cache.store(raw, valid)
    assert temp.read_bytes() == b"half written"
    assert not entry_of(raw).exists()


def test_a_temporary_file_removed_by_someone_else_is_no_error(folder, monkeypatch):
    """The cache emptied while an entry is written: renaming the temporary file fails, and
    so does removing it; the command goes on without a word."""
    raw = variants(1)[0]

    def removed_first(self, target):
        self.unlink()
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(self))

    monkeypatch.setattr(Path, "replace", removed_first)
    cache.store(raw, pipeline.load(SOURCE))
    assert not entry_of(raw).exists()
    assert leftovers(folder) == []


def test_trimming_passes_over_entries_gone_or_that_cannot_be_removed(folder, monkeypatch):
    """Another run removed one meanwhile, and one cannot be removed (a folder): the rest are
    trimmed all the same, and storing says nothing."""
    valid = pipeline.load(SOURCE)
    entry_of(SOURCE.read_bytes()).unlink()  # the entry loading it made
    *older, newest = variants(5)
    now = time.time_ns()
    for age, raw in enumerate(reversed(older), start=1):
        cache.store(raw, valid)
        os.utime(entry_of(raw), ns=(now - age * 10**9, now - age * 10**9))
    stuck = folder / f"{'0' * 64}{cache.SUFFIX}"
    stuck.mkdir()
    os.utime(stuck, ns=(now - 3600 * 10**9, now - 3600 * 10**9))  # the oldest
    names = {entry_of(raw).name for raw in older}
    gone = []
    real_lstat = Path.lstat

    def removed_meanwhile(self, *args, **kw):
        if not gone and self.name in names:
            gone.append(self.name)
            self.unlink()
        return real_lstat(self, *args, **kw)

    monkeypatch.setattr(Path, "lstat", removed_meanwhile)
    monkeypatch.setattr(cache, "KEEP", 2)
    cache.store(newest, valid)
    assert gone
    kept = sorted(path.name for path in folder.iterdir() if path.is_file())
    newer = next(entry_of(raw).name for raw in reversed(older) if entry_of(raw).name not in gone)
    assert kept == sorted([entry_of(newest).name, newer])
    assert stuck.is_dir()


@pytest.mark.parametrize("setting", ["off", "", "0", "no", "OFF"])
def test_the_cache_can_be_turned_off(monkeypatch, setting):
    monkeypatch.setenv("SCENES_CACHE_DIR", setting)
    assert cache.directory() is None
    assert len(pipeline.load(SOURCE).scenes) == 13


def test_where_the_cache_is_follows_the_xdg_spec(monkeypatch, tmp_path):
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the XDG rule is for Linux and the BSDs")
    monkeypatch.delenv("SCENES_CACHE_DIR")
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "scenes"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # invalid: ignored
    assert cache.directory() == tmp_path / "home" / ".cache" / "scenes"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    assert cache.directory() == tmp_path / "home" / ".cache" / "scenes"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.directory() == tmp_path / "home" / ".cache" / "scenes"
    monkeypatch.setenv("HOME", "relative/home")  # a relative home is no place either
    assert cache.directory() is None


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
    """A fresh machine has no ~/.cache: the folders are made (this user's), then used. Only
    the cache's own folders are private: the ones above it (~/.cache, which other programs
    share) are made as any folder the user makes."""
    monkeypatch.setenv("SCENES_CACHE_DIR", str(tmp_path / "new" / "deeper" / "cache"))
    raw = SOURCE.read_bytes()
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    assert cache.dataset(raw) == valid
    if os.name == "posix":
        umask = os.umask(0o022)
        os.umask(umask)
        for above in (tmp_path / "new", tmp_path / "new" / "deeper"):
            assert stat.S_IMODE(above.stat().st_mode) == 0o777 & ~umask, above
        assert stat.S_IMODE((tmp_path / "new" / "deeper" / "cache").stat().st_mode) == 0o700


def test_reading_a_cache_that_does_not_exist_yet_makes_nothing_and_says_nothing(
    tmp_path, monkeypatch
):
    """Only a store makes the cache's folders; a first read is a plain miss, not worth a
    line in `--verbose`."""
    monkeypatch.setenv("SCENES_CACHE_DIR", str(tmp_path / "new" / "cache"))
    cache.notes.clear()
    assert cache.dataset(SOURCE.read_bytes()) is None
    assert not (tmp_path / "new").exists()
    assert cache.notes == []


def test_a_cache_folder_that_is_a_file_is_not_used_and_says_why(root):
    root.write_text("not a folder")
    raw = SOURCE.read_bytes()
    cache.store(raw, pipeline.load(SOURCE))
    assert cache.dataset(raw) is None
    assert root.read_text() == "not a folder"
    assert cache.notes == [f"cache not used: {root} is not a folder"]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owners are POSIX")
def test_the_folder_holding_the_cache_may_be_the_system_s(monkeypatch):
    """/var/cache, /home or /tmp are root's, and may hold a user's cache; the cache's own
    folders must be the user's."""
    system = Path("/")
    if system.stat().st_uid != 0 or system.stat().st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        pytest.skip("/ is not root's alone here")
    monkeypatch.setattr(os, "getuid", lambda: 54321)  # a user who is not root
    assert cache._untrusted(system, own=False) == ""
    assert cache._untrusted(system, own=True) == "belongs to another user"


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


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_on_macos_and_windows_the_cache_is_where_platformdirs_says(platform, tmp_path, monkeypatch):
    """~/Library/Caches/scenes and %LOCALAPPDATA%\\scenes\\Cache (no author folder); a
    relative answer is no place."""
    import platformdirs
    from platformdirs import macos, windows

    monkeypatch.delenv("SCENES_CACHE_DIR")
    for name in ("HOME", "USERPROFILE"):
        monkeypatch.setenv(name, str(tmp_path / "home"))
    local = tmp_path / "AppData" / "Local"
    monkeypatch.setattr(windows, "get_win_folder", lambda name: str(local))
    kind = macos.MacOS if platform == "darwin" else windows.Windows
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(
        platformdirs, "user_cache_path", lambda *a, **kw: kind(*a, **kw).user_cache_path
    )
    expected = {
        "darwin": tmp_path / "home" / "Library" / "Caches" / "scenes",
        "win32": local / "scenes" / "Cache",
    }
    assert cache.directory() == expected[platform]
    monkeypatch.setattr(platformdirs, "user_cache_path", lambda *a, **kw: Path("scenes"))
    assert cache.directory() is None


# -- the code version ----------------------------------------------------------------------


@pytest.fixture
def package(tmp_path, monkeypatch):
    """A package of its own for the code version (forgotten again after the test): code,
    templates, and what is neither, made in no particular order."""
    package = tmp_path / "package"
    files = [
        "z.py",
        "notes.txt",
        "m.py",
        "sub/deeper/d.j2",
        "__pycache__/m.cpython-311.pyc",
        "b.j2",
        "sub/c.py",
        "__pycache__/stale.py",
        "k.json",
        "a.py",
        "sub/c.txt",
        "f.pyi",
    ]
    for name in files:
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(name)
    monkeypatch.setattr(cache, "PACKAGE", package)
    cache.code_version.cache_clear()
    yield package
    cache.code_version.cache_clear()


def test_the_code_version_is_of_each_code_and_template_file_in_a_fixed_order(package):
    """By the path from the package, "/" between parts, sorted the same on every machine
    (not in the order the file system lists them); nothing under __pycache__."""
    found = [relative for relative, _ in cache._code_files(str(package), "")]
    assert found == ["a.py", "b.j2", "m.py", "sub/c.py", "sub/deeper/d.j2", "z.py"]


@pytest.mark.skipif(os.name != "posix", reason="making links needs privileges on Windows")
def test_the_code_version_follows_no_linked_folder(package):
    """A link to a folder (here, one back to the package) is not walked: no loop."""
    (package / "sub" / "loop").symlink_to(package, target_is_directory=True)
    found = [relative for relative, _ in cache._code_files(str(package), "")]
    assert found == ["a.py", "b.j2", "m.py", "sub/c.py", "sub/deeper/d.j2", "z.py"]


def test_a_changed_code_file_is_a_new_code_version(package):
    """Touched, edited, added or moved: each a new version; a file that is neither code nor
    a template, or one under __pycache__, is none."""

    def version() -> str:
        cache.code_version.cache_clear()
        return cache.code_version()

    seen = [version()]
    (package / "notes.txt").write_text("longer notes")
    (package / "__pycache__" / "stale.py").write_text("compiled, say")
    assert version() == seen[0]
    changes = [
        lambda: os.utime(package / "sub" / "c.py", ns=(10**18, 10**18)),
        lambda: (package / "z.py").write_text("z = 1"),
        lambda: (package / "sub" / "deeper" / "e.j2").write_text("{{ x }}"),
        lambda: (package / "a.py").rename(package / "sub" / "a.py"),
    ]
    for change in changes:
        change()
        seen.append(version())
    assert len(set(seen)) == len(seen)


def test_a_home_that_does_not_exist_has_no_cache_and_is_not_made(tmp_path, monkeypatch):
    """Daemons and cron jobs often run with HOME=/nonexistent (Debian requires that it not
    exist): no cache, and no folder made where the home should be."""
    monkeypatch.delenv("SCENES_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    home = tmp_path / "nonexistent"
    monkeypatch.setenv("HOME", str(home))
    assert cache.directory() is None
    raw = SOURCE.read_bytes()
    cache.store(raw, pipeline.load(SOURCE))
    assert cache.dataset(raw) is None
    assert not home.exists()
    home.mkdir()  # a home that exists gets its ~/.cache
    assert cache.directory() == home / ".cache" / "scenes"


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_a_cache_folder_linked_elsewhere_is_followed(tmp_path, monkeypatch):
    """~/.cache is often a link to another disk: the link is followed when it is this user's
    (or root's) and leads to a folder that passes the same checks."""
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    link = tmp_path / "cache"
    link.symlink_to(target)
    monkeypatch.setenv("SCENES_CACHE_DIR", str(link))
    cache.notes.clear()
    raw = SOURCE.read_bytes()
    valid = pipeline.load(SOURCE)
    cache.store(raw, valid)
    assert cache.dataset(raw) == valid
    assert list((target / "datasets").iterdir())  # the entry went where the link leads
    assert cache.notes == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="owners are POSIX")
def test_a_link_to_nothing_or_another_user_s_link_is_not_used(tmp_path, monkeypatch):
    link = tmp_path / "cache"
    link.symlink_to(tmp_path / "gone")
    monkeypatch.setenv("SCENES_CACHE_DIR", str(link))
    cache.notes.clear()
    raw = SOURCE.read_bytes()
    cache.store(raw, pipeline.load(SOURCE))
    assert cache.dataset(raw) is None
    assert not (tmp_path / "gone").exists()
    assert cache.notes[-1] == f"cache not used: {link} is a symbolic link to nothing"
    if os.getuid() != 0:
        return  # only root can give a link to another user
    (tmp_path / "gone").mkdir(mode=0o700)
    os.lchown(link, 4242, 4242)  # a link someone else made, to a folder of this user's
    cache.notes.clear()
    assert cache.dataset(raw) is None
    assert cache.notes == [f"cache not used: {link} is a symbolic link another user made"]
    os.lchown(link, 0, 0)  # root's link (an administrator's set-up) to user 4242's folder
    os.chown(tmp_path / "gone", 4242, 4242)
    monkeypatch.setattr(os, "getuid", lambda: 4242)
    assert cache._untrusted(link, own=True) == ""  # followed: the link is root's


_REAL_FDOPEN = os.fdopen


class _OpenFile:
    """A file os.fdopen opened, for a test to replace one of its methods."""

    def __init__(self, fd, *args, **kwargs):
        self.fh = _REAL_FDOPEN(fd, *args, **kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


def test_an_entry_that_grows_while_read_is_read_no_further_than_its_limit(tmp_path, monkeypatch):
    """Its size is checked first, but a file can grow (another process appending) between that
    and the read: the read stops one byte past the limit, and the entry is a miss."""
    path = tmp_path / "entry"
    path.write_bytes(b"small")

    class Growing(_OpenFile):  # as if the file grew without end after fstat
        def read(self, size=-1):
            assert size is not None and size >= 0, "read without a bound"
            return b"x" * size

    monkeypatch.setattr(os, "fdopen", Growing)
    assert cache._read_entry(path, 100) is None


def test_an_entry_the_file_object_refuses_is_said_and_leaves_nothing(root, tmp_path, monkeypatch):
    """Not only an OSError: whatever the file object refuses to write is a note, not a
    failure, and no temporary file stays."""

    class Refusing(_OpenFile):
        def writelines(self, parts):
            raise ValueError("I/O operation on closed file")

    monkeypatch.setattr(os, "fdopen", Refusing)
    raw = SOURCE.read_bytes()
    cache.store(raw, pipeline.load(SOURCE))
    assert cache.notes == [f"cache not written: {root / 'datasets'}: I/O operation on closed file"]
    assert leftovers(root) == []
