"""Issue #16 (13): a send to many asks first, naming how many it reaches, and then
shows its progress. "Nhắc ngay" to every late province, the invitations, and the
programme's publication."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from documents.models import ProgrammeVersion
from outbox.models import OutboxMessage
from outbox.services import enqueue_mail
from tests import factories
from tests.otp import login_verified

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    login_verified(client, user)
    return client


def _audience(html: str) -> dict[str, int]:
    return {
        name: int(value)
        for name, value in re.findall(r'data-testid="audience-(\w+)">(\d+)</dd>', html)
    }


@pytest.fixture
def second_hue_address(people):
    return factories.province_staff(people["hue"].unit, email="vanthu@hue.gov.vn")


def test_remind_late_names_the_addresses_and_provinces_then_writes_exactly_them(
    people, plan, second_hue_address
):
    client = _client(people["cchc"])
    url = reverse("reminders:remind_now", args=[plan.slug])

    page = client.get(url, {"target": "late"})

    html = page.content.decode()
    assert _audience(html) == {"addresses": 3, "provinces": 2}
    assert '<input type="hidden" name="target" value="late">' in html
    assert OutboxMessage.objects.count() == 0

    response = client.post(url, {"target": "late", "confirmed": "1"})

    rows = OutboxMessage.objects.all()
    assert sorted(rows.values_list("recipient", flat=True)) == [
        "snv@hanoi.gov.vn",
        "snv@hue.gov.vn",
        "vanthu@hue.gov.vn",
    ]
    (batch,) = set(rows.values_list("batch", flat=True))
    assert response["Location"] == reverse("outbox:batch", args=[batch])


def test_remind_now_by_get_or_without_confirmation_writes_nothing(people, plan):
    client = _client(people["cchc"])
    url = reverse("reminders:remind_now", args=[plan.slug])

    client.get(url, {"target": "late"})
    unconfirmed = client.post(url, {"target": "late"})
    point = client.post(url, {"target": f"point:{people['hue'].pk}"})

    assert unconfirmed.status_code == point.status_code == 200
    assert _audience(unconfirmed.content.decode()) == {
        "addresses": 2,
        "provinces": 2,
    }
    assert _audience(point.content.decode()) == {"addresses": 1, "provinces": 1}
    assert OutboxMessage.objects.count() == 0


def test_remind_a_unit_names_the_unit(people, plan):
    unit = people["vpb"].organisational_units.get()
    client = _client(people["cchc"])
    url = reverse("reminders:remind_now", args=[plan.slug])

    page = client.get(url, {"target": f"unit:{unit.pk}"})

    expected = _audience(page.content.decode())
    client.post(url, {"target": f"unit:{unit.pk}", "confirmed": "1"})
    assert expected == {"addresses": OutboxMessage.objects.count(), "units": 1}


def test_a_second_send_within_the_window_names_nobody(people, plan):
    client = _client(people["cchc"])
    url = reverse("reminders:remind_now", args=[plan.slug])
    client.post(url, {"target": "late", "confirmed": "1"})

    page = client.get(url, {"target": "late"}).content.decode()
    again = client.post(url, {"target": "late", "confirmed": "1"})

    assert 'data-testid="nothing-to-send"' in page
    assert again["Location"] == reverse("outbox:list")
    assert OutboxMessage.objects.count() == 2


def test_invitations_name_whom_they_reach_and_write_exactly_them(
    people, plan, settings, tmp_path, second_hue_address
):
    settings.MEDIA_ROOT = tmp_path
    client = _client(people["cchc"])
    url = reverse("reminders:send_invitations", args=[plan.slug])

    assert _audience(client.get(url).content.decode()) == {
        "addresses": 3,
        "provinces": 2,
    }
    assert client.post(url).status_code == 200  # not confirmed
    assert OutboxMessage.objects.count() == 0

    response = client.post(url, {"confirmed": "1"})

    assert OutboxMessage.objects.filter(key__startswith="invitation:").count() == 3
    batch = OutboxMessage.objects.values_list("batch", flat=True).first()
    assert response["Location"] == reverse("outbox:batch", args=[batch])
    # Everyone invited: the next confirmation names nobody.
    assert 'data-testid="nothing-to-send"' in client.get(url).content.decode()


def test_publishing_the_programme_names_whom_it_tells_then_shows_the_send(
    people, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = _client(people["cchc"])
    url = reverse("documents:publish_programme", args=[plan.slug])

    page = client.get(url).content.decode()

    assert "Chương trình phiên bản 1 sẽ được lưu và gửi" in page
    assert _audience(page) == {"addresses": 2, "provinces": 2}
    client.post(url)  # not confirmed
    assert ProgrammeVersion.objects.count() == 0

    response = client.post(url, {"confirmed": "1"})

    assert ProgrammeVersion.objects.get().number == 1
    rows = OutboxMessage.objects.filter(key__startswith="programme-")
    assert rows.count() == 2
    batch = rows.values_list("batch", flat=True).first()
    assert response["Location"] == reverse("outbox:batch", args=[batch])
    unchanged = client.get(url).content.decode()
    assert "Chương trình không thay đổi so với lần công bố trước." in unchanged


def test_mass_send_pages_are_404_for_everyone_else(people, plan):
    enqueue_mail(
        key="test:batch",
        recipients=["a@x.vn"],
        template="delegate_list_reopened",
        context={"point": {"name": "Huế"}, "point_path": "/points/2/"},
    )
    batch = OutboxMessage.objects.get().batch
    urls = [
        reverse("reminders:remind_now", args=[plan.slug]) + "?target=late",
        reverse("reminders:send_invitations", args=[plan.slug]),
        reverse("outbox:batch", args=[batch]),
        reverse("documents:publish_programme", args=[plan.slug]),
    ]
    for user in [people["snv01"], people["vpb"], factories.technician()]:
        client = _client(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url, {"confirmed": "1"}).status_code == 404
    for url in urls:
        assert Client().get(url)["Location"].startswith(reverse("login"))
    assert OutboxMessage.objects.count() == 1
    assert ProgrammeVersion.objects.count() == 0
    organiser = _client(people["cchc"])
    assert (
        organiser.get(reverse("outbox:batch", args=[uuid.uuid4()])).status_code == 404
    )


def test_a_programme_with_nobody_to_tell_is_still_published(conference):
    client = _client(factories.organiser(username="cchc-alone"))
    url = reverse("documents:publish_programme", args=[conference.slug])

    page = client.get(url).content.decode()
    response = client.post(url, {"confirmed": "1"})

    assert "Chương trình phiên bản 1 sẽ được lưu và gửi" in page
    assert 'data-testid="confirm-send"' in page
    assert ProgrammeVersion.objects.get().number == 1
    assert OutboxMessage.objects.count() == 0
    assert response["Location"] == reverse(
        "documents:conference", args=[conference.slug]
    )
