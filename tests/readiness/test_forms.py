"""Issue #16 (10): the readiness forms kept bidi overrides and invisible characters,
and a second technician's save silently wiped the first's."""

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from readiness.models import ConnectionTest, DayCheckIn, PointReadiness
from tests import factories
from tests.factories import VN
from tests.otp import login_verified

pytestmark = pytest.mark.django_db

ON_THE_DAY = datetime(2022, 11, 22, 7, 40, tzinfo=VN)
BIDI_REFUSED = (
    "Nội dung có ký tự ẩn điều khiển hướng chữ (như U+202E) làm nội dung hiển thị "
    "sai lệch. Vui lòng gõ lại thay vì dán từ nơi khác."
)
STALE = (
    "Người khác đã thay đổi nội dung này trong lúc bạn đang sửa. Thay đổi của bạn "
    "chưa được lưu: hãy tải lại trang và thực hiện lại."
)
STALE_PAGE = (
    "Trang này đã cũ hoặc thiếu thông tin (không có số phiên bản). Chưa có gì được "
    "lưu: vui lòng tải lại trang và thực hiện lại thay đổi."
)


def checklist(**overrides):
    data = {
        "contact_name": "Lê Văn Mạng",
        "contact_phone": "0912345678",
        "contact_email": "mang@hanoi.gov.vn",
        "line": "Cáp quang 100 Mbps",
        "camera": "Polycom",
        "microphone": "Shure",
        "screen": "LED 3m",
        "equipment_note": "",
        "next_test_at": "20/11/2022 14:00",
    }
    data.update(overrides)
    return data


def test_checklist_refuses_a_bidi_override_and_stores_nothing(
    hanoi_point, technician_client
):
    url = reverse("readiness:checklist_edit", args=[hanoi_point.pk])
    response = technician_client.post(
        url, checklist(contact_name="Lê Văn \u202eMạng", version=0)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contact_name"] == [BIDI_REFUSED]
    assert BIDI_REFUSED in response.content.decode()
    assert not PointReadiness.objects.exists()


def test_checklist_drops_zero_width_and_control_characters(
    hanoi_point, technician_client
):
    url = reverse("readiness:checklist_edit", args=[hanoi_point.pk])
    response = technician_client.post(
        url,
        checklist(
            contact_name="Lê\u200b Văn Mạ\u200dng",
            camera="Poly\x07com",
            equipment_note="Dòng 1\u2028Dòng\u200b 2",
            version=0,
        ),
    )
    assert response.status_code == 302
    saved = PointReadiness.objects.get(point=hanoi_point)
    assert (saved.contact_name, saved.camera, saved.equipment_note) == (
        "Lê Văn Mạng",
        "Polycom",
        "Dòng 1\nDòng 2",
    )


def test_test_form_refuses_a_bidi_override_in_the_engineer(
    hanoi_point, technician_client
):
    response = technician_client.post(
        reverse("readiness:test_record", args=[hanoi_point.pk, 1]),
        {
            "tested_at": "18/11/2022 09:30",
            "result": "ok",
            "engineer": "\u202eTrần Kỹ Sư",
            "notes": "Tốt\u2066",
            "version": 0,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (errors["engineer"], errors["notes"]) == ([BIDI_REFUSED], [BIDI_REFUSED])
    assert not ConnectionTest.objects.exists()


def _two_technicians():
    first, second = Client(), Client()
    login_verified(first, factories.technician(username="tttt-a"))
    login_verified(second, factories.technician(username="tttt-b"))
    return first, second


def _version_on(page) -> str:
    return page.context["form"]["version"].value()


def test_a_stale_checklist_save_is_refused_and_the_first_save_kept(hanoi_point):
    first, second = _two_technicians()
    url = reverse("readiness:checklist_edit", args=[hanoi_point.pk])
    seen_by_first = _version_on(first.get(url))
    seen_by_second = _version_on(second.get(url))
    assert (seen_by_first, seen_by_second) == (0, 0)
    saved = second.post(url, checklist(camera="Sony", version=seen_by_second))
    assert saved.status_code == 302

    stale = first.post(url, checklist(camera="Polycom", version=seen_by_first))

    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors() == [STALE]
    assert STALE in stale.content.decode()
    row = PointReadiness.objects.get(point=hanoi_point)
    assert (row.camera, row.version, row.updated_by.username) == ("Sony", 1, "tttt-b")
    # Reloaded, the form carries the new version and the save goes through.
    again = _version_on(first.get(url))
    assert (
        first.post(url, checklist(camera="Polycom", version=again)).status_code == 302
    )
    row.refresh_from_db()
    assert (row.camera, row.version) == ("Polycom", 2)


def test_a_checklist_save_without_its_version_is_refused(hanoi_point):
    first, _second = _two_technicians()
    url = reverse("readiness:checklist_edit", args=[hanoi_point.pk])
    existing = PointReadiness.objects.create(point=hanoi_point, camera="Sony")

    blind = first.post(url, checklist(camera="Polycom"))

    assert blind.status_code == 200
    assert blind.context["form"].non_field_errors() == [STALE_PAGE]
    existing.refresh_from_db()
    assert (existing.camera, existing.version) == ("Sony", 1)


def test_a_stale_test_round_save_is_refused_and_the_first_result_kept(hanoi_point):
    first, second = _two_technicians()
    url = reverse("readiness:test_record", args=[hanoi_point.pk, 2])
    seen = _version_on(first.get(url))
    form = {"tested_at": "20/11/2022 09:30", "notes": ""}
    assert (
        second.post(
            url, {**form, "result": "failed", "engineer": "Kỹ sư B", "version": seen}
        ).status_code
        == 302
    )

    stale = first.post(
        url, {**form, "result": "ok", "engineer": "Kỹ sư A", "version": seen}
    )

    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors() == [STALE]
    test = ConnectionTest.objects.get(point=hanoi_point)
    assert (test.round, test.result, test.engineer, test.version) == (
        2,
        "failed",
        "Kỹ sư B",
        1,
    )


@time_machine.travel(ON_THE_DAY, tick=False)
def test_a_stale_check_in_is_refused_and_the_first_count_kept(
    hanoi_point, hanoi_client, technician_client
):
    url = reverse("readiness:check_in", args=[hanoi_point.pk])
    seen = _version_on(hanoi_client.get(url))
    assert (
        technician_client.post(url, {"present_count": 31, "version": seen}).status_code
        == 302
    )

    stale = hanoi_client.post(url, {"present_count": 25, "version": seen})

    assert stale.status_code == 200
    assert stale.context["form"].non_field_errors() == [STALE]
    record = DayCheckIn.objects.get(point=hanoi_point)
    assert (record.present_count, record.version) == (31, 1)


def test_an_admin_edit_makes_a_technicians_open_form_stale(
    hanoi_point, technician_client, admin_client_role
):
    row = PointReadiness.objects.create(point=hanoi_point, camera="Sony")
    url = reverse("readiness:checklist_edit", args=[hanoi_point.pk])
    seen = _version_on(technician_client.get(url))
    change = reverse("admin:readiness_pointreadiness_change", args=[row.pk])
    edited = admin_client_role.post(
        change,
        {
            "point": hanoi_point.pk,
            "camera": "Panasonic\u200b",
            "contact_name": "",
            "contact_phone": "",
            "contact_email": "",
            "line": "",
            "microphone": "",
            "screen": "",
            "equipment_note": "",
        },
    )
    assert edited.status_code == 302
    row.refresh_from_db()
    assert (row.camera, row.version) == ("Panasonic", 2)

    stale = technician_client.post(url, checklist(camera="Polycom", version=seen))

    assert stale.context["form"].non_field_errors() == [STALE]
    row.refresh_from_db()
    assert row.camera == "Panasonic"
