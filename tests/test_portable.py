"""What POSIX and Windows do differently: locks, process checks, a rename another program
refuses; and that the suite's "as on Windows" run really hides what Windows lacks."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import threading
import time

import pytest
from conftest import AS_WINDOWS, scenes_env

from pipeline import output, portable
from pipeline.errors import OutputError


def test_the_as_windows_run_hides_fcntl_fork_and_the_signal_mask():
    code = (
        "import os, signal\n"
        "try:\n    import fcntl\n    print('fcntl')\nexcept ImportError:\n    pass\n"
        "print('fork' if hasattr(os, 'fork') else '', 'mask' if hasattr(signal, 'pthread_sigmask') else '')\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env=scenes_env(), capture_output=True, text=True, check=True
    )
    if AS_WINDOWS:
        assert run.stdout.split() == []
        assert not hasattr(os, "fork")
    elif os.name == "posix":
        assert run.stdout.split() == ["fcntl", "fork", "mask"]


@pytest.fixture(params=["native", "lock file"])
def lock_kind(request, monkeypatch):
    """Each lock: the platform's own (fcntl here, msvcrt on Windows), and the O_EXCL lock file
    used where neither exists."""
    if request.param == "lock file":
        monkeypatch.setattr(portable, "_fcntl", lambda: None)
        monkeypatch.setattr(portable, "WINDOWS", False)
    elif portable._fcntl() is None and not portable.WINDOWS:
        pytest.skip("no native lock here")
    return request.param


def test_a_held_lock_makes_another_wait_then_gives_up(tmp_path, lock_kind):
    path = tmp_path / "lock"
    held = threading.Event()
    release = threading.Event()

    def holder():
        with portable.file_lock(path):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(10)
    try:  # fcntl locks belong to the open file: another open in this process conflicts too
        with pytest.raises(portable.Busy), portable.file_lock(path, wait=0.1):
            pass
    finally:
        release.set()
        thread.join()
    with portable.file_lock(path, wait=1):
        pass  # free again


def test_a_lock_file_left_by_a_dead_process_is_taken_over(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "_fcntl", lambda: None)
    monkeypatch.setattr(portable, "WINDOWS", False)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    path = tmp_path / "lock"
    path.write_text(dead.stdout.strip())  # its process has ended (SIGKILL, power cut)
    start = time.monotonic()
    with portable.file_lock(path, wait=5):
        assert path.read_text() == str(os.getpid())
    assert time.monotonic() - start < 5
    assert not path.exists()


def test_the_folder_lock_serialises_exports(tmp_path, lock_kind):
    with (
        portable.folder_lock(tmp_path),
        pytest.raises(portable.Busy),
        portable.folder_lock(tmp_path, wait=0.1),
    ):
        pass
    if lock_kind == "native" and not portable.WINDOWS:
        assert list(tmp_path.iterdir()) == []  # the lock is on the folder itself


def test_process_alive():
    assert portable.process_alive(os.getpid())
    assert not portable.process_alive(0) and not portable.process_alive(-1)
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    assert not portable.process_alive(int(ended.stdout))


def test_a_rename_refused_by_another_program_says_to_close_it(tmp_path, monkeypatch):
    """Windows refuses to replace a file Word has open (a sharing violation, WinError 32)."""
    monkeypatch.setattr(portable, "WINDOWS", True)
    refused = OSError(errno.EACCES, "Access is denied")
    refused.winerror = 32  # type: ignore[attr-defined]

    def replace(src, dst):
        raise refused

    monkeypatch.setattr(os, "replace", replace)
    target = tmp_path / "scenes.docx"
    target.write_bytes(b"old")
    with pytest.raises(OutputError) as caught:
        output.write_atomic(target, b"new")
    assert "another program has the file open: close it there" in str(caught.value)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["scenes.docx"]


def test_outputs_are_made_with_the_umask(tmp_path):
    if os.name != "posix":
        pytest.skip("modes are POSIX")
    before = os.umask(0o077)
    try:
        output.write_atomic(tmp_path / "private.txt", b"x")
    finally:
        os.umask(before)
    assert (tmp_path / "private.txt").stat().st_mode & 0o777 == 0o600


def test_a_rewritten_source_keeps_its_mode_and_group(tmp_path):
    """Rewriting a source the user keeps (review --apply) keeps what its owner chose: its mode
    (here 0640, whatever the umask) and its group, as far as this user may set them."""
    if os.name != "posix":
        pytest.skip("modes and groups are POSIX")
    target = tmp_path / "scenes.yaml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    groups = [g for g in os.getgroups() if g != target.stat().st_gid]
    if groups:
        os.chown(target, -1, groups[0])
    before = target.stat()
    output.rewrite_file(target, b"new", expected=b"old")
    after = target.stat()
    assert target.read_bytes() == b"new"
    assert (after.st_mode & 0o777, after.st_gid) == (0o640, before.st_gid)


def test_keep_owner_falls_back_to_the_group_alone(tmp_path, monkeypatch):
    """A user who may not give a file away still keeps its group: the second try leaves the
    owner as it is (-1)."""
    tried: list[tuple[int, int]] = []

    def fchown(fd, uid, gid):
        tried.append((uid, gid))
        if uid != -1:
            raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "fchown", fchown, raising=False)
    status = os.stat_result((0o100644, 0, 0, 1, 1234, 5678, 0, 0, 0, 0))
    portable.keep_owner(0, status)
    assert tried == [(1234, 5678), (-1, 5678)]
    tried.clear()
    monkeypatch.setattr(os, "fchown", lambda fd, uid, gid: tried.append((uid, gid)))
    portable.keep_owner(0, status)
    assert tried == [(1234, 5678)]  # root: both at once


def test_set_mode_sets_exactly_the_mode(tmp_path):
    if os.name != "posix":
        pytest.skip("modes are POSIX")
    path = tmp_path / "f"
    path.write_bytes(b"")
    with path.open("rb") as fh:
        portable.set_mode(fh.fileno(), path, 0o604)
    assert path.stat().st_mode & 0o777 == 0o604


def _held_for(path, seconds):
    """A thread holding the lock file `path` for `seconds`; returns it started and holding."""
    held = threading.Event()

    def holder():
        with portable.file_lock(path):
            held.set()
            time.sleep(seconds)

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(10)
    return thread


@pytest.mark.parametrize("wait", [5.0, None])
def test_a_waiting_lock_is_had_once_its_holder_lets_go(tmp_path, lock_kind, wait):
    """Waiting (up to a limit or without one) is waiting: the lock is had once the holder lets
    go, not refused at the first try."""
    path = tmp_path / "lock"
    thread = _held_for(path, 0.3)
    try:
        start = time.monotonic()
        with portable.file_lock(path, wait=wait):
            waited = time.monotonic() - start
    finally:
        thread.join()
    assert 0.1 < waited < 4


def test_busy_says_what_is_held(tmp_path, lock_kind):
    path = tmp_path / "lock"
    thread = _held_for(path, 0.5)
    try:
        with pytest.raises(portable.Busy) as caught, portable.file_lock(path, wait=0.05):
            pass
    finally:
        thread.join()
    message = str(caught.value)
    assert message and message != "None"
    if lock_kind == "lock file":
        assert str(path) in message


def test_the_lock_file_is_private(tmp_path, monkeypatch):
    monkeypatch.setattr(portable, "_fcntl", lambda: None)
    monkeypatch.setattr(portable, "WINDOWS", False)
    if os.name != "posix":
        pytest.skip("modes are POSIX")
    before = os.umask(0)
    try:
        with portable.file_lock(tmp_path / "lock"):
            mode = (tmp_path / "lock").stat().st_mode & 0o777
    finally:
        os.umask(before)
    assert mode == 0o600


@pytest.mark.parametrize(
    "content",
    [
        b"not a process id",  # not ours to judge: someone holds it
        b"\xff\xfe garbage",  # bytes that are not text either
        "١٢٣".encode(),  # digits, but not ASCII ones: not a process id written by us
    ],
)
def test_a_lock_file_that_names_no_process_is_left_alone(tmp_path, monkeypatch, content):
    monkeypatch.setattr(portable, "_fcntl", lambda: None)
    monkeypatch.setattr(portable, "WINDOWS", False)
    monkeypatch.setattr(portable, "process_alive", lambda pid: False)  # any number: dead
    path = tmp_path / "lock"
    path.write_bytes(content)
    with pytest.raises(portable.Busy), portable.file_lock(path, wait=0.1):
        pass
    assert path.read_bytes() == content


def test_a_lock_file_that_cannot_be_read_is_taken_over(tmp_path, monkeypatch):
    """A lock file that vanished or cannot be read between two looks names no live holder."""
    monkeypatch.setattr(portable, "_fcntl", lambda: None)
    monkeypatch.setattr(portable, "WINDOWS", False)
    path = tmp_path / "lock"
    path.write_text("1")
    real = type(path).read_text

    def read_text(self, *args, **kwargs):
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(path), "read_text", read_text)
    with portable.file_lock(path, wait=0.1):
        pass


def test_process_alive_counts_others_processes(monkeypatch):
    if os.name != "posix" or portable.WINDOWS:
        pytest.skip("process ids of POSIX")
    assert portable.process_alive(1)  # init (or the container's first process)

    def kill(pid, sig):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "kill", kill)
    assert portable.process_alive(4242)  # someone else's: alive, and never signalled


@pytest.mark.parametrize(
    ("windows", "winerror", "refused"),
    [
        (True, 5, True),  # access denied
        (True, 32, True),  # sharing violation
        (True, 33, True),  # lock violation
        (True, 6, False),
        (True, 34, False),
        (True, None, False),  # no winerror at all
        (False, 32, False),  # not Windows: an OSError as any other
    ],
)
def test_which_refusals_mean_another_program_holds_the_file(
    monkeypatch, windows, winerror, refused
):
    monkeypatch.setattr(portable, "WINDOWS", windows)
    exc = OSError(errno.EACCES, "refused")
    if winerror is not None:
        exc.winerror = winerror  # type: ignore[attr-defined]
    assert portable.refused_rename(exc) is refused


@pytest.mark.parametrize("windows", [False, True])
def test_set_mode_goes_through_the_open_file_where_it_can(tmp_path, monkeypatch, windows):
    if os.name != "posix":
        pytest.skip("fchmod is POSIX")
    monkeypatch.setattr(portable, "WINDOWS", windows)
    used: list[str] = []
    real_fchmod, real_chmod = os.fchmod, type(tmp_path).chmod
    monkeypatch.setattr(os, "fchmod", lambda fd, mode: (used.append("fd"), real_fchmod(fd, mode)))
    monkeypatch.setattr(
        type(tmp_path), "chmod", lambda self, mode: (used.append("name"), real_chmod(self, mode))
    )
    path = tmp_path / "f"
    path.write_bytes(b"")
    with path.open("rb") as fh:
        portable.set_mode(fh.fileno(), path, 0o640)
    assert used == (["name"] if windows else ["fd"])
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_stale_lock_file_removed_by_another_waiter_first_is_no_error(tmp_path, monkeypatch):
    """Two processes find the same dead holder; the other removes the file first: this one's
    removal fails (FileNotFoundError) and it simply tries again."""
    monkeypatch.setattr(portable, "_fcntl", lambda: None)
    monkeypatch.setattr(portable, "WINDOWS", False)
    monkeypatch.setattr(portable, "process_alive", lambda pid: False)
    path = tmp_path / "lock"
    path.write_text("4242")
    real = type(path).unlink

    def unlink(self, missing_ok=False):
        real(self, missing_ok=missing_ok)  # the other process was first
        raise FileNotFoundError(errno.ENOENT, "No such file or directory", str(self))

    monkeypatch.setattr(type(path), "unlink", unlink)
    with portable.file_lock(path, wait=1):
        assert path.read_text() == str(os.getpid())
