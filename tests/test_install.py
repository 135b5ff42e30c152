"""The install commands: the README's, `.ci/run`'s and the lock agree."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = ROOT / "requirements" / "test.txt"


def readme_commands() -> list[str]:
    setup = (ROOT / "README.md").read_text(encoding="utf-8").split("## Set-up", 1)[1]
    setup = setup.split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def locked() -> dict[str, tuple[str, list[str]]]:
    """Each locked package: its version and its hashes."""
    text = LOCK.read_text(encoding="utf-8").replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        match = re.match(r"([A-Za-z0-9._-]+)==(\S+)", line)
        if match:
            name, version = match.groups()
            found[canonicalize_name(name)] = (version, re.findall(r"--hash=sha256:\w+", line))
    return found


def test_the_readme_has_the_two_commands_and_ci_runs_the_second():
    install, tests = readme_commands()[:2]
    assert install == "pip install . && scenes export --format all"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\n    {tests}\n" in ci  # the default branch (not --latest) runs it as written
    assert "--require-hashes -r requirements/test.txt" in tests


def test_the_lock_pins_every_dependency_within_pyproject_ranges_with_hashes():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = locked()
    extras = project["optional-dependencies"]
    for line in [*project["dependencies"], *extras["test"], *extras["docs"]]:
        wanted = Requirement(line)
        version, _ = pins[canonicalize_name(wanted.name)]
        assert wanted.specifier.contains(version, prereleases=True), (wanted, version)
    assert all(hashes for _, hashes in pins.values())  # pip then refuses any other file
