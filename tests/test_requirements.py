"""The lock files install what requirements*.txt ask for, every package pinned and
hashed: a requirement edited without `make lock` fails here, not on a server."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    """name → version of each `name==version` line, following `-r` includes."""
    pins = {}
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins |= _pins(path.parent / line.removeprefix("-r ").strip())
        elif match := PIN.match(line):
            pins[_name(match[1])] = match[2]
    return pins


def _entries(lock: Path) -> list[str]:
    """Each package of a lock file, with its continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", lock.read_text())
    return [line for line in text.splitlines() if PIN.match(line)]


def test_every_requirement_is_locked_at_its_version():
    for source, lock in (
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ):
        wanted = _pins(ROOT / source)
        locked = _pins(ROOT / lock)

        assert {name: locked.get(name) for name in wanted} == wanted, lock


def test_every_locked_package_has_a_hash():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        entries = _entries(ROOT / lock)

        assert len(entries) > 40, lock
        assert [e.split()[0] for e in entries if "--hash=sha256:" not in e] == []


def test_the_dev_lock_installs_the_runtime_lock_s_versions():
    runtime = _pins(ROOT / "requirements.lock")
    dev = _pins(ROOT / "requirements-dev.lock")

    assert {name: dev.get(name) for name in runtime} == runtime


def test_lock_files_name_no_machine_s_index():
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()

        assert not re.search(r"^--(extra-)?index-url|^--find-links", text, re.M)
