"""Time the documents: 63 invitations, every point's backdrop and the programme.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/documents_bench.py

On a fresh database `portal_docbench` (dropped first, and afterwards unless --keep)
it loads plan 5774 (63 provinces and the main point), keeps one backdrop size (the
16:9 screen), starts a real Celery worker (prefork, 2 processes) on Redis and:

- cold: "Render all" on an empty storage, from the queued job to its ZIP;
- warm: the same again, every document served from the cache;
- per-document p50: invitations and backdrops rendered one by one in this process;
- `render_documents --kind invitation` for the 63 invitations as one whole process
  (--jobs 2), against LibreOffice converting the same letters mail-merged in Word
  in one batch (measured where `soffice` is installed, see
  bench/libreoffice_reference.py; else the issue's ~4.8 s).

Prints one JSON object on its last line.
"""

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_db import drop_database, fresh_database  # noqa: E402
from libreoffice_reference import libreoffice_seconds  # noqa: E402

BENCH_DB = "portal_docbench"
SAMPLE = 21  # documents of each kind timed one by one
LIBREOFFICE_REFERENCE_S = 4.8
GOALS = {"cold_s": 5.0, "warm_s": 0.5, "per_backdrop_ms_p50": 50.0}


def start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "2",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_worker(app, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return
    raise RuntimeError("the Celery worker did not answer")


def run_job(conference) -> tuple[float, object]:
    from django.utils import timezone

    from documents.models import RenderJob
    from documents.services import render_job

    started = time.perf_counter()
    job = render_job.start_render_job(  # autocommit: queued at once
        conference=conference, by=None, now=timezone.now()
    ).job
    while True:
        job.refresh_from_db()
        if job.status in ("done", "failed"):
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    if job.status != "done":
        raise RuntimeError(f"render job failed: {job.error}")
    return elapsed, RenderJob.objects.get(pk=job.pk)


def per_document_ms(conference) -> dict:
    from django.test import override_settings

    from documents import selectors
    from documents.services import rendered

    points = list(
        conference.points.filter(is_main=False).select_related("unit", "conference")
    )[:SAMPLE]
    size = selectors.backdrop_sizes().first()
    with override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="docbench-p50-")):
        rendered.backdrop(conference.points.get(is_main=True), size)  # warm up
        times = {"backdrop": [], "invitation": []}
        for point in points:
            for kind, call in (
                ("backdrop", lambda p=point: rendered.backdrop(p, size)),
                ("invitation", lambda p=point: rendered.invitation(p)),
            ):
                started = time.perf_counter()
                assert call().rendered
                times[kind].append((time.perf_counter() - started) * 1000)
    return {
        "per_backdrop_ms_p50": round(statistics.median(times["backdrop"]), 1),
        "per_invitation_ms_p50": round(statistics.median(times["invitation"]), 1),
    }


def invitation_html(conference) -> list[str]:
    """The 63 provinces' invitations as HTML: what LibreOffice gets as Word files."""
    from django.template.loader import render_to_string

    from documents import selectors

    points = (
        conference.points.filter(is_main=False)
        .select_related("unit", "conference")
        .order_by("unit__code")
    )
    return [
        render_to_string("pdf/invitation.html", selectors.invitation_data(point))
        for point in points
    ]


def children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command_invitations_s(env: dict) -> tuple[float, float]:
    out = tempfile.mkdtemp(prefix="docbench-inv-")
    cpu = children_cpu_s()
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "render_documents",
            "--kind",
            "invitation",
            "--jobs",
            "2",
            "--out",
            out,
        ],
        cwd=ROOT,
        env={**env, "DJANGO_MEDIA_ROOT": tempfile.mkdtemp(prefix="docbench-cmd-")},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    assert len(os.listdir(out)) == 63, os.listdir(out)
    return elapsed, children_cpu_s() - cpu


def main() -> None:
    keep = "--keep" in sys.argv[1:]
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    media = tempfile.mkdtemp(prefix="docbench-media-")
    env = {
        **os.environ,
        "DATABASE_URL": fresh_database(server, BENCH_DB),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_MEDIA_ROOT": media,
        "CELERY_TASK_DEFAULT_QUEUE": f"docbench-{os.getpid()}",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from config.celery import app
    from documents.models import BackdropSize
    from plans.services.plan_loader import load_plan

    result: dict = {}
    worker = None
    try:
        call_command("migrate", verbosity=0)
        conference = load_plan()
        BackdropSize.objects.exclude(width_mm=3200, height_mm=1800).update(
            is_active=False
        )
        app.control.purge()
        cpu_before = children_cpu_s()
        worker = start_worker(env)
        wait_for_worker(app)
        cold_s, job = run_job(conference)
        warm_s, _job = run_job(conference)
        worker.terminate()
        worker.wait(timeout=60)
        worker = None
        # CPU the worker (its start-up included) spent: on an idle machine with 2
        # cores, the cold run would take about half of it.
        worker_cpu_s = children_cpu_s() - cpu_before
        result.update(
            documents=job.total,
            invitations=63,
            backdrops=conference.points.count(),
            workers=2,
            cold_s=round(cold_s, 2),
            warm_s=round(warm_s, 2),
            worker_cpu_s=round(worker_cpu_s, 2),
        )
        result.update(per_document_ms(conference))
        command_s, command_cpu_s = command_invitations_s(env)
        libreoffice_s = libreoffice_seconds(invitation_html(conference))
        reference_s = libreoffice_s or LIBREOFFICE_REFERENCE_S
        result.update(
            render_documents_invitations_s=round(command_s, 2),
            render_documents_cpu_s=round(command_cpu_s, 2),
            libreoffice_s=round(reference_s, 2),
            libreoffice_measured=libreoffice_s is not None,
            invitations_vs_libreoffice=round(command_s / reference_s, 2),
            load_average=round(os.getloadavg()[0], 2),
            cpus=os.cpu_count(),
        )
        result["goals"] = {
            name: {"goal": goal, "ok": result[name] < goal}
            for name, goal in GOALS.items()
        }
        result["goals"]["invitations_half_of_libreoffice"] = {
            "goal": round(reference_s / 2, 2),
            "ok": command_s <= reference_s / 2,
        }
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        connections.close_all()
        if not keep:
            drop_database(server, BENCH_DB)
        shutil.rmtree(media, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
