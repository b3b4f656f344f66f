"""Time the organiser's dashboard, the map, both exports and the bare SQL under them;
also the technicians' connection list and the day view's refreshing panel.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/dashboard_bench.py

Creates the database `portal_dashboard_bench` on DATABASE_URL's server (dropping it
first), migrates it, seeds 63 points × 30 delegates and 3,321 points × 30 delegates
(the communes after 2025) with the demo seeder, gives a third of the lists a
submission and half of the points a first-round test, then measures each size. Prints
one JSON object per size, the larger last. `--keep` leaves the database in place;
`--sizes 63,3321` chooses the sizes; `--inline` also times the roll-up rendered in the
bench's own process (`pdf_inline_s`), to compare with the worker's, and the CPU
seconds it took (`pdf_inline_cpu_s`), which other load on the machine does not change.

The PDFs are background jobs: the bench starts a Celery worker (prefork, one child
per core, as docker-compose.yml runs it) on REDIS_URL, presses the dashboard's button
and times the job from the request to its file (`pdf_s`, `compiled_pdf_s`; the
printed list up to the size the portal prints it).

Goals at 3,321 points: the dashboard under 300 ms and within 3× its bare SQL, the
.xlsx under 10 s, the roll-up PDF under 30 s.
"""

import io
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_db import drop_database, fresh_database  # noqa: E402

BENCH_DB = "portal_dashboard_bench"
DELEGATES = 30
REQUESTS = 15
GOALS = {"dashboard_ms_p50": 300, "xlsx_s": 10, "pdf_s": 30, "sql_ratio": 3}


def seed(points: int):
    """A synthetic conference with `points` points, some submitted, some tested."""
    from django.db import connection
    from django.utils import timezone

    from conference.models import BridgePoint
    from participants.enums import RegistrationStatus
    from participants.models import DelegateList
    from plans.services.demo import fill_demo_conference
    from readiness.enums import TestResult, TestRound
    from readiness.models import ConnectionTest

    now = timezone.now()
    fill = fill_demo_conference(
        points=points,
        delegates=DELEGATES,
        day=date.today() + timedelta(days=10 + points % 7),
        today=date.today(),
    )
    conference = fill.conference
    ids = list(
        BridgePoint.objects.filter(conference=conference, is_main=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    DelegateList.objects.filter(pk__in=ids[::3]).update(
        status=RegistrationStatus.SUBMITTED, submitted_at=now
    )
    results = [TestResult.OK, TestResult.OK, TestResult.PROBLEM, TestResult.FAILED]
    ConnectionTest.objects.bulk_create(
        ConnectionTest(
            point_id=pk,
            round=TestRound.FIRST,
            tested_at=now,
            result=results[index % len(results)],
            engineer="Kỹ sư đo hiệu năng",
        )
        for index, pk in enumerate(ids[::2])
    )
    # Freshly bulk-loaded tables have no planner statistics yet; a live database
    # has them (autovacuum), so measure with them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return conference


def calibration_ms() -> float:
    """A fixed pure-Python loop: about 50 ms on an idle core, to read the rest by.

    The machine the bench runs on may be shared; figures taken at ten times this
    are ten times slower than the code is.
    """
    started = time.perf_counter()
    total = 0
    for number in range(1_000_000):
        total += number
    return round((time.perf_counter() - started) * 1000, 1)


def p50(samples):
    return round(statistics.median(samples), 1)


def measure(conference, client) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone
    from pypdf import PdfReader

    from dashboard import compiled, exports

    url = reverse("dashboard:rollup", args=[conference.slug])
    map_url = reverse("dashboard:map", args=[conference.slug])
    assert client.get(url).status_code == 200  # warm caches and templates
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    page_sql = [q["sql"] for q in captured.captured_queries]

    def timed(fn, n=REQUESTS):
        samples = []
        for _ in range(n):
            started = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - started) * 1000)
        return p50(samples)

    dashboard_ms = timed(lambda: client.get(url))
    map_ms = timed(lambda: client.get(map_url))
    checks_url = reverse("dashboard:connection_list", args=[conference.slug])
    checks_ms = timed(lambda: client.get(checks_url))
    day_url = reverse("dashboard:day", args=[conference.slug])
    day_ms = timed(lambda: client.get(day_url, headers={"HX-Request": "true"}))

    def bare_sql():
        # The page's own statements, straight to the database: what it rests on.
        with connection.cursor() as cursor:
            for statement in page_sql:
                if statement.lstrip().upper().startswith("SELECT"):
                    cursor.execute(statement)
                    cursor.fetchall()

    sql_ms = timed(bare_sql)
    now = timezone.now()
    started = time.perf_counter()
    workbook = exports.build_delegates_workbook(conference=conference, now=now)
    xlsx_s = round(time.perf_counter() - started, 2)
    pdf_s, pdf, pdf_job = pdf_through_the_job(client, conference, "export_pdf")
    inline = {}
    if "--inline" in sys.argv[1:]:
        # The same PDF rendered in this process (what a request did before), to
        # compare with the worker's on the same machine at the same moment.
        from dashboard import pdfs

        def cpu_s() -> float:
            own = resource.getrusage(resource.RUSAGE_SELF)
            children = resource.getrusage(resource.RUSAGE_CHILDREN)
            return sum(
                (u.ru_utime + u.ru_stime) for u in (own, children)
            )  # the parts' processes are reaped by the time it returns

        started, cpu = time.perf_counter(), cpu_s()
        pdfs.build_rollup_pdf(conference=conference, now=now)
        inline["pdf_inline_s"] = round(time.perf_counter() - started, 2)
        # CPU seconds, whatever else the machine runs: the wall time on idle
        # cores is about this divided by the cores.
        inline["pdf_inline_cpu_s"] = round(cpu_s() - cpu, 2)
    points = conference.points.filter(is_main=False).count()
    # The printed list of chairs and delegates, up to the size the portal prints
    # (past it, the .xlsx).
    compiled_s = compiled_pages = None
    if points * DELEGATES <= compiled.MAX_DELEGATES:
        compiled_s, listed, _job = pdf_through_the_job(
            client, conference, "export_compiled_pdf"
        )
        compiled_pages = len(PdfReader(io.BytesIO(listed)).pages)
    return {
        "calibration_ms": calibration_ms(),
        "points": points,
        "delegates": points * DELEGATES,
        "queries": len(page_sql),
        "dashboard_ms_p50": dashboard_ms,
        "map_ms_p50": map_ms,
        "connection_list_ms_p50": checks_ms,
        "day_panel_ms_p50": day_ms,
        "sql_ms_p50": sql_ms,
        "dashboard_over_sql": round(dashboard_ms / sql_ms, 2) if sql_ms else None,
        "xlsx_s": xlsx_s,
        "xlsx_bytes": len(workbook.content),
        "pdf_s": pdf_s,
        "pdf_bytes": len(pdf),
        "pdf_pages": pdf_job.total,
        "compiled_pdf_s": compiled_s,
        "compiled_pdf_pages": compiled_pages,
        **inline,
    }


def pdf_through_the_job(client, conference, name: str, timeout_s: float = 600):
    """Press the dashboard's button for a PDF and wait for the worker's file:
    (seconds from the request to the file, the PDF, the job)."""
    from django.core.files.storage import default_storage
    from django.urls import reverse

    from documents.models import RenderJob

    started = time.perf_counter()
    response = client.post(
        reverse(f"dashboard:{name}", args=[conference.slug]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.status_code
    job = RenderJob.objects.filter(conference=conference).order_by("-pk").first()
    while time.perf_counter() - started < timeout_s:
        job.refresh_from_db()
        if job.status in ("done", "failed"):
            break
        time.sleep(0.1)
    elapsed = round(time.perf_counter() - started, 2)
    assert job.status == "done", (job.status, job.error)
    with default_storage.open(job.file_name, "rb") as handle:
        return elapsed, handle.read(), job


def start_worker(env: dict) -> subprocess.Popen:
    """A Celery worker as docker-compose.yml runs it, on this process's queue."""
    from django.conf import settings

    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=WARNING",
            f"--queues={settings.CELERY_TASK_DEFAULT_QUEUE}",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    keep = "--keep" in sys.argv[1:]
    sizes = [63, 3321]
    if "--sizes" in sys.argv:
        sizes = [int(s) for s in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    os.environ["DATABASE_URL"] = fresh_database(server, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["PORTAL_DEMO_MODE"] = "true"

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client

    from accounts.services import sync_role_groups
    from tests import factories
    from tests.otp import login_verified

    settings.DEMO_MODE = True
    settings.ALLOWED_HOSTS = ["testserver"]
    results = []
    worker = start_worker(dict(os.environ))
    try:
        call_command("migrate", verbosity=0)
        sync_role_groups()
        client = Client()
        # The organiser's session has passed two-factor sign-in, as after a login.
        login_verified(client, factories.organiser(username="cchc-bench"))
        for size in sizes:
            conference = seed(size)
            results.append(measure(conference, client))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        connections.close_all()
        if not keep:
            drop_database(server, BENCH_DB)
    last = dict(results[-1])
    last["goals"] = GOALS
    last["sizes"] = {r["points"]: r["dashboard_ms_p50"] for r in results}
    print(json.dumps(last, ensure_ascii=False))


if __name__ == "__main__":
    main()
