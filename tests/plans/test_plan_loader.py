"""The plan 5774/KH-BNV and the unit sets, loaded from their data files."""

import unicodedata
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.utils import timezone

from agenda.models import AgendaSlot
from conference.enums import ConferenceForm, UnitKind
from conference.models import (
    AdministrativeUnit,
    AdministrativeUnitSet,
    BridgePoint,
    Conference,
)
from participants.enums import RegistrationStatus
from participants.models import DelegateList
from plans.services.plan_loader import DEFAULT_PLAN, PlanFileError, load_plan
from tasks.models import OrganisationalUnit, Task

VN = ZoneInfo("Asia/Ho_Chi_Minh")

CODES_2022 = [
    "01", "02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "19", "20", "22",
    "24", "25", "26", "27", "30", "31", "33", "34", "35", "36", "37", "38", "40", "42",
    "44", "45", "46", "48", "49", "51", "52", "54", "56", "58", "60", "62", "64", "66",
    "67", "68", "70", "72", "74", "75", "77", "79", "80", "82", "83", "84", "86", "87",
    "89", "91", "92", "93", "94", "95", "96",
]  # fmt: skip
CODES_2025 = [
    "01", "04", "08", "11", "12", "14", "15", "19", "20", "22", "24", "25", "31", "33",
    "37", "38", "40", "42", "44", "46", "48", "51", "52", "56", "66", "68", "75", "79",
    "80", "82", "86", "91", "92", "96",
]  # fmt: skip


def _local(moment: datetime | None) -> str | None:
    return (
        None
        if moment is None
        else timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")
    )


@pytest.fixture
def plan(db) -> Conference:
    return load_plan(path=DEFAULT_PLAN)


def _units(code: str) -> dict[str, AdministrativeUnit]:
    return {u.code: u for u in AdministrativeUnit.objects.filter(unit_set__code=code)}


def test_load_plan_loads_the_63_provinces_of_2022_with_their_official_codes(plan):
    units = _units("vn-2022")

    assert sorted(units) == CODES_2022
    assert len(units) == 63
    assert {code: units[code].name for code in (
        "01", "02", "06", "15", "17", "31", "46", "48", "52", "64", "77", "79", "92",
        "96",
    )} == {
        "01": "Hà Nội",
        "02": "Hà Giang",
        "06": "Bắc Kạn",
        "15": "Yên Bái",
        "17": "Hòa Bình",
        "31": "Hải Phòng",
        "46": "Thừa Thiên Huế",
        "48": "Đà Nẵng",
        "52": "Bình Định",
        "64": "Gia Lai",
        "77": "Bà Rịa - Vũng Tàu",
        "79": "Hồ Chí Minh",
        "92": "Cần Thơ",
        "96": "Cà Mau",
    }  # fmt: skip
    cities = sorted(c for c, u in units.items() if u.kind == UnitKind.CENTRAL_CITY)
    assert cities == ["01", "31", "48", "79", "92"]
    unit_set = AdministrativeUnitSet.objects.get(code="vn-2022")
    assert unit_set.name == "63 tỉnh, thành phố trực thuộc Trung ương"
    assert unit_set.effective_from == date(2008, 8, 1)
    assert unit_set.effective_until == date(2025, 6, 30)
    assert "124/2004/QĐ-TTg" in unit_set.legal_basis
    assert plan.unit_set == unit_set


def test_load_plan_loads_the_34_units_of_2025_too(plan):
    units = _units("vn-2025")

    assert sorted(units) == CODES_2025
    cities = sorted(c for c, u in units.items() if u.kind == UnitKind.CENTRAL_CITY)
    assert cities == ["01", "31", "46", "48", "79", "92"]
    unit_set = AdministrativeUnitSet.objects.get(code="vn-2025")
    assert unit_set.name == "34 tỉnh, thành phố trực thuộc Trung ương"
    assert unit_set.effective_from == date(2025, 7, 1)
    assert unit_set.effective_until is None
    assert "202/2025/QH15" in unit_set.legal_basis


def test_a_code_names_a_different_unit_in_each_set(plan):
    in_2022 = AdministrativeUnit.objects.get(unit_set__code="vn-2022", code="52")
    in_2025 = AdministrativeUnit.objects.get(unit_set__code="vn-2025", code="52")

    assert (in_2022.full_name, in_2025.full_name) == ("Tỉnh Bình Định", "Tỉnh Gia Lai")
    hue = AdministrativeUnit.objects.get(unit_set__code="vn-2025", code="46")
    assert hue.full_name == "Thành phố Huế"


def test_full_name_reads_right_for_every_unit_of_both_sets(plan):
    for unit in AdministrativeUnit.objects.all():
        prefix = "Thành phố" if unit.kind == UnitKind.CENTRAL_CITY else "Tỉnh"
        assert unit.full_name == f"{prefix} {unit.name}"
        assert unit.name == unicodedata.normalize("NFC", unit.name)
    names = {
        (u.unit_set.code, u.code): u.full_name
        for u in AdministrativeUnit.objects.select_related("unit_set")
    }
    assert names["vn-2022", "79"] == "Thành phố Hồ Chí Minh"
    assert names["vn-2022", "06"] == "Tỉnh Bắc Kạn"
    assert names["vn-2022", "46"] == "Tỉnh Thừa Thiên Huế"
    assert names["vn-2022", "77"] == "Tỉnh Bà Rịa - Vũng Tàu"


def test_load_plan_creates_the_conference_as_the_plan_writes_it(plan):
    assert plan.slug == "5774-kh-bnv-2022-11-22"
    assert plan.title == (
        "Hội nghị triển khai Đề án “Xác định Chỉ số cải cách hành chính của các bộ, "
        "cơ quan ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương” "
        "giai đoạn 2022 - 2030 và Kế hoạch xác định Chỉ số cải cách hành chính năm 2022"
    )
    assert plan.plan_number == "5774/KH-BNV"
    assert plan.plan_issued_on == date(2022, 11, 17)
    assert plan.form == ConferenceForm.ONLINE
    assert plan.transmission == "Đường truyền của Chính phủ"
    assert plan.starts_at == datetime(2022, 11, 22, 8, 0, tzinfo=VN)
    assert plan.connection_opens_at == datetime(2022, 11, 22, 7, 30, tzinfo=VN)
    assert plan.delegate_list_deadline == datetime(2022, 11, 19, 23, 59, tzinfo=VN)
    assert plan.main_venue == (
        "Tại phòng họp số 1 hoặc số 2, trụ sở Bộ Nội vụ, số 8 Tôn Thất Thuyết, "
        "Nam Từ Liêm, thành phố Hà Nội."
    )
    legal_basis = plan.legal_basis.splitlines()
    assert [line[:45] for line in legal_basis] == [
        "Quyết định số 876/QĐ-BNV ngày 10/11/2022 của ",
        "Quyết định số 878/QĐ-BNV ngày 10/11/2022 của ",
    ]
    assert plan.budget_note.splitlines() == [
        "- Bộ Nội vụ chi trả kinh phí tổ chức Hội nghị tại điểm cầu chính tại Hà Nội.",
        "- Các địa phương chi trả kinh phí tổ chức Hội nghị tại điểm cầu tỉnh, "
        "thành phố trực thuộc Trung ương.",
    ]
    assert "Xin ý kiến dự thảo văn bản hướng dẫn chấm điểm" in plan.purpose
    backdrop = plan.backdrop_text.splitlines()
    assert len(backdrop) == 7
    assert backdrop[0] == "HỘI NGHỊ"
    assert backdrop[-1] == "Tỉnh/Thành phố..., ngày ... tháng 11 năm 2022"


def test_load_plan_creates_a_main_point_and_a_point_per_province(plan):
    points = BridgePoint.objects.filter(conference=plan)

    assert points.count() == 64
    main = points.get(is_main=True)
    assert (main.name, main.room, main.address, main.unit) == (
        "Điểm cầu chính tại trụ sở Bộ Nội vụ",
        "Phòng họp số 1 hoặc số 2",
        "Số 8 Tôn Thất Thuyết, Nam Từ Liêm, thành phố Hà Nội",
        None,
    )
    provincial = points.filter(is_main=False).select_related("unit")
    assert sorted(p.unit.code for p in provincial) == CODES_2022
    assert {p.unit.unit_set_id for p in provincial} == {plan.unit_set_id}
    names = {p.unit.code: p.name for p in provincial}
    assert names["01"] == "Điểm cầu UBND thành phố Hà Nội"
    assert names["06"] == "Điểm cầu UBND tỉnh Bắc Kạn"
    assert names["79"] == "Điểm cầu UBND thành phố Hồ Chí Minh"
    assert {(p.room, p.address) for p in provincial} == {("", "")}


def test_load_plan_opens_one_empty_draft_list_per_point(plan):
    lists = DelegateList.objects.filter(point__conference=plan)

    assert sorted(lists.values_list("point_id", flat=True)) == sorted(
        BridgePoint.objects.filter(conference=plan).values_list("pk", flat=True)
    )
    assert set(lists.values_list("status", "submitted_at", "version")) == {
        (RegistrationStatus.DRAFT, None, 1)
    }


def test_load_plan_creates_the_seven_agenda_slots(plan):
    slots = [
        (
            timezone.localtime(s.starts_at).strftime("%d/%m %H:%M"),
            timezone.localtime(s.ends_at).strftime("%H:%M"),
            s.content,
            s.presenter_name,
            s.presenter_title,
            s.performing_unit,
        )
        for s in AgendaSlot.objects.filter(conference=plan).order_by("order")
    ]

    tien = ("Ông Đỗ Quý Tiến", "Phó Vụ trưởng Vụ CCHC, Bộ Nội vụ", "")
    thua = (
        "Ông Nguyễn Trọng Thừa",
        "Thứ trưởng Bộ Nội vụ, Phó Trưởng ban BCĐ CCHC của Chính phủ",
        "",
    )
    assert slots == [
        (
            "22/11 07:30", "08:00",
            "Kết nối các điểm cầu 63 tỉnh, thành phố trực thuộc Trung ương với điểm "
            "cầu chính tại Bộ Nội vụ",
            "", "", "Văn phòng Bộ Nội vụ",
        ),
        ("22/11 08:00", "08:10", "Tuyên bố lý do, giới thiệu đại biểu", *tien),
        ("22/11 08:10", "08:20", "Phát biểu khai mạc Hội Nghị", *thua),
        (
            "22/11 08:20", "09:30",
            "Trình bày Đề án xác định Chỉ số cải cách hành chính giai đoạn 2022 - 2030 "
            "và hướng dẫn chấm điểm Chỉ số cải cách hành chính các tỉnh, thành phố "
            "trực thuộc Trung ương năm 2022",
            "Ông Phạm Minh Hùng",
            "Vụ trưởng Vụ CCHC, Bộ Nội vụ - Chánh Văn phòng BCĐ CCHC của Chính phủ",
            "",
        ),
        (
            "22/11 09:30", "09:45",
            "Triển kế hoạch xác định Chỉ số cải cách hành chính của các bộ, cơ quan "
            "ngang bộ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương năm "
            "2022",
            *tien,
        ),
        (
            "22/11 09:45", "11:00",
            "Hỏi đáp những vấn đề đại biểu các tỉnh, thành phố quan tâm trao đổi, "
            "thảo luận",
            "", "", "Các đại biểu dự Hội nghị và trả lời của Vụ CCHC",
        ),
        ("22/11 11:00", "11:20", "Phát biểu kết luận Hội nghị", *thua),
    ]  # fmt: skip


def test_load_plan_creates_every_task_of_section_iii_with_its_deadline(plan):
    tasks = [
        (t.plan_ref, t.assignee_unit.code, _local(t.deadline), t.deadline_note)
        for t in Task.objects.filter(conference=plan)
        .select_related("assignee_unit")
        .order_by("plan_ref")
    ]

    assert tasks == [
        ("III.1.a", "vu-cchc", "17/11/2022 23:59", "Trước ngày 18/11/2022"),
        ("III.1.b", "vu-cchc", "19/11/2022 23:59", "Trước ngày 20/11/2022"),
        ("III.1.c", "vu-cchc", "21/11/2022 23:59", "Trước 01 ngày diễn ra Hội nghị"),
        ("III.1.d", "vu-cchc", None, "Theo quy định"),
        ("III.2.a", "van-phong-bo", "22/11/2022 08:00", "Trước khi diễn ra Hội nghị"),
        (
            "III.2.b", "van-phong-bo", "22/11/2022 11:20",
            "Trước và trong khi diễn ra Hội nghị",
        ),
        ("III.2.c", "van-phong-bo", "22/11/2022 11:20", "Trước, trong và sau Hội nghị"),
        (
            "III.2bis.a", "tttt", "22/11/2022 11:20",
            "Trước và trong suốt quá trình diễn ra Hội nghị",
        ),
        (
            "III.2bis.b", "tttt", "22/11/2022 08:00",
            "Trước thời gian diễn ra Hội nghị",
        ),
        (
            "III.2bis.c", "tttt", "22/11/2022 11:20",
            "Trước và trong khi diễn ra Hội nghị",
        ),
        ("III.2bis.d", "tttt", "22/11/2022 11:20", "Trong khi diễn ra Hội nghị"),
        ("III.3.a", "don-vi-thuoc-bo", None, "Theo chỉ đạo của Lãnh đạo Bộ"),
        ("III.4.a", "ubnd-tinh", "22/11/2022 08:00", "Trước khi diễn ra Hội nghị"),
        ("III.4.b", "ubnd-tinh", "19/11/2022 23:59", "Trước ngày 20/11/2022"),
    ]  # fmt: skip
    first = Task.objects.get(conference=plan, plan_ref="III.1.a")
    assert first.title == "Dự thảo Giấy mời dự Hội nghị"
    assert first.description == (
        "Dự thảo Giấy mời tham dự Hội nghị gửi các Bộ, ngành, địa phương, hoàn thành "
        "trước ngày 18/11/2022."
    )
    assert Task.objects.get(conference=plan, plan_ref="III.2bis.d").description == (
        "Cử phóng viên đưa tin Hội nghị."
    )


def test_load_plan_creates_the_plan_s_units(plan):
    units = list(OrganisationalUnit.objects.values_list("code", "short_name", "name"))

    assert units == [
        ("vu-cchc", "Vụ CCHC", "Vụ Cải cách hành chính, Bộ Nội vụ"),
        ("van-phong-bo", "Văn phòng Bộ", "Văn phòng Bộ Nội vụ"),
        ("tttt", "Trung tâm Thông tin", "Trung tâm Thông tin, Bộ Nội vụ"),
        (
            "don-vi-thuoc-bo",
            "Các đơn vị thuộc Bộ",
            "Các đơn vị thuộc, trực thuộc Bộ Nội vụ",
        ),
        (
            "ubnd-tinh",
            "UBND các tỉnh, thành phố",
            "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
        ),
    ]


MODELS = [
    AdministrativeUnitSet,
    AdministrativeUnit,
    Conference,
    BridgePoint,
    DelegateList,
    AgendaSlot,
    OrganisationalUnit,
    Task,
]


def _snapshot() -> dict:
    rows = {
        m.__name__: {o.pk: model_to_dict(o) for o in m.objects.all()} for m in MODELS
    }
    rows["point history"] = BridgePoint.history.count()
    rows["list history"] = DelegateList.history.count()
    return rows


def test_load_plan_twice_changes_nothing(plan):
    before = _snapshot()

    again = load_plan(path=DEFAULT_PLAN)

    assert again.pk == plan.pk
    assert _snapshot() == before
    assert len(before["BridgePoint"]) == 64
    assert before["point history"] == 64
    assert (len(before["DelegateList"]), before["list history"]) == (64, 64)


def test_reload_keeps_what_a_province_or_an_admin_corrected(plan):
    point = BridgePoint.objects.get(conference=plan, unit__code="46")
    point.room = "Phòng họp trực tuyến tầng 3"
    point.save()
    Conference.objects.filter(pk=plan.pk).update(plan_issued_on=date(2022, 11, 16))
    AgendaSlot.objects.filter(conference=plan, order=2).update(content="Sửa tay")

    load_plan(path=DEFAULT_PLAN)

    point.refresh_from_db()
    plan.refresh_from_db()
    assert point.room == "Phòng họp trực tuyến tầng 3"
    assert plan.plan_issued_on == date(2022, 11, 16)
    slot = AgendaSlot.objects.get(conference=plan, order=2)
    assert slot.content == "Tuyên bố lý do, giới thiệu đại biểu"


def test_load_plan_on_another_day_makes_a_separate_conference_moved_by_the_delta(plan):
    day = date(2026, 12, 10)
    delta = day - date(2022, 11, 22)

    moved = load_plan(path=DEFAULT_PLAN, day=day)

    assert moved.pk != plan.pk
    assert moved.slug == "5774-kh-bnv-2026-12-10"
    assert Conference.objects.count() == 2
    assert moved.starts_at == datetime(2026, 12, 10, 8, 0, tzinfo=VN)
    assert moved.connection_opens_at == plan.connection_opens_at + delta
    assert moved.delegate_list_deadline == datetime(2026, 12, 7, 23, 59, tzinfo=VN)
    assert moved.plan_issued_on == date(2022, 11, 17) + delta
    old_tasks = {t.plan_ref: t.deadline for t in plan.tasks.all()}
    new_tasks = {t.plan_ref: t.deadline for t in moved.tasks.all()}
    assert new_tasks == {
        ref: (deadline + delta if deadline else None)
        for ref, deadline in old_tasks.items()
    }
    assert _local(new_tasks["III.1.a"]) == "05/12/2026 23:59"
    old_slots = {s.order: (s.starts_at, s.ends_at) for s in plan.agenda_slots.all()}
    new_slots = {s.order: (s.starts_at, s.ends_at) for s in moved.agenda_slots.all()}
    assert new_slots == {o: (a + delta, b + delta) for o, (a, b) in old_slots.items()}
    assert moved.points.count() == 64
    plan.refresh_from_db()
    assert plan.starts_at == datetime(2022, 11, 22, 8, 0, tzinfo=VN)


def _plan_data() -> dict:
    return yaml.safe_load(DEFAULT_PLAN.read_text(encoding="utf-8"))


def _write(tmp_path, data) -> object:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _drop_title(d):
    del d["conference"]["title"]


def _unquoted_time(d):
    d["agenda"][6]["ends_at"] = 680  # what YAML makes of an unquoted 11:20


def _unknown_unit(d):
    d["tasks"][3]["unit"] = "vu-khong-co"


def _overlap(d):
    d["agenda"][1]["ends_at"] = "08:15"


def _bad_deadline(d):
    d["tasks"][0]["deadline"] = {"days": "-4", "time": "23:59"}


def _typo_key(d):
    d["main_point"]["adress"] = d["main_point"].pop("address")


def _too_long(d):
    d["conference"]["short_title"] = "x" * 201


def _long_point_name(d):
    # Within bounds as written; too long once "{unit}" is the first province's name.
    d["provincial_points"]["name"] = "x" * 190 + " {unit}"


def _duplicate_ref(d):
    d["tasks"][1]["plan_ref"] = "III.1.a"


def _unknown_set(d):
    d["unit_set"] = "vn-1975"


@pytest.mark.parametrize(
    ("breaks", "key"),
    [
        (_drop_title, "conference.title"),
        (_unquoted_time, "agenda[6].ends_at"),
        (_unknown_unit, "tasks[3].unit"),
        (_overlap, "agenda"),
        (_bad_deadline, "tasks[0].deadline.days"),
        (_typo_key, "main_point.adress"),
        (_too_long, "conference"),
        (_long_point_name, "provincial_points[01]"),
        (_duplicate_ref, "tasks"),
        (_unknown_set, "unit_set"),
    ],
)
@pytest.mark.parametrize("loaded_before", [False, True])
def test_a_broken_plan_changes_nothing_and_names_the_key(
    db, tmp_path, breaks, key, loaded_before
):
    if loaded_before:
        load_plan(path=DEFAULT_PLAN)
    before = _snapshot()
    data = _plan_data()
    breaks(data)

    with pytest.raises(PlanFileError) as error:
        load_plan(path=_write(tmp_path, data))

    assert str(error.value).startswith(f"{key}: ")
    assert _snapshot() == before


def test_a_file_that_is_not_yaml_changes_nothing(db, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("conference: [unclosed\n", encoding="utf-8")

    with pytest.raises(PlanFileError) as error:
        load_plan(path=path)

    assert str(path) in str(error.value)
    assert AdministrativeUnitSet.objects.count() == 0


def test_load_plan_command_prints_a_summary(db):
    out = StringIO()

    call_command("load_plan", stdout=out)

    conference = Conference.objects.get()
    assert conference.slug == "5774-kh-bnv-2022-11-22"
    assert conference.slug in out.getvalue()
    for number in ("64", " 7 ", "14"):
        assert number in out.getvalue()


def test_load_plan_command_with_a_date_loads_a_second_conference(plan):
    call_command("load_plan", "--date", "2026-12-10", stdout=StringIO())

    moved = Conference.objects.get(slug="5774-kh-bnv-2026-12-10")
    assert moved.starts_at == plan.starts_at + timedelta(days=1479)


def test_load_plan_command_refuses_a_bad_date_or_a_broken_file(db, tmp_path):
    with pytest.raises(CommandError, match="2026-13-10"):
        call_command("load_plan", "--date", "2026-13-10")
    broken = tmp_path / "broken.yaml"
    broken.write_text("unit_set: vn-2022\n", encoding="utf-8")
    with pytest.raises(CommandError, match="conference"):
        call_command("load_plan", "--file", str(broken))
    assert Conference.objects.count() == 0
