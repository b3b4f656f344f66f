"""`make lint` (and so `make test`, what CI runs) type-checks with mypy every
app's services and selectors, modules or packages, and `common/`."""

import os
import subprocess
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_make_lint_runs_mypy_on_every_services_and_selectors_and_common():
    result = subprocess.run(
        ["make", "--dry-run", "lint"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MAKEFLAGS": ""},
    )

    assert result.returncode == 0, result.stderr
    mypy = [line for line in result.stdout.splitlines() if "/mypy " in line]
    assert len(mypy) == 1, result.stdout
    assert "DJANGO_SETTINGS_MODULE=config.settings.test" in mypy[0]
    # Besides: the modules a worker runs for a job, named for the job.
    workers_parts = {
        "dashboard/pdf_jobs.py",
        "accounts/reset_requests.py",
        "documents/sweep.py",
    }
    expected = {"common", *workers_parts} | {
        str(path.relative_to(ROOT))
        for pattern in ("*/services.py", "*/services", "*/selectors.py", "*/selectors")
        for path in ROOT.glob(pattern)
        if not path.parts[len(ROOT.parts)].startswith((".", "var"))
    }
    assert set(mypy[0].split("/mypy ", 1)[1].split()) == expected


def test_make_test_runs_make_lint_and_fails_when_it_fails():
    result = subprocess.run(
        ["make", "--dry-run", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "MAKEFLAGS": ""},
    )

    assert result.returncode == 0, result.stderr
    recipe = result.stdout
    assert "make --no-print-directory lint" in recipe
    assert "wait $lint; lint_rc=$?" in recipe
    assert "exit $lint_rc" in recipe
