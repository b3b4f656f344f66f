"""Measure a backup and a restore: the recovery point and the recovery time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/backup_bench.py

Creates `portal_backup_bench` on DATABASE_URL's server (dropping it first), fills it
with 3,321 points × 30 delegates (the communes after 2025, 99,630 delegates), one
outbox row per point and 20 MiB of stored files, then runs scripts/backup.sh and
scripts/restore.sh into a second, empty database (`portal_backup_bench_restored`)
and checks that every delegate, outbox row and file came back. `--points N` picks
another size. Prints one JSON object on its last line:

- `backup_s`: how long one backup takes (pg_dump, then the files);
- `restore_s`: how long restoring it into an empty database takes: the recovery
  time, to which starting the containers adds seconds;
- `rpo_s`: the recovery point at compose's default schedule: at worst the data of
  one interval (6 h) plus the duration of the backup that was running.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_db import drop_database, fresh_database  # noqa: E402

BENCH_DB = "portal_backup_bench"
RESTORED_DB = "portal_backup_bench_restored"
DELEGATES = 30
FILES = 100
FILE_BYTES = 200 * 1024
INTERVAL_S = 21600  # docker-compose.yml's BACKUP_INTERVAL_SECONDS default


def seed(points: int, media: Path) -> dict:
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from outbox.models import OutboxMessage
    from outbox.services import enqueue_mail
    from participants.models import Delegate
    from plans.services.demo import fill_demo_conference

    settings.MEDIA_ROOT = media
    fill = fill_demo_conference(
        points=points,
        delegates=DELEGATES,
        day=date.today() + timedelta(days=10),
        today=date.today(),
    )
    for point in fill.conference.points.filter(is_main=False).only("pk", "name"):
        enqueue_mail(
            key=f"backup-bench:{point.pk}",
            recipients=[f"point{point.pk}@tinh.gov.vn"],
            template="delegate_list_reopened",
            context={"point": {"name": point.name}, "point_path": "/points/1/"},
        )
    for index in range(FILES):
        default_storage.save(
            f"documents/bench/{index:03d}.pdf", ContentFile(os.urandom(FILE_BYTES))
        )
    return {
        "delegates": Delegate.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


def counts(url: str) -> dict:
    import psycopg2

    connection = psycopg2.connect(url)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM participants_delegate")
        delegates = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM outbox_outboxmessage")
        outbox = cursor.fetchone()[0]
    connection.close()
    return {"delegates": delegates, "outbox": outbox}


def run(script: str, *args: str, env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{script} failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stdout.strip().splitlines()[-1]


def main() -> None:
    points = 3321
    if "--points" in sys.argv:
        points = int(sys.argv[sys.argv.index("--points") + 1])
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    source_url = fresh_database(server, BENCH_DB)
    restored_url = fresh_database(server, RESTORED_DB)
    os.environ["DATABASE_URL"] = source_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["PORTAL_DEMO_MODE"] = "true"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    work = Path(tempfile.mkdtemp(prefix="portal-backup-bench-"))
    base_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BACKUP_"))
    }
    base_env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="backup-bench-" + "x" * 50,
        PORTAL_BASE_URL="https://hoinghi.example.gov.vn",
        PYTHON=sys.executable,
        BACKUP_DIR=str(work / "backups"),
    )
    try:
        call_command("migrate", verbosity=0)
        seeded = seed(points, work / "media")
        connections.close_all()
        backup_s, folder = run(
            "backup.sh",
            env={
                **base_env,
                "DATABASE_URL": source_url,
                "DJANGO_MEDIA_ROOT": str(work / "media"),
            },
        )
        restore_s, _ = run(
            "restore.sh",
            folder,
            env={
                **base_env,
                "DATABASE_URL": restored_url,
                "DJANGO_MEDIA_ROOT": str(work / "restored"),
            },
        )
        restored = counts(restored_url)
        files = sorted(p.name for p in (work / "restored").rglob("*.pdf"))
        dump = Path(folder) / "database.dump"
        tar = Path(folder) / "media.tar"
        result = {
            "points": points,
            "delegates": seeded["delegates"],
            "outbox_rows": seeded["outbox"],
            "files": FILES,
            "dump_mib": round(dump.stat().st_size / 2**20, 1),
            "media_mib": round(tar.stat().st_size / 2**20, 1),
            "backup_s": round(backup_s, 1),
            "restore_s": round(restore_s, 1),
            "rpo_s": INTERVAL_S + round(backup_s),
            "rto_s": round(restore_s),
            "everything_restored": restored == seeded and len(files) == FILES,
        }
    finally:
        connections.close_all()
        drop_database(server, BENCH_DB)
        drop_database(server, RESTORED_DB)
        subprocess.run(["rm", "-rf", str(work)], check=False)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
