"""Issue #20: a backup restores into an empty database with every delegate, every
outbox row and every uploaded or rendered file; on disk and from an S3 bucket."""

import os
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from config.backups import stored_names
from documents.services import files
from outbox.services import enqueue_mail
from participants.models import Delegate
from tests import factories
from tests.s3 import start_s3_server, stop_s3_server

ROOT = Path(settings.BASE_DIR)
PDF = b"%PDF-1.7\n% ke hoach\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"


def _server_url(database: str) -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return (
        f"postgres://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/{database}"
    )


def _admin(sql: str) -> None:
    conn = psycopg2.connect(_server_url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    yield name
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(script: str, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / script), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _env(*, database: str, media: Path, extra: dict | None = None) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_", "BACKUP_"))
    }
    env.update(
        # As the compose stack runs it.
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="backup-test-" + "x" * 50,
        PORTAL_BASE_URL="https://hoinghi.example.gov.vn",
        DATABASE_URL=_server_url(database),
        DJANGO_MEDIA_ROOT=str(media),
        PYTHON=str(Path(os.sys.executable)),
        **(extra or {}),
    )
    return env


def _portal_data(conference_points: int = 3):
    conference = factories.ConferenceFactory()
    factories.MainPointFactory(conference=conference)
    for index in range(conference_points):
        unit = factories.UnitFactory(
            unit_set=conference.unit_set, code=f"{index + 1:02d}", name=f"Tỉnh {index}"
        )
        point = factories.BridgePointFactory(conference=conference, unit=unit)
        for _ in range(4):
            factories.DelegateFactory(point=point)
        enqueue_mail(
            key=f"backup-test:{index}",
            recipients=[f"snv{index}@tinh.gov.vn"],
            template="delegate_list_reopened",
            context={"point": {"name": point.name}, "point_path": "/points/1/"},
        )
    files.upload_file(
        conference=conference,
        kind="scheme",
        title="Kế hoạch 5774",
        upload=SimpleUploadedFile("Ke hoach 5774.pdf", PDF, "application/pdf"),
        by=None,
    )
    default_storage.save(
        "documents/cache/1/invitation/abc.pdf", SimpleUploadedFile("x", PDF[::-1])
    )
    return conference


def _rows(url: str) -> dict[str, set]:
    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT id, full_name, point_id FROM participants_delegate")
            delegates = set(cursor.fetchall())
            cursor.execute("SELECT id, key, recipient, state FROM outbox_outboxmessage")
            outbox = set(cursor.fetchall())
            cursor.execute("SELECT file FROM conference_conferencedocument")
            files = {row[0] for row in cursor.fetchall()}
    finally:
        conn.close()
    return {"delegates": delegates, "outbox": outbox, "document_files": files}


def _files(storage) -> dict[str, bytes]:
    result = {}
    for name in stored_names(storage):
        with storage.open(name, "rb") as handle:
            result[name] = handle.read()
    return result


def test_a_backup_restores_into_an_empty_database_with_everything(
    transactional_db, settings, tmp_path, empty_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    _portal_data()
    source = _env(
        database=connection.settings_dict["NAME"],
        media=tmp_path / "media",
        extra={"BACKUP_DIR": str(tmp_path / "backups")},
    )
    before = _rows(source["DATABASE_URL"])
    files_before = _files(default_storage)

    backup = _run("backup.sh", env=source)
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    restore = _run(
        "restore.sh",
        str(folder),
        env=_env(database=empty_database, media=tmp_path / "restored-media"),
    )
    assert restore.returncode == 0, restore.stderr

    after = _rows(_server_url(empty_database))
    assert len(before["delegates"]) == 12 and len(before["outbox"]) == 3
    assert after == before
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    assert _files(default_storage) == files_before
    assert len(files_before) == 2
    assert before["document_files"] <= set(files_before)
    assert sorted(p.name for p in folder.iterdir()) == [
        "BACKUP",
        "SHA256SUMS",
        "database.dump",
        "media.tar",
    ]


def test_restore_refuses_a_database_that_has_tables(
    transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    env = _env(
        database=connection.settings_dict["NAME"],
        media=tmp_path / "media",
        extra={"BACKUP_DIR": str(tmp_path / "backups")},
    )
    folder = _run("backup.sh", env=env).stdout.strip().splitlines()[-1]

    restore = _run("restore.sh", folder, env=env)

    assert restore.returncode == 3
    assert "restore into an empty one" in restore.stderr
    assert Delegate.objects.count() == 0  # nothing touched


def _utc_stamp() -> str:
    """The name backup.sh gives a backup started now."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def test_backups_keep_the_newest_n_and_a_damaged_one_is_refused(
    transactional_db, settings, tmp_path, empty_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    env = _env(
        database=connection.settings_dict["NAME"],
        media=tmp_path / "media",
        extra={"BACKUP_DIR": str(tmp_path / "backups"), "BACKUP_KEEP": "2"},
    )
    made = []
    for _ in range(3):
        made.append(_run("backup.sh", env=env).stdout.strip().splitlines()[-1])
        # A backup is named by its UTC second: the next one starts in a later
        # second (a backup itself takes about that long, so mostly no wait).
        while _utc_stamp() <= Path(made[-1]).name:
            time.sleep(0.05)
    kept = sorted(str(p) for p in (tmp_path / "backups").iterdir())
    assert kept == made[1:]

    (Path(made[-1]) / "media.tar").write_bytes(b"damaged")
    restore = _run(
        "restore.sh", made[-1], env=_env(database=empty_database, media=tmp_path / "r")
    )
    assert restore.returncode == 2
    assert "damaged" in restore.stderr


def test_a_backup_of_an_s3_bucket_restores_into_another_bucket(
    transactional_db, settings, tmp_path, empty_database
):
    server = start_s3_server(tmp_path / "moto.log")
    try:
        server.create_bucket("nguon")
        server.create_bucket("dich")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": server.storage_settings("nguon"),
        }
        _portal_data(conference_points=1)
        files_before = _files(default_storage)
        source = _env(
            database=connection.settings_dict["NAME"],
            media=tmp_path / "unused",
            extra={
                "BACKUP_DIR": str(tmp_path / "backups"),
                **server.environment("nguon"),
            },
        )
        backup = _run("backup.sh", env=source)
        assert backup.returncode == 0, backup.stderr
        restore = _run(
            "restore.sh",
            backup.stdout.strip().splitlines()[-1],
            env=_env(
                database=empty_database,
                media=tmp_path / "unused",
                extra=server.environment("dich"),
            ),
        )
        assert restore.returncode == 0, restore.stderr

        settings.STORAGES = {
            **settings.STORAGES,
            "default": server.storage_settings("dich"),
        }
        assert _files(default_storage) == files_before
        assert server.keys("dich") == server.keys("nguon") == sorted(files_before)
        assert not (tmp_path / "unused").exists()
    finally:
        stop_s3_server(server)
