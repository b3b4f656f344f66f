from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from readiness.enums import TestResult as Result
from readiness.models import ConnectionTest, DayCheckIn, PointReadiness
from tests import factories
from tests.factories import VN

pytestmark = pytest.mark.django_db

# The factories' conference starts at 08:00 on 22/11/2022; points connect at 07:30.
ON_THE_DAY = datetime(2022, 11, 22, 7, 40, tzinfo=VN)


def test_technician_records_first_round_in_dd_mm_yyyy(hanoi_point, technician_client):
    url = reverse("readiness:test_record", args=[hanoi_point.pk, 1])
    response = technician_client.post(
        url,
        {
            "tested_at": "18/11/2022 09:30",
            "result": "problem",
            "engineer": "Trần Kỹ Sư",
            "notes": "Tiếng vọng",
            "version": 0,
        },
    )
    assert response.status_code == 302
    test = ConnectionTest.objects.get(point=hanoi_point)
    assert (test.round, test.result, test.engineer, test.notes) == (
        1,
        "problem",
        "Trần Kỹ Sư",
        "Tiếng vọng",
    )
    assert test.tested_at == datetime(2022, 11, 18, 9, 30, tzinfo=VN)
    assert test.recorded_by.username == "tttt-test"
    page = technician_client.get(reverse("readiness:point", args=[hanoi_point.pk]))
    assert page.context["annotated"].readiness_level == "problem"
    # The one history renderer: a person by name and unit, what was recorded.
    [entry] = page.context["entries"]
    assert entry.who == "tttt-test (Trung tâm Thông tin)"
    assert entry.summary == "có sự cố · Trần Kỹ Sư"
    assert page.content.decode().count('data-testid="history-row"') == 1


def test_record_refuses_a_browser_date_format(hanoi_point, technician_client):
    url = reverse("readiness:test_record", args=[hanoi_point.pk, 2])
    response = technician_client.post(
        url,
        {
            "tested_at": "2022-11-18T09:30",
            "result": "ok",
            "engineer": "A",
            "version": 0,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["tested_at"] == [
        "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 20/11/2022 17:00."
    ]
    assert not ConnectionTest.objects.exists()


def test_quick_ok_records_the_round_the_button_names(hanoi_point, technician_client):
    url = reverse("readiness:quick_ok", args=[hanoi_point.pk])
    technician_client.post(url, {"round": 1})
    technician_client.post(url, {"round": 2})
    assert list(
        ConnectionTest.objects.filter(point=hanoi_point).values_list("round", "result")
    ) == [(1, Result.OK), (2, Result.OK)]


def test_checklist_saves_contact_equipment_and_next_test(
    hanoi_point, technician_client, hanoi_client
):
    url = reverse("readiness:checklist_edit", args=[hanoi_point.pk])
    technician_client.post(
        url,
        {
            "contact_name": "Lê Văn Mạng",
            "contact_phone": "0912345678",
            "contact_email": "mang@hanoi.gov.vn",
            "line": "Cáp quang 100 Mbps",
            "camera": "Polycom",
            "microphone": "Shure",
            "screen": "LED 3m",
            "next_test_at": "20/11/2022 14:00",
            "rehearsal_signed_off": "on",
            "staff_on_site": "on",
            "version": 0,
        },
    )
    checklist = PointReadiness.objects.get(point=hanoi_point)
    assert (checklist.contact_name, checklist.camera, checklist.staff_on_site) == (
        "Lê Văn Mạng",
        "Polycom",
        True,
    )
    # The province sees its own readiness and next test slot, read-only.
    page = hanoi_client.get(reverse("readiness:point", args=[hanoi_point.pk]))
    assert page.status_code == 200
    assert page.context["can_record"] is False
    assert "14:00 20/11/2022" in page.content.decode()


def test_province_may_not_record_tests_and_sees_no_other_point(
    hanoi_point, hue_point, hanoi_client, organiser_client
):
    assert (
        hanoi_client.post(
            reverse("readiness:quick_ok", args=[hanoi_point.pk])
        ).status_code
        == 403
    )
    assert (
        hanoi_client.get(reverse("readiness:point", args=[hue_point.pk])).status_code
        == 404
    )
    assert (
        organiser_client.post(
            reverse("readiness:quick_ok", args=[hanoi_point.pk])
        ).status_code
        == 403
    )
    assert not ConnectionTest.objects.exists()


@time_machine.travel(ON_THE_DAY, tick=False)
def test_province_and_technician_mark_points_connected(
    hanoi_point, hue_point, hanoi_client, technician_client
):
    hanoi_client.post(
        reverse("readiness:check_in", args=[hanoi_point.pk]),
        {"present_count": 25, "version": 0},
    )
    technician_client.post(
        reverse("readiness:check_in", args=[hue_point.pk]),
        {"present_count": 12, "version": 0},
    )
    assert dict(DayCheckIn.objects.values_list("point__name", "present_count")) == {
        hanoi_point.name: 25,
        hue_point.name: 12,
    }
    assert (
        hanoi_client.post(
            reverse("readiness:check_in", args=[hue_point.pk]), {"present_count": 1}
        ).status_code
        == 404
    )


def test_main_point_check_in_is_for_technicians(main_point, organiser_client):
    factories.technician(username="t2")
    assert (
        organiser_client.get(
            reverse("readiness:check_in", args=[main_point.pk])
        ).status_code
        == 403
    )


@time_machine.travel(ON_THE_DAY, tick=False)
@pytest.mark.parametrize(
    "name, extra, organiser, technician, own_province",
    [
        ("readiness:point", [], 200, 200, 200),
        ("readiness:checklist_edit", [], 403, 200, 403),
        ("readiness:test_record", [1], 403, 200, 403),
        ("readiness:check_in", [], 403, 200, 200),
    ],
)
def test_access_per_role_for_every_readiness_page(
    hanoi_point,
    organiser_client,
    technician_client,
    hanoi_client,
    hue_client,
    admin_client_role,
    client,
    name,
    extra,
    organiser,
    technician,
    own_province,
):
    url = reverse(name, args=[hanoi_point.pk, *extra])
    assert organiser_client.get(url).status_code == organiser
    assert technician_client.get(url).status_code == technician
    assert hanoi_client.get(url).status_code == own_province
    assert hue_client.get(url).status_code == 404
    assert admin_client_role.get(url).status_code == 200
    assert client.get(url).status_code == 302


def test_unknown_round_is_not_found(hanoi_point, technician_client):
    url = reverse("readiness:test_record", args=[hanoi_point.pk, 3])
    assert technician_client.get(url).status_code == 404
