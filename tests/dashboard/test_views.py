from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.enums import DelegateRole
from tests import factories

pytestmark = pytest.mark.django_db


def test_rollup_lists_every_point_with_counts(
    conference, main_point, hanoi_point, hue_point, organiser_client
):
    factories.DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    factories.DelegateFactory(point=hanoi_point)
    factories.TaskFactory(conference=conference, title="Dự thảo Giấy mời")

    response = organiser_client.get(reverse("dashboard:rollup", args=[conference.slug]))

    points = response.context["points"]
    assert [p.name for p in points] == [
        main_point.name,
        hanoi_point.name,
        hue_point.name,
    ]
    by_name = {p.name: p for p in points}
    assert (
        by_name[hanoi_point.name].delegate_count,
        by_name[hanoi_point.name].chair_count,
    ) == (2, 1)
    assert (
        by_name[hue_point.name].list_status == "late"
    )  # the plan's deadline has passed
    assert "Dự thảo Giấy mời" in response.content.decode()


def test_rollup_query_count_does_not_grow_with_points(conference, organiser_client):
    url = reverse("dashboard:rollup", args=[conference.slug])

    def queries_with(total):
        while conference.points.count() < total:
            point = factories.BridgePointFactory(conference=conference)
            factories.DelegateFactory(point=point)
        organiser_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(url)
        assert len(response.context["points"]) == total
        return len(queries)

    assert queries_with(2) == queries_with(12)


def test_rollup_is_hidden_from_province_staff_and_technicians(
    conference, hanoi_client, technician_client, client
):
    url = reverse("dashboard:rollup", args=[conference.slug])
    assert hanoi_client.get(url).status_code == 404
    assert technician_client.get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_connection_list_for_technicians_only(
    conference, hanoi_point, technician_client, hanoi_client, organiser_client
):
    hanoi_point.technical_contact_name = "Vũ Kỹ Thuật"
    hanoi_point.technical_contact_phone = "+842438251234"
    hanoi_point.save()
    url = reverse("dashboard:connection_list", args=[conference.slug])
    response = technician_client.get(url)
    assert [p.pk for p in response.context["points"]] == [hanoi_point.pk]
    assert (
        'Vũ Kỹ Thuật · <a href="tel:+842438251234">024 3825 1234</a>'
        in response.content.decode()
    )
    assert hanoi_client.get(url).status_code == 404
    assert organiser_client.get(url).status_code == 404


def test_unknown_conference_is_404(organiser_client):
    assert (
        organiser_client.get(reverse("dashboard:rollup", args=["khong-co"])).status_code
        == 404
    )


def test_home_sends_each_role_to_its_page(
    conference,
    hanoi_point,
    hanoi_client,
    organiser_client,
    technician_client,
    admin_client_role,
):
    conference.starts_at = timezone.now() + timedelta(days=10)
    conference.save()
    home = reverse("home")
    assert hanoi_client.get(home)["Location"] == reverse(
        "participants:point_detail", args=[hanoi_point.pk]
    )
    assert organiser_client.get(home)["Location"] == reverse(
        "dashboard:rollup", args=[conference.slug]
    )
    assert technician_client.get(home)["Location"] == reverse(
        "dashboard:connection_list", args=[conference.slug]
    )
    # The admin's "view site" link leads here: the portal, not the admin again.
    assert admin_client_role.get(home)["Location"] == reverse(
        "dashboard:rollup", args=[conference.slug]
    )


def test_home_sends_the_admin_to_the_admin_without_a_conference(admin_client_role):
    assert admin_client_role.get(reverse("home"))["Location"] == reverse("admin:index")


def test_home_without_a_conference_says_so(hanoi_client):
    response = hanoi_client.get(reverse("home"))
    assert response.status_code == 200
    assert "Chưa có hội nghị nào" in response.content.decode()


def test_home_picks_the_next_conference(hanoi, hanoi_client):
    now = timezone.now()
    past = factories.ConferenceFactory(
        unit_set=hanoi.unit_set, starts_at=now - timedelta(days=300)
    )
    upcoming = factories.ConferenceFactory(
        unit_set=hanoi.unit_set, starts_at=now + timedelta(days=14)
    )
    factories.BridgePointFactory(conference=past, unit=hanoi)
    point = factories.BridgePointFactory(conference=upcoming, unit=hanoi)
    assert hanoi_client.get(reverse("home"))["Location"] == reverse(
        "participants:point_detail", args=[point.pk]
    )
