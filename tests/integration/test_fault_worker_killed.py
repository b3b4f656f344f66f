"""Issue #20, fault: the worker is killed (SIGKILL) in the middle of a "Render all"
job. After a worker starts again, the job finishes, its ZIP holds every document
once, and no document already rendered is rendered a second time.

The killed worker's chunk is redelivered by Redis once its visibility timeout has
passed (8 s here, an hour in production, where the stuck-job sweep of the render
jobs takes over); the restarted worker takes it. The test waits that long once, so
the timeout is short; still twice a loaded machine's chunk of 4 documents, and a
chunk redelivered early would find its documents cached, not render them again.
"""

import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from config import celery_app
from config.backups import stored_names
from documents.models import BackdropSize, RenderJob
from documents.render_all import CHUNK
from documents.services import targets
from tests import factories

# Waits out the broker's visibility timeout by design.
pytestmark = [pytest.mark.integration, pytest.mark.slow]

VISIBILITY_TIMEOUT = 8

WORKER_SETTINGS = """
import os
from config.settings.test import *  # noqa: F401,F403

DATABASES["default"]["NAME"] = os.environ["PORTAL_TEST_DB_NAME"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["PORTAL_TEST_QUEUE"]
MEDIA_ROOT = os.environ["PORTAL_TEST_MEDIA_ROOT"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ["PORTAL_TEST_VISIBILITY_TIMEOUT"]),
    # Look for unacknowledged messages past their timeout every second, not
    # every 10 polls of 10 s.
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
"""


def _start_worker(tmp_path: Path, env: dict, name: str) -> subprocess.Popen:
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            env["PORTAL_TEST_QUEUE"],
            "-n",
            f"{name}@%h",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=INFO",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.kill()
        worker.wait(10)


def _rendered_files() -> dict[str, tuple[int, int]]:
    """Each cached document: its (inode, modification time in ns)."""
    result = {}
    for name in stored_names():
        if name.startswith("documents/cache/"):
            stat = os.stat(default_storage.path(name))
            result[name] = (stat.st_ino, stat.st_mtime_ns)
    return result


def test_a_worker_killed_mid_job_the_job_finishes_after_restart_rendering_nothing_twice(
    transactional_db, settings, tmp_path
):
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.skip("needs Redis")
    settings.MEDIA_ROOT = tmp_path / "media"
    BackdropSize.objects.all().delete()
    BackdropSize.objects.create(name="Màn hình 16:9", width_mm=3200, height_mm=1800)
    conference = factories.ConferenceFactory()
    factories.MainPointFactory(conference=conference)
    for code in ("01", "27", "31", "46", "48", "79", "92", "96", "95", "94"):
        unit = factories.UnitFactory(unit_set=conference.unit_set, code=code)
        factories.BridgePointFactory(conference=conference, unit=unit)
    job = RenderJob.objects.create(
        conference=conference, total=len(targets.render_targets(conference))
    )
    assert job.total == 22

    (tmp_path / "killed_worker_settings.py").write_text(WORKER_SETTINGS)
    queue = f"portal-render-kill-{os.getpid()}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "killed_worker_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(settings.BASE_DIR)]),
        "PORTAL_TEST_DB_NAME": connection.settings_dict["NAME"],
        "PORTAL_TEST_QUEUE": queue,
        "PORTAL_TEST_MEDIA_ROOT": str(tmp_path / "media"),
        "PORTAL_TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "REDIS_URL": settings.CELERY_BROKER_URL,
    }
    first = _start_worker(tmp_path, env, "first")
    second = None
    try:
        with celery_app.connection_for_write() as conn:
            celery_app.send_task(
                "documents.render_all",
                kwargs={"job_id": job.pk},
                queue=queue,
                connection=conn,
            )
        # Kill it inside a chunk: some of the chunk's documents done, not all.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.done % CHUNK and job.done < job.total - CHUNK:
                break
            time.sleep(0.02)
        else:
            pytest.fail((tmp_path / "first.log").read_text()[-3000:])
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        job.refresh_from_db()
        done_at_kill = job.done
        before_restart = _rendered_files()

        second = _start_worker(tmp_path, env, "second")
        deadline = time.monotonic() + VISIBILITY_TIMEOUT + 90
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in ("done", "failed"):
                break
            time.sleep(0.2)
        time.sleep(1)  # a duplicate chunk would still be counting now
        job.refresh_from_db()
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)

    log = (tmp_path / "second.log").read_text()
    assert 0 < done_at_kill < job.total
    assert (job.status, job.error) == ("done", ""), log[-3000:]
    assert job.done == job.total == 22
    with default_storage.open(job.file_name, "rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert len(names) == len(set(names)) == 22
    after = _rendered_files()
    assert len(after) == 22
    # Nothing rendered before the kill was rendered again (same file, untouched),
    # and no second copy of a document was stored under another name.
    assert {name: after[name] for name in before_restart} == before_restart
    assert not [n for n in after if re.search(r"_[A-Za-z0-9]{7}\.pdf$", n)]
