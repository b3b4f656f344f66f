"""Issue #7 (8): the production image builds.

The Dockerfile runs `collectstatic` with config.settings.production at build
time; a vendored file naming a source map that is not there failed it. This runs
the same command into a temporary folder, and `check --deploy`, in a subprocess
with the production settings and only the environment the image has.
"""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_ALLOWED_HOSTS": "hoinghi.example.gov.vn",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def production_env(tmp_path, **extra) -> dict:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return {
        **keep,
        **PRODUCTION_ENV,
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


def _dockerfile_build_env() -> dict:
    """The placeholders the Dockerfile exports before compilemessages and
    collectstatic (the production settings require a key and a public address)."""
    dockerfile = (settings.BASE_DIR / "Dockerfile").read_text()
    exported = re.search(r"RUN export ((?:[A-Z_]+=\S+ ?)+)", dockerfile)[1]
    return dict(pair.split("=", 1) for pair in exported.split())


@pytest.mark.slow
def test_production_collectstatic_succeeds(tmp_path):
    # As the Dockerfile runs it: placeholders, no database.
    build_env = _dockerfile_build_env()
    assert set(build_env) == {"DJANGO_SECRET_KEY", "PORTAL_BASE_URL"}
    result = manage(
        "collectstatic", "--noinput", env=production_env(tmp_path, **build_env)
    )

    assert result.returncode == 0, result.stderr[-3000:]
    static = tmp_path / "static"
    assert (static / "staticfiles.json").is_file()
    assert list((static / "vendor" / "bootstrap").glob("bootstrap.bundle.min.*.js"))
    assert list((static / "vendor" / "bootstrap").glob("bootstrap.min.*.css.gz"))
    # The fonts are the PDF renderer's, read from disk: no compressed copies.
    fonts = list((static / "fonts").glob("*.ttf"))
    assert fonts
    assert not list((static / "fonts").glob("*.ttf.gz"))
    assert not list((static / "fonts").glob("*.ttf.br"))


def test_vendored_files_name_no_missing_source_map():
    vendor = settings.BASE_DIR / "static" / "vendor"
    for path in vendor.rglob("*"):
        if path.suffix in (".js", ".css"):
            text = path.read_text(encoding="utf-8")
            for line in text.splitlines():
                if "sourceMappingURL=" in line:
                    name = line.split("sourceMappingURL=")[1].split()[0]
                    assert (path.parent / name).is_file(), (path, name)


def test_check_deploy_passes_with_the_production_settings(tmp_path):
    env = production_env(
        tmp_path,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        PORTAL_BASE_URL="https://hoinghi.example.gov.vn",
        # An empty database: not whatever `make run` left in var/ (the demo
        # accounts' check reads the accounts; with no table it has nothing to say).
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    )

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
