"""Load test: provinces editing their lists while the Ministry watches, over HTTP.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/load_test.py                      # 63 points, 63 + 5 users, 60 s
    .venv/bin/python bench/load_test.py --points 3321 --users 300 --ministry 5 --seconds 60

A fresh database (`portal_load_<pid>`, dropped after) is migrated and filled with a
conference of --points bridge points of 5 delegates each (a chair among them), one
province account per point and --ministry Vụ CCHC accounts, all signed in (two-factor
passed for the Ministry's) before the clock starts. gunicorn then serves the
production settings on loopback (--workers sync workers, --threads each), and
Locust, as a library, runs for --seconds:

- --users province users (one per point, the first points), each in a loop: open
  its point page, open the add form, add a delegate, open one delegate's form,
  save it; the first loop it starts past half the run opens the submit page and
  submits its list instead, after which it only reads its page. A person's pause of --think seconds
  (2–5) between two requests: reading a page, typing a form.
- --ministry users refreshing the roll-up dashboard and the day view's polled
  panel, a second longer apart.

Every write is checked in the database afterwards: rows_expected is the delegates
the provinces were told were saved (302 after the POST) plus the seeded ones, and
rows_found the delegates in the database; the same for submitted lists. Prints
progress, then one JSON object on its last line. Goal on 2 cores with 63 points:
0 failures, rows_found == rows_expected, p95 under 300 ms.

`--profile` runs one gunicorn worker under cProfile and prints its top functions
(for finding the first bottleneck at 3,321 points).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SERVER_SETTINGS = """
from config.settings.production import *  # noqa: F401,F403
from config.settings.production import STORAGES as _STORAGES

# No collectstatic before a run: the pages' static files are not requested anyway.
STORAGES = {
    **_STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
"""

PROFILE_CONFIG = """
import cProfile, os, pstats

def post_fork(server, worker):
    worker.profiler = cProfile.Profile()
    worker.profiler.enable()

def worker_exit(server, worker):
    worker.profiler.disable()
    stats = pstats.Stats(worker.profiler)
    stats.dump_stats(os.environ["PORTAL_PROFILE_OUT"] + f".{worker.pid}")
"""

SECRET_KEY = "load-test-only-" + "k" * 50


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def calibration_ms() -> float:
    """A fixed pure-Python loop: ~50 ms on an idle core (see dashboard_bench)."""
    started = time.perf_counter()
    total = 0
    for number in range(1_000_000):
        total += number
    return round((time.perf_counter() - started) * 1000, 1)


# ---------------------------------------------------------------- preparation


def prepare(out: Path, points: int, ministry: int, users: int) -> None:
    """(In a child process, with Django.) Fill the database; write the sessions."""
    import django

    django.setup()
    from datetime import date, timedelta

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from accounts.services import sync_role_groups
    from conference.models import BridgePoint
    from participants.models import Delegate
    from plans.services.demo import fill_demo_conference
    from tests import factories
    from tests.otp import login_verified

    call_command("migrate", verbosity=0)
    sync_role_groups()
    fill = fill_demo_conference(
        points=points,
        delegates=5,
        day=date.today() + timedelta(days=21),
        today=date.today(),
    )
    conference = fill.conference
    province_points = list(
        BridgePoint.objects.filter(conference=conference, is_main=False)
        .select_related("unit")
        .order_by("unit__code")
    )
    provinces = []
    for point in province_points[:users]:
        user = factories.province_staff(point.unit, username=f"load-{point.unit.code}")
        session = login_verified(Client(), user).cookies["sessionid"].value
        provinces.append({"point": point.pk, "session": session})
    organisers = []
    for index in range(ministry):
        user = factories.organiser(username=f"load-cchc-{index}")
        organisers.append(login_verified(Client(), user).cookies["sessionid"].value)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out.write_text(
        json.dumps(
            {
                "slug": conference.slug,
                "provinces": provinces,
                "ministry": organisers,
                "delegates": Delegate.objects.count(),
            }
        )
    )


# ---------------------------------------------------------------- the users


def run_load(
    *,
    base: str,
    data: dict,
    users: int,
    ministry: int,
    seconds: int,
    think: tuple[float, float],
):
    """(After gevent's monkey patching.) Run Locust; return its stats and counts."""
    import html

    import gevent
    from locust import HttpUser, between, task
    from locust.env import Environment

    counts = {"added": 0, "submitted": 0}
    pool = list(data["provinces"][:users])
    started = {"at": None}
    slug = data["slug"]
    csrf_pattern = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    version_pattern = re.compile(r'name="version" value="(\d+)"')
    list_version_pattern = re.compile(r'name="list_version" value="(\d+)"')

    def post_ok(client, url, data, name, expect=302):
        with client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} instead of {expect}")
                return False
            response.success()
            return True

    class ProvinceUser(HttpUser):
        """One province's staff member: one request per step, a person's pause
        between steps (reading the page, typing the form)."""

        fixed_count = users
        wait_time = between(*think)

        def on_start(self):
            mine = pool.pop()
            # A new connection per request, as a proxy without upstream keep-alive
            # opens: a kept one idles past gunicorn's keep-alive during the pause
            # and races its closing (the client, not the portal, would fail).
            self.client.headers["Connection"] = "close"
            self.point = mine["point"]
            self.client.cookies.set("sessionid", mine["session"])
            self.serial = 0
            self.steps = iter(())
            self.submitted = False
            self.token = ""
            self.form = ""
            self.delegates: list[str] = []
            self.edit_pattern = re.compile(
                rf"/points/{self.point}/delegates/(\d+)/edit/"
            )

        @task
        def next_step(self):
            step = next(self.steps, None)
            if step is None:
                elapsed = time.monotonic() - started["at"]
                if self.submitted:
                    plan = ("page",)
                elif elapsed > seconds * 0.5:
                    plan = ("page", "submit_form", "submit")
                else:
                    plan = ("page", "add_form", "add", "edit_form", "edit")
                self.steps = iter(plan)
                step = next(self.steps)
            getattr(self, step)()

        def get_form(self, url, name):
            response = self.client.get(url, name=name)
            self.form = response.text or ""
            found = csrf_pattern.search(self.form)
            self.token = found.group(1) if found else ""

        def page(self):
            response = self.client.get(f"/points/{self.point}/", name="point page")
            # The chair first: edit any other.
            self.delegates = self.edit_pattern.findall(response.text or "")[1:]

        def add_form(self):
            self.get_form(f"/points/{self.point}/delegates/add/", "add delegate form")

        def add(self):
            self.serial += 1
            if post_ok(
                self.client,
                f"/points/{self.point}/delegates/add/",
                {
                    "csrfmiddlewaretoken": self.token,
                    "version": "",
                    "full_name": f"Đại Biểu Tải {self.point}-{self.serial}",
                    "position": "Chuyên viên",
                    "agency": "home_affairs",
                    "agency_other": "",
                    "phone": "",
                    "email": "",
                    "role": "attendee",
                    "save": "Lưu",
                },
                "add delegate",
            ):
                counts["added"] += 1

        def edit_form(self):
            self.editing = None
            if self.delegates:
                self.editing = self.delegates[self.serial % len(self.delegates)]
                self.get_form(
                    f"/points/{self.point}/delegates/{self.editing}/edit/",
                    "edit delegate form",
                )

        def edit(self):
            version = version_pattern.search(self.form)
            name = re.search(r'name="full_name"[^>]*value="([^"]*)"', self.form)
            if not (self.editing and version and name):
                return
            post_ok(
                self.client,
                f"/points/{self.point}/delegates/{self.editing}/edit/",
                {
                    "csrfmiddlewaretoken": self.token,
                    "version": version.group(1),
                    "full_name": html.unescape(name.group(1)),
                    "position": f"Chuyên viên chính {self.serial}",
                    "agency": "home_affairs",
                    "agency_other": "",
                    "phone": "",
                    "email": "",
                    "role": "attendee",
                    "save": "Lưu",
                },
                "edit delegate",
            )

        def submit_form(self):
            self.get_form(f"/points/{self.point}/submit/", "submit form")

        def submit(self):
            version = list_version_pattern.search(self.form)
            if version and post_ok(
                self.client,
                f"/points/{self.point}/submit/",
                {"csrfmiddlewaretoken": self.token, "list_version": version.group(1)},
                "submit list",
            ):
                self.submitted = True
                counts["submitted"] += 1

    sessions = list(data["ministry"][:ministry])

    class MinistryUser(HttpUser):
        fixed_count = ministry
        wait_time = between(think[0] + 1, think[1] + 1)

        def on_start(self):
            self.client.headers["Connection"] = "close"
            self.client.cookies.set("sessionid", sessions.pop())

        @task(2)
        def dashboard(self):
            self.client.get(f"/conferences/{slug}/rollup/", name="dashboard")

        @task(3)
        def day_view(self):
            self.client.get(
                f"/conferences/{slug}/day/",
                name="day view (polled)",
                headers={"HX-Request": "true"},
            )

    ProvinceUser.host = MinistryUser.host = base
    classes = [cls for cls, n in ((ProvinceUser, users), (MinistryUser, ministry)) if n]
    # At the end each user finishes the request it is making: none is cut off.
    env = Environment(user_classes=classes, stop_timeout=30)
    runner = env.create_local_runner()
    started["at"] = time.monotonic()
    # Everyone arrives within the first 10 seconds, or the first half of a shorter run.
    arrival = min(10, seconds / 2)
    runner.start(users + ministry, spawn_rate=max(1, (users + ministry) / arrival))
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    elapsed = time.monotonic() - started["at"]
    total = env.stats.total
    per_name = {
        name: {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": round(entry.get_response_time_percentile(0.5) or 0),
            "p95_ms": round(entry.get_response_time_percentile(0.95) or 0),
        }
        for (name, _method), entry in sorted(env.stats.entries.items())
    }
    errors = [
        f"{e.method} {e.name}: {e.error} ×{e.occurrences}"
        for e in env.stats.errors.values()
    ]
    return {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": round(total.num_requests / elapsed, 1),
        "p50_ms": round(total.get_response_time_percentile(0.5) or 0),
        "p95_ms": round(total.get_response_time_percentile(0.95) or 0),
        "p99_ms": round(total.get_response_time_percentile(0.99) or 0),
        "max_ms": round(total.max_response_time or 0),
        "added": counts["added"],
        "submitted": counts["submitted"],
        "by_request": per_name,
        "errors": errors[:10],
    }


# ---------------------------------------------------------------- orchestration


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=63)
    parser.add_argument("--users", type=int, help="province users (default: points)")
    parser.add_argument("--ministry", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--think",
        default="2,5",
        help="seconds a person pauses between two requests, min,max (default 2,5)",
    )
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, args.points, args.ministry, args.users or args.points)
        return
    users = min(args.users or args.points, args.points)

    from bench_db import drop_database, fresh_database

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    name = f"portal_load_{os.getpid()}"
    database_url = fresh_database(server, name)
    work = Path(tempfile.mkdtemp(prefix="portal-load-"))
    (work / "load_server_settings.py").write_text(SERVER_SETTINGS)
    queue = f"portal-load-{os.getpid()}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PORTAL_", "CELERY_", "AWS_"))
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(work), str(ROOT)]),
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        DJANGO_SECRET_KEY=SECRET_KEY,
        CELERY_TASK_DEFAULT_QUEUE=queue,
        DJANGO_MEDIA_ROOT=str(work / "media"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    gunicorn = None
    load_before = os.getloadavg()
    try:
        prepared = subprocess.run(
            [sys.executable, __file__, "--prepare", str(work / "data.json"),
             "--points", str(args.points), "--ministry", str(args.ministry),
             "--users", str(users)],
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.test",
                 "PORTAL_DEMO_MODE": "true"},
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
        if prepared.returncode:
            raise SystemExit(f"preparation failed:\n{prepared.stderr[-3000:]}")
        data = json.loads((work / "data.json").read_text())
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "load_server_settings",
            "PORTAL_BASE_URL": "https://hoinghi.example.gov.vn",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_COOKIES": "false",
            "PORTAL_PROFILE_OUT": str(work / "profile"),
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={1 if args.profile else args.workers}",
            # cProfile sees the main thread only: a sync worker for --profile.
            f"--threads={1 if args.profile else args.threads}",
            "--timeout=120",
        ]
        if args.profile:
            (work / "gunicorn_profile.py").write_text(PROFILE_CONFIG)
            command.append("--config=python:gunicorn_profile")
        log = (work / "gunicorn.log").open("w")
        gunicorn = subprocess.Popen(
            command, env=server_env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if gunicorn.poll() is not None or time.monotonic() > deadline:
                raise SystemExit((work / "gunicorn.log").read_text()[-3000:])
            time.sleep(0.2)
        warm_up(base, data)
        calibration = calibration_ms()
        print(
            f"load test: {args.points} points, {users} province + {args.ministry} "
            f"Ministry users, {args.seconds} s, gunicorn {args.workers}×{args.threads}; "
            f"load average {load_before[0]:.1f}",
            flush=True,
        )
        # Locust patches the standard library for gevent: only now, in this
        # process, after every Django-side step ran elsewhere.
        from gevent import monkey

        monkey.patch_all()
        stats = run_load(
            base=base,
            data=data,
            users=users,
            ministry=args.ministry,
            seconds=args.seconds,
            think=tuple(float(x) for x in args.think.split(",")),
        )
        gunicorn.terminate()
        gunicorn.wait(30)
        gunicorn = None
        found = counts(database_url)
        result = {
            "points": args.points,
            "province_users": users,
            "ministry_users": args.ministry,
            "seconds": args.seconds,
            "gunicorn": f"{args.workers}x{args.threads}",
            "think_s": args.think,
            **{k: stats[k] for k in ("requests", "failures", "rps", "p50_ms",
                                      "p95_ms", "p99_ms", "max_ms")},
            "rows_expected": data["delegates"] + stats["added"],
            "rows_found": found["delegates"],
            "submitted_expected": stats["submitted"],
            "submitted_found": found["submitted"],
            "load_average_before": round(load_before[0], 2),
            "calibration_ms": calibration,
            "by_request": stats["by_request"],
            "errors": stats["errors"],
        }  # fmt: skip
        if args.profile:
            result["profile_top"] = profile_top(work)
    finally:
        if gunicorn is not None:
            gunicorn.kill()
            gunicorn.wait()
        try:
            import redis

            redis.Redis.from_url(redis_url).delete(queue)
        except Exception:  # noqa: BLE001 — only tidying
            pass
        drop_database(server, name)
        subprocess.run(["rm", "-rf", str(work)], check=False)
    print(json.dumps(result, ensure_ascii=False))


def warm_up(base: str, data: dict) -> None:
    """Load each page a few times, so the workers' first requests (templates,
    translations) are not measured."""
    province = data["provinces"][-1]
    pages = [
        (province["session"], f"/points/{province['point']}/"),
        (province["session"], f"/points/{province['point']}/delegates/add/"),
    ]
    if data["ministry"]:
        pages += [
            (data["ministry"][-1], f"/conferences/{data['slug']}/rollup/"),
            (data["ministry"][-1], f"/conferences/{data['slug']}/day/"),
        ]
    for _round in range(8):
        for session, path in pages:
            request = urllib.request.Request(
                base + path, headers={"Cookie": f"sessionid={session}"}
            )
            with urllib.request.urlopen(request, timeout=60) as answer:
                answer.read()


def counts(database_url: str) -> dict:
    import psycopg2

    connection = psycopg2.connect(database_url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM participants_delegate")
        delegates = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM participants_delegatelist WHERE status = 'submitted'"
        )
        submitted = cursor.fetchone()[0]
    connection.close()
    return {"delegates": delegates, "submitted": submitted}


def profile_top(work: Path, limit: int = 20) -> list[str]:
    """The worker's hottest functions by own time, then the portal's own by
    cumulative time: where a request's time goes."""
    import io
    import pstats

    files = sorted(str(p) for p in work.glob("profile.*"))
    if not files:
        return []
    lines = []
    for order, pattern in (("tottime", ""), ("cumulative", str(ROOT) + "/(?!\\.venv)")):
        out = io.StringIO()
        stats = pstats.Stats(*files, stream=out)
        stats.sort_stats(order).print_stats(pattern, limit) if pattern else (
            stats.sort_stats(order).print_stats(limit)
        )
        text = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next(
            (i for i, line in enumerate(text) if line.lstrip().startswith("ncalls")), 0
        )
        lines += [f"-- by {order}"] + text[start : start + limit + 1]
    return lines


if __name__ == "__main__":
    main()
