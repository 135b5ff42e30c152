"""`scenes serve` as a user runs it: a process on a free port, asked over HTTP, stopped with
Ctrl-C or SIGTERM. It serves the built files alone, to GET and HEAD alone; it never touches
outputs/ nor the ledger; it leaves no temporary folder."""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys

import pytest
from conftest import ALL_FILES, scenes_env
from serving import MONDAY, Served, snapshot, temporary_folders

SCRIPT = re.compile(rb'<script data-scenes-preview="live">\n.*?</script>\n', re.DOTALL)


@pytest.fixture
def serve(project, tmp_path):
    started: list[Served] = []

    def start(*args: str, env: dict | None = None) -> Served:
        started.append(Served(project, tmp_path / "tmp", *args, env=env))
        return started[-1]

    yield start
    for served in started:
        served.close()


def scenes(project, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=project,
        env=scenes_env(),
        capture_output=True,
    )


def test_served_pages_are_the_exports_plus_the_live_script_alone(serve, project):
    served = serve()
    page = served.request("GET", "/scenes.html")
    assert page.status == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert len(SCRIPT.findall(page.body)) == 1
    assert SCRIPT.sub(b"", page.body) == scenes(project, "export", "-f", "html", "-o", "-").stdout
    on_disk = served.build_folder() / "scenes.html"
    assert on_disk.read_bytes() == SCRIPT.sub(b"", page.body)  # the file has no script
    text = served.request("GET", "/scenes.txt")
    assert text.headers["content-type"] == "text/plain; charset=utf-8"
    assert text.body == scenes(project, "export", "-f", "text", "-o", "-").stdout
    docx = served.request("GET", "/scenes.docx")
    assert docx.headers["content-disposition"] == 'attachment; filename="scenes.docx"'
    assert docx.body == (served.build_folder() / "scenes.docx").read_bytes()
    index = served.request("GET", "/")
    assert index.status == 200 and len(SCRIPT.findall(index.body)) == 1
    for name in ALL_FILES:
        assert f'href="/{name}"'.encode() in index.body, name
    for head in ("/", "/scenes.html", "/scenes.docx"):
        got, asked = served.request("HEAD", head), served.request("GET", head)
        assert got.status == 200 and got.body == b""
        assert int(got.headers["content-length"]) == len(asked.body)
    assert served.stop() == 130


TRAVERSALS = [
    "/../scenes.toml",
    "/%2e%2e/scenes.toml",
    "/%2e%2e%2fscenes.toml",
    "/_preview/%2e%2e/%2e%2e/scenes.toml",
    "/..%2F..%2Fscenes.toml",
    "/..%5C..%5Cscenes.toml",
    "/.scenes-manifest.json",
    "/_preview/",
    "/_preview/view/",
    "/leak.toml",
    "/_preview/up/scenes.toml",
]


def test_nothing_outside_the_built_files_is_served(serve, project):
    (project / "scenes.toml").write_text("# not for the web\n", encoding="utf-8")
    served = serve()
    folder = served.build_folder()
    (folder / "leak.toml").symlink_to(project / "scenes.toml")
    (folder / "_preview" / "up").symlink_to(project, target_is_directory=True)
    for path in TRAVERSALS:
        answer = served.request("GET", path)
        assert (answer.status, answer.body) == (404, b"404 not found\n"), path
    assert served.stop() == 130


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"])
def test_only_get_and_head(serve, method):
    served = serve()
    for path in ("/", "/scenes.html", "/missing", "/_preview/events"):
        answer = served.request(method, path)
        assert answer.status == 405, (method, path)
        assert answer.headers["allow"] == "GET, HEAD"


def test_a_page_elsewhere_cannot_read_it_through_a_name_of_its_own(serve):
    served = serve()
    port = served.url.rsplit(":", 1)[1].strip("/")
    assert served.request("GET", "/", {"Host": f"evil.example:{port}"}).status == 403
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"LOCALHOST:{port}"):
        assert served.request("GET", "/", {"Host": host}).status == 200, host


def test_outputs_and_the_ledger_stay_as_they_were(serve, project):
    assert scenes(project, "export").returncode == 0
    assert scenes(project, "newsletter", "--date", MONDAY).returncode == 0
    before = snapshot(project)
    served = serve()
    source = project / "source" / "scenes.yaml"
    original = source.read_text(encoding="utf-8")
    for heading in ("Rocky Two", "1917", "Rocky 2", "Rocky II"):  # rebuilt, broken, fixed
        source.write_text(original.replace("heading: Rocky II", f"heading: {heading}"), "utf-8")
        line = served.next_build()
        assert "source/scenes.yaml changed" in line, line
        assert ("1 problem" in line) == (heading == "1917"), line
    letter = served.request("GET", "/_preview/letter.html").body.decode()
    assert "Issue 2," in letter  # the next one, after the ledger's issue 1
    assert served.stop() == 130
    assert snapshot(project) == before
    assert temporary_folders(served.tmp) == []


STOPS = [(signal.SIGINT, 130), (signal.SIGTERM, 143)]
if hasattr(signal, "SIGHUP"):
    STOPS.append((signal.SIGHUP, 129))  # the terminal closed


@pytest.mark.parametrize(("signum", "code"), STOPS)
def test_stopping_removes_the_temporary_folder(serve, signum, code):
    if signum == getattr(signal, "SIGHUP", None) and signal.getsignal(signum) == signal.SIG_IGN:
        pytest.skip("SIGHUP is ignored here (run under nohup): `scenes serve` keeps it ignored")
    served = serve()
    assert temporary_folders(served.tmp) == [served.build_folder().name]
    stream = served.first_state()  # an open stream does not hold the exit up
    assert stream["problems"] == ""
    assert served.stop(signum) == code
    assert served.stderr[-1] == "interrupted"
    assert temporary_folders(served.tmp) == []


def test_the_first_build_s_problems_are_served_too(serve, project):
    source = project / "source" / "scenes.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("heading: Rocky II", "heading: 7"))
    served = serve()
    assert re.fullmatch(r"\S+ first build: nothing built in \S+ s; 1 problem", served.first_build)
    validate = scenes(project, "validate").stderr.decode()
    assert served.first_state()["problems"] + "\n" == validate
    index = served.request("GET", "/").body.decode()
    assert "not built yet" in index
    assert served.stop() == 130


def test_a_port_in_use_is_an_error_and_makes_no_folder(project, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**scenes_env(), "TMPDIR": str(tmp_path)}
        run = subprocess.run(
            [sys.executable, "-m", "pipeline", "serve", "--port", str(port)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 1
    assert run.stderr == (
        f"127.0.0.1:{port}: cannot listen: the port is in use (another `scenes serve`?); "
        "choose another with --port, or --port 0 for any free one\n"
    )
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("scenes-serve-")]


@pytest.mark.parametrize(
    "args",
    [
        ["--port", "65536"],
        ["--port", "-1"],
        ["--port", "http"],
        ["--bind", "example.com"],
        ["--bind", "127.0.0.300"],
        ["--bind", ""],
        ["--open", "yes"],
    ],
)
def test_usage_errors(invoke, args):
    result = invoke("serve", *args)
    assert result.exit_code == 2, result.output


def test_open_opens_this_machine_s_address_even_when_listening_on_all(serve, tmp_path):
    record = tmp_path / "record.py"
    record.write_text("import sys\nprint('opened', sys.argv[1], flush=True)\n", encoding="utf-8")
    browser = f"{shutil.which(sys.executable) or sys.executable} {record} %s"
    served = serve("--bind", "0.0.0.0", "--open", env={"BROWSER": browser})
    assert served.url.startswith("http://127.0.0.1:")
    assert served.next_out() == f"opened {served.url}"
    assert served.stop() == 130
    assert served.stderr[0] == (
        "warning: listening on 0.0.0.0: anyone who can reach this machine can read the preview "
        "(unpublished data, the next newsletter)"
    )
    # Another host name is not refused when listening beyond loopback: the names are not known.


def test_listening_on_ipv6_loopback(serve):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    served = serve("--bind", "::1")
    assert served.url.startswith("http://[::1]:")
    assert served.request("GET", "/scenes.html").status == 200
    assert served.stop() == 130


def test_a_settings_change_watches_the_files_it_names(serve, project):
    template = project / "templates" / "_scene.txt.j2"
    template.parent.mkdir()
    template.write_text("* {{ scene.heading }}\n", encoding="utf-8")
    served = serve()
    (project / "scenes.toml").write_text('[text]\ntemplate_dir = "templates"\n', encoding="utf-8")
    line = served.next_build()
    assert re.search(r"scenes.toml changed: rebuilt scenes.txt in \S+ s$", line), line
    assert "* Rocky II" in served.request("GET", "/scenes.txt").body.decode()
    template.write_text("+ {{ scene.heading }}\n", encoding="utf-8")  # now watched
    line = served.next_build()
    assert "templates/_scene.txt.j2 changed: rebuilt scenes.txt in " in line, line
    assert "+ Rocky II" in served.request("GET", "/scenes.txt").body.decode()


def test_a_change_that_changes_nothing_says_so(serve, project):
    served = serve()
    source = project / "source" / "scenes.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    line = served.next_build()
    assert re.fullmatch(
        r"\d\d:\d\d:\d\d source/scenes.yaml changed: no output changed in \S+ s", line
    )


def test_the_data_s_folder_replaced_is_watched_again(serve, project):
    served = serve()
    source = project / "source"
    source.rename(project / "source.old")
    line = served.next_build()
    assert "1 problem" in line, line
    assert served.first_state()["problems"] == "source/scenes.yaml: no such file"
    (project / "source.old").rename(source)  # back, as a new folder to the watch
    assert "1 problem" not in served.next_build()
    yaml = source / "scenes.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("heading: Rocky II", "heading: R2"))
    assert "rebuilt scenes.atom.xml" in served.next_build()
    assert b"R2" in served.request("GET", "/scenes.txt").body
