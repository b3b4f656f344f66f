"""The app layers of pyproject.toml hold, and the linter catches an import upwards."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_code_keeps_the_layers():
    result = _lint_imports(ROOT)

    assert result.returncode == 0, result.stdout
    assert "2 kept, 0 broken" in result.stdout


def test_an_import_upwards_or_sideways_breaks_the_contracts(tmp_path):
    for package in {p.parent.name for p in ROOT.glob("*/__init__.py")}:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "migrations", "data"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # Upwards from the base; sideways between two apps of one layer; upwards
    # inside the foundation, whose apps share a layer but keep an order.
    wrong = {
        ("conference", "upwards"): "from participants.enums import DelegateRole",
        ("agenda", "sideways"): "from participants.enums import DelegateRole",
        ("outbox", "upwards"): "from accounts.enums import Role",
    }
    for (app, module), line in wrong.items():
        (tmp_path / app / f"{module}.py").write_text(f"{line}  # noqa: F401\n")

    result = _lint_imports(tmp_path)

    assert result.returncode == 1
    assert "0 kept, 2 broken" in result.stdout
    assert "conference is not allowed to import participants" in result.stdout
    assert "conference.upwards -> participants.enums" in result.stdout
    assert "agenda is not allowed to import participants" in result.stdout
    assert "agenda.sideways -> participants.enums" in result.stdout
    assert "outbox is not allowed to import accounts" in result.stdout
    assert "outbox.upwards -> accounts.enums" in result.stdout
