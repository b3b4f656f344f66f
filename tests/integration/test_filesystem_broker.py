"""The local settings' filesystem broker carries a task from one process to another.

`make run` needs no Redis: the web process and the worker share var/broker/. These
tests start a real `celery -A config worker` with the local settings, re-rooted in a
temporary var directory, and enqueue from a second process.
"""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.integration

WAIT_SECONDS = 20
FOLDER_OPTIONS = (
    "data_folder_in",
    "data_folder_out",
    "processed_folder",
    "control_folder",
)

# Imported by the child processes: the local settings with every broker folder moved
# from the repository's var/ into the temporary one.
RE_ROOTED_SETTINGS = """
import os
import re
from pathlib import Path

from config.settings.local import *  # noqa: F401,F403
from config.settings.local import CELERY_BROKER_TRANSPORT_OPTIONS as _OPTIONS
from config.settings.local import VAR_DIR as _REPO_VAR

VAR_DIR = Path(os.environ["PORTAL_TEST_VAR_DIR"])
CELERY_BROKER_TRANSPORT_OPTIONS = {
    key: str(VAR_DIR / Path(value).relative_to(_REPO_VAR))
    if isinstance(value, str) and value.startswith(str(_REPO_VAR))
    else value
    for key, value in _OPTIONS.items()
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
EMAIL_FILE_PATH = VAR_DIR / "mail"
"""


def _local_env(*, var_dir: Path, settings_module: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "PORTAL_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        PORTAL_TEST_VAR_DIR=str(var_dir),
        PYTHONPATH=os.pathsep.join([str(var_dir), str(settings.BASE_DIR)]),
        # Empty, not unset: a developer's .env must not switch these to Redis or
        # PostgreSQL.
        REDIS_URL="",
        DATABASE_URL=f"sqlite:///{var_dir / 'portal.sqlite3'}",
    )
    return env


def _run(args: list[str], *, env: dict[str, str], cwd: Path) -> str:
    done = subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_local_broker_keeps_every_folder_under_var(tmp_path):
    env = _local_env(var_dir=tmp_path, settings_module="config.settings.local")
    out = _run(
        [
            sys.executable,
            "-c",
            "import json, django; django.setup(); from django.conf import settings; "
            "print(json.dumps([settings.CELERY_BROKER_URL, "
            "settings.CELERY_BROKER_TRANSPORT_OPTIONS]))",
        ],
        env=env,
        cwd=tmp_path,
    )

    broker_url, options = json.loads(out)
    assert broker_url == "filesystem://"
    var_dir = settings.BASE_DIR / "var" / "broker"
    assert {key: options[key] for key in FOLDER_OPTIONS} == {
        "data_folder_in": str(var_dir / "queue"),
        "data_folder_out": str(var_dir / "queue"),
        "processed_folder": str(var_dir / "processed"),
        "control_folder": str(var_dir / "control"),
    }


@pytest.mark.slow
def test_filesystem_broker_carries_task_to_worker_process(tmp_path):
    (tmp_path / "fs_broker_settings.py").write_text(RE_ROOTED_SETTINGS)
    for folder in ("broker/queue", "broker/processed", "broker/control", "mail"):
        (tmp_path / folder).mkdir(parents=True)
    env = _local_env(var_dir=tmp_path, settings_module="fs_broker_settings")
    log_path = tmp_path / "worker.log"

    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
            ],
            env=env,
            cwd=tmp_path,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        # The worker starts meanwhile. The task is Celery's own `accumulate`, which
        # hands back what it was given and touches no database: what is under test
        # is the broker's folders between two processes (the project's tasks run
        # on a real worker in the other integration tests).
        task_id = _run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from config import celery_app; "
                "print(celery_app.send_task('celery.accumulate', args=[7]).id)",
            ],
            env=env,
            cwd=tmp_path,
        ).strip()
        done = f"Task celery.accumulate[{task_id}] succeeded"
        deadline = time.monotonic() + WAIT_SECONDS
        while done not in log_path.read_text() and time.monotonic() < deadline:
            assert worker.poll() is None, log_path.read_text()
            time.sleep(0.2)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()

    log_text = log_path.read_text()
    assert task_id
    # The worker ran it and handed back what the other process sent.
    assert re.search(rf"^.*{re.escape(done)} in [0-9.e-]+s: \(7,\)$", log_text, re.M), (
        log_text
    )
    assert list((tmp_path / "broker" / "queue").iterdir()) == []
    assert not (tmp_path / "control").exists()
