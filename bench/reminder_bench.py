"""Time the reminder dispatcher and the sending of every reminder, at 3,321 points.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/reminder_bench.py

Creates the database `portal_reminder_bench` on DATABASE_URL's server (dropping it
first), seeds 3,321 bridge points whose lists are unsent and due tomorrow, each with
one Sở Nội vụ account, times one dispatcher run, then starts a real Celery worker on
Redis (a subprocess, two processes) and times the sending of every reminder to a local
SMTP sink (aiosmtpd, in this process). Prints one JSON object on its last line:
reminders, dispatch_s, send_all_s, duplicates, lost (goal: 0, 0, < 5 s, < 60 s).
`--keep` leaves the database in place afterwards.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_db import drop_database, fresh_database  # noqa: E402

BENCH_DB = "portal_reminder_bench"
POINTS = 3321
WORKER_PROCESSES = 4
DISPATCH_GOAL_S = 5.0
SEND_GOAL_S = 60.0
TIMEOUT_S = 300

WORKER_SETTINGS = """
import os
from config.settings.test import *  # noqa: F401,F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["BENCH_SMTP_PORT"])
CELERY_TASK_DEFAULT_QUEUE = os.environ["BENCH_QUEUE"]
# The sender's "more" nudges too: this worker is the only one.
CELERY_MAIL_QUEUE = CELERY_TASK_DEFAULT_QUEUE
CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = celery_queues(  # noqa: F405
    CELERY_TASK_DEFAULT_QUEUE, CELERY_MAIL_QUEUE
)
"""


def seed(now):
    """A conference of POINTS provinces, lists due tomorrow, one account each."""
    from accounts.enums import Role
    from accounts.models import User
    from conference.enums import UnitKind
    from conference.models import (
        AdministrativeUnit,
        AdministrativeUnitSet,
        BridgePoint,
        Conference,
    )
    from participants.services import open_delegate_lists

    unit_set = AdministrativeUnitSet.objects.create(
        code="bench", name="Bench", effective_from=date(2022, 1, 1)
    )
    units = AdministrativeUnit.objects.bulk_create(
        [
            AdministrativeUnit(
                unit_set=unit_set,
                code=f"{i:05d}",
                name=f"Xã Thử {i}",
                kind=UnitKind.PROVINCE,
            )
            for i in range(1, POINTS + 1)
        ]
    )
    conference = Conference.objects.create(
        slug="bench",
        title="Hội nghị thử tải nhắc việc",
        short_title="Thử tải nhắc việc",
        plan_number="Thử nghiệm",
        main_venue="Số 8 Tôn Thất Thuyết, Hà Nội",
        starts_at=now + timedelta(days=3),
        connection_opens_at=now + timedelta(days=3) - timedelta(minutes=30),
        delegate_list_deadline=now + timedelta(days=1),
        unit_set=unit_set,
    )
    BridgePoint.objects.bulk_create(
        [
            BridgePoint(conference=conference, unit=u, name=f"Điểm cầu {u.name}")
            for u in units
        ],
        batch_size=1000,
    )
    open_delegate_lists(conference=conference)
    User.objects.bulk_create(
        [
            User(
                username=f"snv-{u.code}",
                email=f"snv-{u.code}@bench.invalid",
                role=Role.PROVINCE_STAFF,
                province=u,
                password="!",
            )
            for u in units
        ],
        batch_size=1000,
    )
    return conference


def main() -> None:
    keep = "--keep" in sys.argv[1:]
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    bench_url = fresh_database(server, BENCH_DB)
    os.environ["DATABASE_URL"] = bench_url
    os.environ["REDIS_URL"] = redis_url
    queue = f"portal-reminder-bench-{os.getpid()}"
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = queue
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    from config import celery_app
    from outbox.enums import OutboxState
    from outbox.models import OutboxMessage
    from reminders.services import dispatch_due
    from tests.smtp_sink import SmtpSink

    result: dict = {"points": POINTS}
    worker = None
    sink_context = SmtpSink()
    sink = sink_context.__enter__()
    tmp = tempfile.TemporaryDirectory()
    try:
        call_command("migrate", verbosity=0)
        now = timezone.now()
        seed(now)
        # The dispatcher runs every minute in a worker that has long loaded its URLs
        # and templates: load them first, as that worker has, so one run is timed.
        # The worker starts after the timing: the nudge waits in the queue.
        from django.urls import get_resolver

        from outbox.services import render_mail

        get_resolver().url_patterns  # noqa: B018
        render_mail(
            "reminder_delegate_list",
            {"name": "x", "conference": None, "deadline": now, "point_path": "/"},
        )
        profile = None
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        started = time.monotonic()
        reminders = dispatch_due(now=now)
        result["dispatch_s"] = round(time.monotonic() - started, 3)
        if profile is not None:
            import pstats

            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats(
                "cumulative"
            ).print_stats(35)
            if os.environ.get("BENCH_PROFILE") == "dispatch":
                return
        if os.environ.get("BENCH_PROFILE") == "send":
            import cProfile
            import pstats

            from django.test import override_settings

            from outbox.services import send_queued

            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=sink.port,
            ):
                profile = cProfile.Profile()
                profile.enable()
                started = time.monotonic()
                counts = send_queued(limit=100, budget_seconds=5)
                print(counts, time.monotonic() - started, file=sys.stderr)
                profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(
                30
            )
            return
        result["reminders"] = reminders
        # A second dispatcher run at the same moment writes nothing new.
        result["second_dispatch_new"] = dispatch_due(now=now)

        Path(tmp.name, "bench_worker_settings.py").write_text(WORKER_SETTINGS)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "bench_worker_settings",
            "PYTHONPATH": os.pathsep.join([tmp.name, str(ROOT)]),
            "BENCH_SMTP_PORT": str(sink.port),
            "BENCH_QUEUE": queue,
            "DATABASE_URL": bench_url,
        }
        log = Path(tmp.name, "worker.log").open("w")
        started = time.monotonic()
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                f"--concurrency={WORKER_PROCESSES}",
                "-Q",
                queue,
                "--without-mingle",
                "--without-gossip",
                "--loglevel=WARNING",
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # One sender per worker process; each claims its own rows (SKIP LOCKED).
        for _ in range(WORKER_PROCESSES):
            celery_app.send_task("outbox.send_queued", queue=queue)
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            done = OutboxMessage.objects.exclude(
                state__in=[OutboxState.QUEUED, OutboxState.SENDING]
            ).count()
            if done >= reminders and len(sink.received) >= reminders:
                break
            if worker.poll() is not None:
                break
            time.sleep(0.2)
        result["send_all_s"] = round(time.monotonic() - started, 3)
        time.sleep(1.0)  # anything sent twice would arrive now
        delivered = Counter(sink.recipients())
        expected = set(
            OutboxMessage.objects.filter(key__startswith="reminder:").values_list(
                "recipient", flat=True
            )
        )
        result["delivered"] = sum(delivered.values())
        result["duplicates"] = sum(n - 1 for n in delivered.values() if n > 1)
        result["lost"] = len(expected - set(delivered))
        result["failed"] = OutboxMessage.objects.filter(
            state=OutboxState.FAILED
        ).count()
        result["dispatch_goal_s"] = DISPATCH_GOAL_S
        result["send_goal_s"] = SEND_GOAL_S
        result["ok"] = (
            result["duplicates"] == 0
            and result["lost"] == 0
            and result["dispatch_s"] < DISPATCH_GOAL_S
            and result["send_all_s"] < SEND_GOAL_S
        )
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        try:
            with celery_app.connection_for_write() as conn:
                conn.default_channel.queue_purge(queue)
        except Exception:  # noqa: BLE001 — the queue may not exist
            pass
        sink_context.__exit__(None, None, None)
        tmp.cleanup()
        connections.close_all()
        if not keep:
            drop_database(server, BENCH_DB)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
