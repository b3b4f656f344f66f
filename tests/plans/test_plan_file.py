"""The plan and unit set files as the schema reads them: every rule, in Vietnamese."""

from datetime import date, datetime, time

import pytest
import yaml

from plans.services.plan_file import (
    DEFAULT_PLAN,
    PLANS_DIR,
    UNITS_DIR,
    PlanFileError,
    read_plan,
    read_unit_set,
)


def _plan() -> dict:
    return yaml.safe_load(DEFAULT_PLAN.read_text(encoding="utf-8"))


def _unit_set() -> dict:
    return yaml.safe_load((UNITS_DIR / "vn-2025.yaml").read_text(encoding="utf-8"))


def _write(tmp_path, data) -> object:
    path = tmp_path / "file.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _set(*path, value=None, drop=False):
    def breaks(data):
        *head, last = path
        for key in head:
            data = data[key]
        if drop:
            del data[last]
        else:
            data[last] = value

    return breaks


PLAN_BREAKS = [
    (_set("conference", "title", drop=True), "conference.title: thiếu khóa bắt buộc này."),
    (_set("conference", "title", value=5), "conference.title: cần một đoạn văn bản."),
    (_set("conference", "title", value=None), "conference.title: cần một đoạn văn bản."),
    (_set("conference", "slug", value="  "), "conference.slug: không được để trống."),
    (_set("conference", "titel", value="x"), "conference.titel: khóa không hợp lệ."),
    (_set("bogus", value=1), "bogus: khóa không hợp lệ."),
    (
        _set("conference", "day", value=datetime(2022, 11, 22, 8, 0)),
        "conference.day: cần một ngày dạng YYYY-MM-DD.",
    ),
    (
        _set("conference", "day", value="2022-11-22"),
        "conference.day: cần một ngày dạng YYYY-MM-DD.",
    ),
    (
        _set("conference", "form", value="zoom"),
        "conference.form: cần một trong các giá trị: online, in_person, hybrid.",
    ),
    (
        _set("conference", "starts_at", value=480),
        'conference.starts_at: cần giờ dạng "HH:MM", đặt trong dấu nháy.',
    ),
    (
        _set("conference", "delegate_list_deadline", value=None),
        "conference.delegate_list_deadline: thiếu khóa bắt buộc này.",
    ),
    (
        _set("conference", "delegate_list_deadline", value={"days": -3}),
        'conference.delegate_list_deadline: cần dạng {days: N, time: "HH:MM"} '
        "hoặc null.",
    ),
    (
        _set("tasks", 0, "deadline", value={"days": True, "time": "23:59"}),
        "tasks[0].deadline.days: cần một số nguyên.",
    ),
    (
        _set("tasks", 0, "deadline", value={"days": -4, "time": "24:00"}),
        'tasks[0].deadline.time: cần giờ dạng "HH:MM", đặt trong dấu nháy.',
    ),
    (_set("tasks", 0, "deadline", drop=True), "tasks[0].deadline: thiếu khóa bắt buộc này."),
    (_set("main_point", value="x"), "main_point: cần một nhóm các cặp khóa: giá trị."),
    (_set("agenda", 2, value=None), "agenda[2]: cần một nhóm các cặp khóa: giá trị."),
    (_set("agenda", value=[]), "agenda: cần một danh sách có ít nhất một mục."),
    (_set("tasks", value="x"), "tasks: cần một danh sách có ít nhất một mục."),
    (_set("agenda", 2, "order", value=1.5), "agenda[2].order: cần một số nguyên."),
    (
        _set("agenda", 1, "ends_at", value="08:00"),
        "agenda[1].ends_at: thời gian kết thúc phải sau thời gian bắt đầu.",
    ),
    (_set("agenda", 1, "ends_at", value="08:15"), "agenda: mục 2 và mục 3 trùng thời gian."),
    (_set("agenda", 1, "order", value=1), 'agenda: "1" xuất hiện nhiều lần.'),
    (_set("units", 1, "code", value="vu-cchc"), "units: có mã đơn vị xuất hiện nhiều lần."),
    (
        _set("tasks", 3, "unit", value="vu-khong-co"),
        'tasks[3].unit: không có đơn vị nào trong "units" có mã "vu-khong-co".',
    ),
    (_set("tasks", 1, "plan_ref", value="III.1.a"), 'tasks: "III.1.a" xuất hiện nhiều lần.'),
    (
        _set("provincial_points", "name", value="Điểm cầu {tinh}"),
        "provincial_points.name: chỉ được dùng chỗ điền {unit}.",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("breaks", "message"), PLAN_BREAKS)
def test_read_plan_refuses_a_broken_file_with_the_key_and_the_reason(
    tmp_path, breaks, message
):
    data = _plan()
    breaks(data)

    with pytest.raises(PlanFileError) as error:
        read_plan(_write(tmp_path, data))

    assert str(error.value) == message


UNIT_SET_BREAKS = [
    (_set("code", drop=True), "code: thiếu khóa bắt buộc này."),
    (_set("effective_from", value="2025-07-01"), "effective_from: cần một ngày dạng YYYY-MM-DD."),
    (_set("units", 2, "kind", value="city"),
     "units[2].kind: cần một trong các giá trị: province, central_city."),
    (_set("units", 2, "region", value=7), "units[2].region: cần một đoạn văn bản."),
    (_set("units", 3, "code", value="01"), 'units: "01" xuất hiện nhiều lần.'),
    (_set("units", 3, "zone", value="x"), "units[3].zone: khóa không hợp lệ."),
]  # fmt: skip


@pytest.mark.parametrize(("breaks", "message"), UNIT_SET_BREAKS)
def test_read_unit_set_refuses_a_broken_file_with_the_key_and_the_reason(
    tmp_path, breaks, message
):
    data = _unit_set()
    breaks(data)

    with pytest.raises(PlanFileError) as error:
        read_unit_set(_write(tmp_path, data))

    assert str(error.value) == message


def test_read_plan_refuses_a_file_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("- 1\n", encoding="utf-8")

    with pytest.raises(PlanFileError) as error:
        read_plan(path)

    assert str(error.value) == f"{path}: cần một nhóm các cặp khóa: giá trị."


def test_read_plan_strips_and_composes_text_and_fills_left_out_keys(tmp_path):
    data = _plan()
    data["conference"]["title"] = "  Hội nghị Ho\u0300a Bình  "
    del data["conference"]["purpose"]
    data["conference"]["budget_note"] = None
    del data["conference"]["connection_opens_at"]

    spec = read_plan(_write(tmp_path, data))

    assert spec.conference.title == "Hội nghị Hòa Bình"
    assert (spec.conference.purpose, spec.conference.budget_note) == ("", "")
    assert spec.conference.connection_opens_at is None
    assert spec.conference.starts_at == time(8, 0)
    assert spec.conference.delegate_list_deadline.on(date(2022, 11, 22)) == (
        datetime.fromisoformat("2022-11-19T23:59:00+07:00")
    )


def test_every_plan_and_unit_set_in_the_data_folder_reads(settings):
    plans = {path.name: read_plan(path) for path in PLANS_DIR.glob("*.yaml")}
    unit_sets = {path.name: read_unit_set(path) for path in UNITS_DIR.glob("*.yaml")}

    assert sorted(plans) == ["5774-KH-BNV.yaml"]
    assert sorted(unit_sets) == ["vn-2022.yaml", "vn-2025.yaml"]
    spec = plans["5774-KH-BNV.yaml"]
    assert (len(spec.agenda), len(spec.units), len(spec.tasks)) == (7, 5, 14)
    assert sorted(spec.sections) == ["documents"]
    assert [len(s.units) for s in unit_sets.values()] == [63, 34]
