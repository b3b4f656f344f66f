"""Time the preview of an Excel upload of 5,000 refused rows, on a fresh database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/import_preview_bench.py

Issue 16 (5): a province's 5,000-row invalid file made a 25 MB preview page (a
correction form under every row) that took 38 s. The preview now shows one page
of rows, those with errors first, with the counts of the whole file. Uploads the
file through the page (read and checked once, kept with the import), then times
the first page, a far page and one row corrected in the page (which checks every
row again). Creates the database `portal_preview_bench` (dropped after, unless
`--keep`). Prints one JSON object on its last line.

Goal: each page under 200 KB and 1 s.
"""

import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_db import drop_database, fresh_database  # noqa: E402
from dashboard_bench import calibration_ms  # noqa: E402
from import_bench import setup_data  # noqa: E402

BENCH_DB = os.environ.get("BENCH_DB", "portal_preview_bench")
ROWS = 5000
REQUESTS = 5
GOALS = {"page_bytes": 200_000, "page_s": 1.0}


def refused_workbook(count: int) -> bytes:
    """`count` delegates whose phone numbers are all refused."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách đại biểu")
    sheet.append(
        [
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Cơ quan",
            "Tên cơ quan khác",
            "Số điện thoại",
            "Email",
            "Vai trò",
        ]
    )
    for n in range(1, count + 1):
        sheet.append(
            [
                n,
                f"Nguyễn Văn Thử {n}",
                "Chuyên viên phòng Cải cách hành chính",
                "Sở Nội vụ",
                "",
                "12345",
                "",
                "Tham dự",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed_get(client, url: str, **params) -> tuple[float, int, str]:
    samples, body = [], b""
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, params)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        body = response.content
    return round(statistics.median(samples), 3), len(body), body.decode()


def main() -> None:
    keep = "--keep" in sys.argv[1:]
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    os.environ["DATABASE_URL"] = fresh_database(server, BENCH_DB)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    from participants.models import DelegateImport

    result: dict = {"calibration_ms": calibration_ms(), "rows": ROWS}
    try:
        call_command("migrate", verbosity=0)
        points, staff = setup_data()
        point, user = points["01"], staff["01"]
        client = Client()
        client.force_login(user)
        data = refused_workbook(ROWS)
        result["file_kb"] = round(len(data) / 1024, 1)
        started = time.perf_counter()
        response = client.post(
            reverse("participants:delegate_import", kwargs={"pk": point.pk}),
            {
                "file": SimpleUploadedFile("danh-sach-loi.xlsx", data),
                "mode": "append",
            },
        )
        result["upload_s"] = round(time.perf_counter() - started, 2)
        assert response.status_code == 302, response.status_code
        staged = DelegateImport.objects.get()
        assert len(staged.row_errors) == ROWS
        preview = response["Location"]
        client.get(preview)  # warm templates and translations
        page_s, page_bytes, html = timed_get(client, preview)
        far_s, far_bytes, _far = timed_get(client, preview, page=150)
        result.update(
            page_s=page_s,
            page_bytes=page_bytes,
            page_rows=html.count('data-testid="row-with-errors"'),
            page_forms=html.count('data-testid="fix-row-form"'),
            far_page_s=far_s,
            far_page_bytes=far_bytes,
        )
        started = time.perf_counter()
        response = client.post(
            preview,
            {
                "action": "fix",
                "row": "2",
                "page": "1",
                "row2-full_name": "Nguyễn Văn Thử 1",
                "row2-agency": "home_affairs",
                "row2-phone": "0912 000 111",
                "row2-role": "attendee",
            },
        )
        result["fix_row_s"] = round(time.perf_counter() - started, 2)
        assert response.status_code == 302, response.status_code
        staged.refresh_from_db()
        assert len(staged.row_errors) == ROWS - 1
    finally:
        connections.close_all()
        if not keep:
            drop_database(server, BENCH_DB)
    result["goals"] = GOALS
    result["ok"] = (
        max(result["page_bytes"], result["far_page_bytes"]) < GOALS["page_bytes"]
        and max(result["page_s"], result["far_page_s"]) < GOALS["page_s"]
    )
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
