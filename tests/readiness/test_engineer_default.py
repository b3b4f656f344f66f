"""The connection test form: "Kỹ thuật viên" is a person, the signed-in
technician by name for a new round; a recorded round keeps who ran it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.otp import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_technician_client(db):
    user = factories.technician(
        username="tttt-named", first_name="Phạm Minh", last_name="Tuấn"
    )
    client = Client()
    login_verified(client, user)
    return client


def test_a_new_round_names_the_signed_in_technician(
    hanoi_point, named_technician_client
):
    url = reverse("readiness:test_record", args=[hanoi_point.pk, 1])
    response = named_technician_client.get(url)
    form = response.context["form"]
    assert form["engineer"].value() == "Phạm Minh Tuấn"
    page = response.content.decode()
    assert "Kỹ thuật viên" in page
    assert "Họ và tên người trực tiếp kiểm tra." in page
    assert 'placeholder="ngày/tháng/năm giờ:phút"' in page


def test_a_technician_without_a_name_gets_no_login_as_a_name(
    hanoi_point, technician_client
):
    url = reverse("readiness:test_record", args=[hanoi_point.pk, 1])
    form = technician_client.get(url).context["form"]
    assert form["engineer"].value() in ("", None)


def test_a_recorded_round_keeps_who_ran_it(hanoi_point, named_technician_client):
    url = reverse("readiness:test_record", args=[hanoi_point.pk, 1])
    named_technician_client.post(
        url,
        {
            "tested_at": "18/11/2022 09:30",
            "result": "ok",
            "engineer": "Đỗ Văn Kiểm",
            "version": 0,
        },
    )
    form = named_technician_client.get(url).context["form"]
    assert form["engineer"].value() == "Đỗ Văn Kiểm"
