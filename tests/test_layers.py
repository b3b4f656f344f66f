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
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_from_the_base_app_upwards_breaks_the_contract(tmp_path):
    for package in {p.parent.name for p in ROOT.glob("*/__init__.py")}:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "migrations", "data"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "conference" / "upwards.py").write_text(
        "from participants.enums import DelegateRole  # noqa: F401\n"
    )

    result = _lint_imports(tmp_path)

    assert result.returncode == 1
    assert "conference is not allowed to import participants" in result.stdout
    assert "conference.upwards -> participants.enums" in result.stdout
