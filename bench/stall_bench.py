"""Can one user stall the site? Time a login while five roll-up PDFs are requested.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/stall_bench.py

Issue 16 (5): five parallel downloads of the roll-up PDF at 3,321 points held all
three gunicorn workers; a login waited 85 s, one request ended in a 500 at the
worker timeout. The PDFs are now background jobs: the request creates the job (one
per user and kind) and a Celery worker renders it.

The bench runs what docker-compose.yml runs, on this machine: gunicorn with 3 sync
workers (timeout 120 s) and a Celery worker (prefork, one child per core) on
PostgreSQL and Redis, under `config.settings.local` with DEBUG off (real password
hashing). It creates the database `portal_stall_bench` (dropped after, unless
`--keep`), seeds a conference of 3,321 points × 30 delegates (`seed_demo`), signs
in an organiser, fires five roll-up requests at once and, while the PDF is made,
signs another user in every two seconds. Then it waits for the job, downloads the
PDF and prints one JSON object on its last line.

`--points N` seeds another size. `--code DIR` serves another checkout of the portal
(e.g. the code before the fix, `git worktree add /tmp/old <commit>`): where the
roll-up answers GET (before), the five requests are GETs of the PDF itself.
"""

import http.cookiejar
import io
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_db import drop_database, fresh_database  # noqa: E402
from dashboard_bench import calibration_ms  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "portal_stall_bench")
PASSWORD = "stall-bench-only-123"
REQUESTS = 5
LOGIN_EVERY_S = 2.0
JOB_TIMEOUT_S = 300
GOALS = {"login_s_max": 2.0, "pdf_job_s": 30}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(code: Path, env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


SETUP = """
from accounts.enums import Role
from accounts.models import User
from accounts.services import assign_role
from conference.models import Conference
for name in ("cchc-stall", "cchc-login"):
    user = User.objects.filter(username=name).first() or User(username=name)
    user.set_password({password!r})
    user.save()
    assign_role(user=user, role=Role.ORGANISER)
print(Conference.objects.order_by("-pk").values_list("slug", flat=True)[0])
"""


class Browser:
    """A session with cookies and the CSRF token, as a browser holds them."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar)
        )

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def open(self, path: str, data: dict | None = None, headers=None, timeout=300):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=body,
            headers={"Referer": self.base + "/", **(headers or {})},
        )
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read(), response.geturl()
        except urllib.error.HTTPError as error:
            return error.code, error.read(), path

    def login(self, username: str) -> int:
        self.open("/login/")
        status, _body, url = self.open(
            "/login/",
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.csrf(),
            },
        )
        return status if "/login/" not in url else 401


def wait_until_serving(base: str, process: subprocess.Popen, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited at start-up")
        try:
            urllib.request.urlopen(base + "/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer")


def run(code: Path, points: int) -> dict:
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    database = fresh_database(server, BENCH_DB)
    queue = f"stall-bench-{os.getpid()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database,
        "REDIS_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    result: dict = {"calibration_ms": calibration_ms(), "points": points}
    processes: list[subprocess.Popen] = []
    try:
        started = time.perf_counter()
        manage(code, env, "migrate", "--verbosity=0")
        manage(code, env, "compilemessages", "-l", "vi", "--ignore=.venv")
        manage(code, env, "seed_demo", "--points", str(points), "--delegates", "30")
        slug = manage(code, env, "shell", "-c", SETUP.format(password=PASSWORD))
        slug = slug.strip().splitlines()[-1]
        result["seed_s"] = round(time.perf_counter() - started, 1)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    f"--bind=127.0.0.1:{port}",
                    "--workers=3",
                    "--timeout=120",
                ],
                cwd=code,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--loglevel=WARNING",
                    f"--queues={queue}",
                ],
                cwd=code,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        wait_until_serving(base, processes[0])
        organiser = Browser(base)
        assert organiser.login("cchc-stall") == 200
        idle = []
        for _ in range(3):  # the same login with nothing else running
            began = time.perf_counter()
            assert Browser(base).login("cchc-login") == 200
            idle.append(time.perf_counter() - began)
        result["login_idle_s_p50"] = round(statistics.median(idle), 2)
        url = f"/conferences/{slug}/rollup/rollup.pdf"
        # Before the fix the dashboard linked to the PDF (a GET rendered it); now
        # its button posts to start the job.
        dashboard = organiser.open(f"/conferences/{slug}/rollup/")[1].decode()
        synchronous = f'hx-post="{url}"' not in dashboard
        result["mode"] = "GET, rendered in the request" if synchronous else "POST, job"
        answers: list[tuple[int, float, bytes]] = []
        go = threading.Barrier(REQUESTS + 1)

        def request() -> None:
            go.wait()
            began = time.perf_counter()
            if synchronous:
                status, body, _url = organiser.open(url, timeout=300)
            else:
                status, body, _url = organiser.open(
                    url,
                    {"csrfmiddlewaretoken": organiser.csrf()},
                    headers={"HX-Request": "true"},
                )
            answers.append((status, time.perf_counter() - began, body))

        threads = [threading.Thread(target=request) for _ in range(REQUESTS)]
        for thread in threads:
            thread.start()
        go.wait()
        fired = time.perf_counter()
        logins: list[float] = []
        statuses: list[int] = []
        job_s = None
        job_path = None
        while time.perf_counter() - fired < JOB_TIMEOUT_S:
            time.sleep(LOGIN_EVERY_S if logins else 0.5)
            began = time.perf_counter()
            statuses.append(Browser(base).login("cchc-login"))
            logins.append(time.perf_counter() - began)
            done_requests = all(not t.is_alive() for t in threads)
            if synchronous:
                if done_requests:
                    job_s = time.perf_counter() - fired
                    break
                continue
            if not done_requests:
                continue
            match = re.search(rb'hx-get="([^"]+)"', answers[0][2])
            job_path = job_path or (match.group(1).decode() if match else None)
            if job_path is None:
                break
            progress = organiser.open(job_path, timeout=10)[1]
            if b'data-testid="job-rollup_pdf-file"' in progress:
                job_s = time.perf_counter() - fired
                file_path = re.search(rb'href="([^"]+/download/)"', progress)
                pdf = organiser.open(file_path.group(1).decode())[1]
                answers.append((200, 0.0, pdf))
                break
            if b"job-rollup_pdf-error" in progress:
                result["job_error"] = re.sub(rb"<[^>]+>", b" ", progress).decode()
                break
        for thread in threads:
            thread.join(timeout=300)
        request_answers = answers[:REQUESTS]
        pdf = next((body for _s, _t, body in answers if body[:5] == b"%PDF-"), b"")
        from pypdf import PdfReader

        result.update(
            request_statuses=sorted(status for status, _t, _b in request_answers),
            request_s_max=round(max(t for _s, t, _b in request_answers), 2),
            logins=len(logins),
            login_statuses=sorted(set(statuses)),
            login_s_p50=round(statistics.median(logins), 2),
            login_s_max=round(max(logins), 2),
            pdf_job_s=round(job_s, 1) if job_s else None,
            pdf_pages=len(PdfReader(io.BytesIO(pdf)).pages) if pdf else None,
            pdf_bytes=len(pdf),
        )
        if not synchronous:
            count = manage(
                code,
                env,
                "shell",
                "-c",
                "from documents.models import RenderJob;"
                "print(RenderJob.objects.filter(kind='rollup_pdf').count())",
            )
            result["jobs_created"] = int(count.strip().splitlines()[-1])
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if "--keep" not in sys.argv[1:]:
            drop_database(server, BENCH_DB)
    return result


def main() -> None:
    points = 3321
    code = ROOT
    if "--points" in sys.argv:
        points = int(sys.argv[sys.argv.index("--points") + 1])
    if "--code" in sys.argv:
        code = Path(sys.argv[sys.argv.index("--code") + 1]).resolve()
    result = run(code, points)
    result["goals"] = GOALS
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
