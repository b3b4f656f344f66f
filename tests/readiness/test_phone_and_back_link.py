"""The readiness page shows phones as people write them, through the one `phone`
filter, and leads back to the point for those who may open it."""

import pytest
from django.urls import reverse

from common.display import national_phone
from readiness.models import PointReadiness

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+842223822456", "0222 382 2456"),
        ("0222.3822.456", "0222 382 2456"),
        ("+84912345678", "0912 345 678"),
        ("0912345678", "0912 345 678"),
        ("+842438241234", "024 3824 1234"),
        ("(028) 3824 1234", "028 3824 1234"),
        ("+6591234567", "+65 9123 4567"),
        ("không có", "không có"),
        ("", ""),
    ],
)
def test_national_phone(stored, shown):
    assert national_phone(stored) == shown


def test_the_page_shows_the_point_contact_phone_as_written(hanoi_point, hanoi_client):
    hanoi_point.technical_contact_name = "Lê Văn Mạng"
    hanoi_point.technical_contact_phone = "+842223822456"
    hanoi_point.save()
    page = hanoi_client.get(reverse("readiness:point", args=[hanoi_point.pk]))
    contact = page.content.decode()
    contact = contact[contact.index('data-testid="technical-contact"') :]
    assert "0222 382 2456" in contact[: contact.index("</dd>")]


def test_the_page_shows_the_checklist_phone_as_written(hanoi_point, hanoi_client):
    PointReadiness.objects.update_or_create(
        point=hanoi_point,
        defaults={"contact_name": "Lê Văn Mạng", "contact_phone": "0912345678"},
    )
    page = hanoi_client.get(reverse("readiness:point", args=[hanoi_point.pk]))
    assert "0912 345 678" in page.content.decode()


def test_the_province_and_the_organiser_are_led_back_to_the_point(
    hanoi_point, hanoi_client, organiser_client
):
    url = reverse("readiness:point", args=[hanoi_point.pk])
    for client in (hanoi_client, organiser_client):
        page = client.get(url).content.decode()
        assert 'data-testid="back-to-point"' in page
        assert f'href="{hanoi_point.get_absolute_url()}"' in page


def test_the_technicians_get_no_link_to_a_page_they_may_not_open(
    hanoi_point, technician_client
):
    page = technician_client.get(reverse("readiness:point", args=[hanoi_point.pk]))
    assert 'data-testid="back-to-point"' not in page.content.decode()
