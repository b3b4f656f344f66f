"""Time the Excel import of 3,000 delegates and the province page, on a fresh database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/import_bench.py

Creates the database `portal_bench` on DATABASE_URL's server (dropping it first),
migrates it, builds its data with plain ORM code, and prints one JSON object on its
last line. `--keep` leaves the database in place afterwards.
"""

import io
import itertools
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_db import drop_database, fresh_database  # noqa: E402

from common.text import fold_accents  # noqa: E402

BENCH_DB = "portal_bench"
ROWS = 3000
PAGE_DELEGATES = 300
PAGE_REQUESTS = 30
IMPORT_GOAL_S = 5.0

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thanh",
    "Quốc",
    "Ngọc",
    "Xuân",
    "Thu",
    "Hoàng",
    "Anh",
]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngọc",
    "Phong",
    "Phúc",
    "Quang",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Việt",
    "Yến",
]
POSITIONS = [
    "Giám đốc",
    "Phó Giám đốc",
    "Chánh Văn phòng",
    "Trưởng phòng",
    "Phó Trưởng phòng",
    "Chuyên viên chính",
    "Chuyên viên",
]
# What provinces write in the agency column, label or variant; the last is "other".
AGENCIES = [
    "Sở Nội vụ",
    "Văn phòng UBND tỉnh",
    "VP UBND",
    "Sở Tư pháp",
    "Sở Tư Pháp",
    "Sở Tài chính",
    "Sở Thông tin và Truyền thông",
    "Sở TT&TT",
    "Ban Dân tộc",
]
MOBILE_PREFIXES = [
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "083",
    "086",
    "088",
    "032",
    "035",
    "039",
]


def ascii_slug(text: str) -> str:
    return ".".join(fold_accents(text).split())


def people(count: int, rng: random.Random):
    names = rng.sample(list(itertools.product(SURNAMES, MIDDLES, GIVEN)), count)
    phones: set[str] = set()
    while len(phones) < count:
        phones.add(rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}")
    for number, (name, phone) in enumerate(zip(names, sorted(phones), strict=True)):
        yield number, " ".join(name), phone


def phone_cell(phone: str, number: int):
    """The forms phone numbers take in real files."""
    match number % 4:
        case 0:
            return f"{phone[:4]} {phone[4:7]} {phone[7:]}"
        case 1:
            return f"{phone[:4]}.{phone[4:7]}.{phone[7:]}"
        case 2:
            return f"+84 {phone[1:4]} {phone[4:7]} {phone[7:]}"
        case _:
            return int(phone)  # a number cell that lost its leading 0


def build_workbook(count: int, rng: random.Random) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách đại biểu"
    sheet.append(["DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TẠI ĐIỂM CẦU THÀNH PHỐ HÀ NỘI"])
    sheet.merge_cells("A1:H1")
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
    for number, name, phone in people(count, rng):
        agency = AGENCIES[number % len(AGENCIES)] if number else "Sở Nội vụ"
        role = "Chủ trì" if number == 0 else ("Khách mời" if number % 20 == 0 else "")
        sheet.append(
            [
                number + 1,
                name,
                "Giám đốc" if number == 0 else POSITIONS[number % len(POSITIONS)],
                agency,
                "",
                phone_cell(phone, number),
                f"{ascii_slug(name)}.{number}@hanoi.gov.vn",
                role,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def setup_data():
    from django.utils import timezone

    from accounts.enums import Role
    from accounts.models import User
    from accounts.services import assign_role, sync_role_groups
    from conference.enums import UnitKind
    from conference.models import (
        AdministrativeUnit,
        AdministrativeUnitSet,
        BridgePoint,
        Conference,
    )
    from participants.services import open_delegate_lists

    sync_role_groups()
    now = timezone.now()
    unit_set = AdministrativeUnitSet.objects.create(
        code="vn-2022",
        name="63 tỉnh, thành phố trực thuộc Trung ương (2022)",
        effective_from=date(2008, 8, 1),
    )
    conference = Conference.objects.create(
        slug="bench",
        title="Hội nghị triển khai Đề án xác định Chỉ số cải cách hành chính",
        short_title="Hội nghị CCHC (đo hiệu năng)",
        plan_number="5774/KH-BNV",
        main_venue="Số 8 Tôn Thất Thuyết, Nam Từ Liêm, Hà Nội",
        starts_at=now + timedelta(days=5),
        delegate_list_deadline=now + timedelta(days=3),
        unit_set=unit_set,
    )
    points, staff = {}, {}
    for code, name, kind in [
        ("01", "Hà Nội", UnitKind.CENTRAL_CITY),
        ("46", "Thừa Thiên Huế", UnitKind.PROVINCE),
        ("48", "Đà Nẵng", UnitKind.CENTRAL_CITY),
    ]:
        unit = AdministrativeUnit.objects.create(
            unit_set=unit_set, code=code, name=name, kind=kind
        )
        points[code] = BridgePoint.objects.create(
            conference=conference, unit=unit, name=f"Điểm cầu {unit.full_name}"
        )
        user = User.objects.create_user(
            username=f"snv-{code}", password="bench-only-123"
        )
        staff[code] = assign_role(user=user, role=Role.PROVINCE_STAFF, province=unit)
    open_delegate_lists(conference=conference)
    return points, staff


def fill_point(point, count: int, rng: random.Random) -> None:
    from participants.enums import Agency, DelegateRole
    from participants.models import Delegate

    agencies = list(Agency.values)
    Delegate.objects.bulk_create(
        [
            Delegate(
                point=point,
                full_name=name,
                position=POSITIONS[number % len(POSITIONS)],
                agency=agencies[number % len(agencies)],
                agency_other="Ban Dân tộc"
                if agencies[number % len(agencies)] == "other"
                else "",
                phone="+84" + phone[1:],
                email=f"{ascii_slug(name)}.{number}@{point.unit.code}.gov.vn",
                role=DelegateRole.CHAIR if number == 0 else DelegateRole.ATTENDEE,
            )
            for number, name, phone in people(count, rng)
        ]
    )


def time_import(point, user, data: bytes) -> dict:
    from django.utils import timezone

    from participants.excel import applying, checking, reading
    from participants.models import Delegate, DelegateImport

    started = time.perf_counter()
    rows = reading.read_delegate_file(
        point=point, upload=io.BytesIO(data), file_name="danh-sach-3000.xlsx"
    )
    parsed = time.perf_counter()
    check = checking.check_rows(point=point, rows=rows, mode=DelegateImport.Mode.APPEND)
    checked = time.perf_counter()
    if not check.ok:
        raise SystemExit(
            f"the bench file has errors: {list(check.row_errors.items())[:3]}"
        )
    delegate_import = applying.save_import(
        point=point, check=check, file_name="danh-sach-3000.xlsx", by=user
    )
    result = applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=user,
        now=timezone.now(),
    )
    applied = time.perf_counter()
    assert result.created == Delegate.objects.filter(point=point).count() == len(rows)
    return {
        "import_s": round(applied - started, 3),
        "parse_s": round(parsed - started, 3),
        "check_s": round(checked - parsed, 3),
        "apply_s": round(applied - checked, 3),
    }


def measure_page(point, user, *, requests: int) -> tuple[int, float | None]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("participants:point_detail", kwargs={"pk": point.pk})
    response = client.get(url)  # warm caches: templates, translations, session
    assert response.status_code == 200, response.status_code
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Counted at the cursor: the test client's request_started resets query logs.
    with connection.execute_wrapper(count):
        client.get(url)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return len(queries), (round(statistics.median(timings), 1) if timings else None)


def main() -> None:
    keep = "--keep" in sys.argv[1:]
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    bench_url = fresh_database(server, BENCH_DB)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    result: dict = {"rows": ROWS}
    try:
        call_command("migrate", verbosity=0)
        rng = random.Random(20221122)
        points, staff = setup_data()
        data = build_workbook(ROWS, rng)
        result["file_kb"] = round(len(data) / 1024, 1)
        result.update(time_import(points["01"], staff["01"], data))
        result["import_goal_s"] = IMPORT_GOAL_S
        result["import_ok"] = result["import_s"] < IMPORT_GOAL_S
        fill_point(points["46"], PAGE_DELEGATES, rng)
        fill_point(points["48"], 10, rng)
        try:
            queries, p50 = measure_page(
                points["46"], staff["46"], requests=PAGE_REQUESTS
            )
            queries_10, _p50 = measure_page(points["48"], staff["48"], requests=0)
            result.update(
                page_delegates=PAGE_DELEGATES,
                page_queries=queries,
                page_queries_10=queries_10,
                page_ms_p50=p50,
            )
        except Exception as exc:  # the page is still being written: report, go on
            result.update(
                page_queries=None,
                page_queries_10=None,
                page_ms_p50=None,
                page_error=f"{type(exc).__name__}: {exc}",
            )
    finally:
        connections.close_all()
        if not keep:
            drop_database(server, BENCH_DB)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
