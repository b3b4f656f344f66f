"""`make audit` (scripts/audit.sh): fails on a known vulnerability, and says plainly
"NOT AUDITED" where pip-audit reaches no vulnerability database, which is what
leaves the machine and so is replaced here by a stand-in writing its JSON report."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _audit(tmp_path: Path, report: dict | None) -> subprocess.CompletedProcess:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    fake = bin_dir / "pip-audit"
    if report is None:
        fake.write_text("#!/bin/sh\necho 'ConnectionError: api.osv.dev' >&2\nexit 1\n")
    else:
        fake.write_text(
            "#!/bin/sh\nwhile [ $# -gt 0 ]; do\n"
            '  if [ "$1" = --output ]; then shift; cat > "$1" <<\'JSON\'\n'
            + json.dumps(report)
            + "\nJSON\n  fi\n  shift\ndone\nexit 1\n"
        )
    fake.chmod(0o755)
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "audit.sh")],
        env={**os.environ, "VENV_BIN": str(bin_dir)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_known_vulnerability_fails_the_audit(tmp_path):
    done = _audit(
        tmp_path,
        {
            "dependencies": [
                {
                    "name": "django",
                    "version": "5.2.0",
                    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}],
                },
                {"name": "celery", "version": "5.7.0", "vulns": []},
            ]
        },
    )
    assert done.returncode == 1
    assert done.stdout == "VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)\n"


def test_no_vulnerability_passes(tmp_path):
    done = _audit(
        tmp_path,
        {"dependencies": [{"name": "celery", "version": "5.7.0", "vulns": []}]},
    )
    assert done.returncode == 0
    assert done.stdout.startswith("No known vulnerability in 1 packages")


@pytest.mark.parametrize("unreachable", ["every package skipped", "no report"])
def test_an_unreachable_database_says_not_audited_without_failing(
    tmp_path, unreachable
):
    report = (
        {
            "dependencies": [
                {
                    "name": "django",
                    "version": "5.2.19",
                    "skip_reason": "Dependency not found on PyPI and could not be audited",
                }
            ]
        }
        if unreachable == "every package skipped"
        else None
    )
    done = _audit(tmp_path, report)
    assert done.returncode == 0
    assert "NOT AUDITED" in done.stderr
    assert "No known vulnerability" not in done.stdout
