from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.enums import Agency, DelegateRole, ListStatus, RegistrationStatus
from readiness.enums import Readiness
from readiness.models import ConnectionTest, DayCheckIn
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_conference(conference):
    conference.delegate_list_deadline = timezone.now() + timedelta(days=2)
    conference.starts_at = timezone.now() + timedelta(days=4)
    conference.save()
    return conference


def _unit(conference, code, name, region):
    return factories.UnitFactory(
        unit_set=conference.unit_set, code=code, name=name, region=region
    )


@pytest.fixture
def four_points(open_conference):
    """Hà Nội submitted with a chair, Bắc Ninh draft, Đắk Lắk not started, Huế reopened."""
    c = open_conference
    hanoi = factories.BridgePointFactory(
        conference=c, unit=_unit(c, "01", "Hà Nội", "Bắc")
    )
    factories.DelegateFactory(point=hanoi, role=DelegateRole.CHAIR)
    factories.DelegateFactory(point=hanoi, agency=Agency.JUSTICE)
    hanoi.delegate_list.status = RegistrationStatus.SUBMITTED
    hanoi.delegate_list.submitted_at = timezone.now()
    hanoi.delegate_list.save()
    bac_ninh = factories.BridgePointFactory(
        conference=c, unit=_unit(c, "27", "Bắc Ninh", "Bắc")
    )
    factories.DelegateFactory(point=bac_ninh)
    dak_lak = factories.BridgePointFactory(
        conference=c, unit=_unit(c, "66", "Đắk Lắk", "Trung")
    )
    hue = factories.BridgePointFactory(
        conference=c, unit=_unit(c, "46", "Thừa Thiên Huế", "Trung")
    )
    hue.delegate_list.status = RegistrationStatus.REOPENED
    hue.delegate_list.save()
    ConnectionTest.objects.create(
        point=hue, round=1, result="failed", tested_at=timezone.now(), engineer="K"
    )
    return {"hanoi": hanoi, "bac_ninh": bac_ninh, "dak_lak": dak_lak, "hue": hue}


def _codes(response):
    return [p.unit.code for p in response.context["points"]]


def _get(client, conference, **params):
    return client.get(reverse("dashboard:rollup", args=[conference.slug]), params)


def test_dashboard_rows_counts_and_totals(
    open_conference, four_points, organiser_client
):
    factories.TaskFactory(conference=open_conference, title="Dự thảo Giấy mời")
    response = _get(organiser_client, open_conference)
    assert _codes(response) == ["01", "27", "46", "66"]
    hanoi = response.context["points"][0]
    assert (hanoi.delegate_count, hanoi.has_chair, hanoi.agency_justice) == (2, True, 1)
    assert [p.list_status for p in response.context["points"]] == [
        "submitted",
        "draft",
        "reopened",
        "not_started",
    ]
    totals = response.context["totals"]
    assert (totals.points, totals.by_status["submitted"], totals.no_chair) == (4, 1, 3)
    assert (totals.by_readiness["not_tested"], totals.by_readiness["problem"]) == (3, 1)
    # A bar per status and per level, each with its share of all points.
    assert [(s.value, n, pct) for s, n, pct in totals.status_bars()] == [
        ("not_started", 1, 25),
        ("draft", 1, 25),
        ("submitted", 1, 25),
        ("reopened", 1, 25),
        ("late", 0, 0),
    ]
    readiness = {r.value: (n, pct) for r, n, pct in totals.readiness_bars()}
    assert (readiness["not_tested"], readiness["problem"]) == ((3, 75), (1, 25))
    assert list(readiness) == Readiness.values
    html = response.content.decode()
    assert html.count('<div class="dash-bar">') == len(ListStatus) + len(Readiness)
    assert "1/4 đã gửi" in html
    assert "3 chưa kiểm tra kết nối" in html
    assert "Dự thảo Giấy mời" in html
    assert 'data-label="Mã"' in html  # labelled cards on a phone


def test_statuses_around_the_deadline(open_conference, four_points, organiser_client):
    deadline = timezone.now() + timedelta(minutes=1)
    open_conference.delegate_list_deadline = deadline
    open_conference.save()
    before = _get(organiser_client, open_conference)
    assert before.context["totals"].late == 0
    open_conference.delegate_list_deadline = timezone.now() - timedelta(seconds=1)
    open_conference.save()
    after = _get(organiser_client, open_conference)
    # Submitted stays submitted, a reopened list runs until the start, others are late.
    assert [p.list_status for p in after.context["points"]] == [
        "submitted",
        "late",
        "reopened",
        "late",
    ]
    assert after.context["totals"].late == 2


@pytest.mark.parametrize(
    "params, codes",
    [
        ({"status": "draft"}, ["27"]),
        ({"status": "not_started"}, ["66"]),
        ({"readiness": "problem"}, ["46"]),
        ({"readiness": "not_tested", "region": "Bắc"}, ["01", "27"]),
        ({"region": "Trung"}, ["46", "66"]),
        ({"q": "bac ninh"}, ["27"]),
        ({"q": "BẮC NINH"}, ["27"]),
        ({"q": "ha noi"}, ["01"]),
        ({"q": "HA NOI"}, ["01"]),
        ({"q": "Hà Nội"}, ["01"]),
        ({"q": "dak lak"}, ["66"]),
        ({"q": "đắk"}, ["66"]),
        ({"q": "hue"}, ["46"]),
        ({"q": "66"}, ["66"]),
        ({"status": "nonsense"}, ["01", "27", "46", "66"]),
        ({"sort": "-code"}, ["66", "46", "27", "01"]),
        ({"sort": "delegates"}, ["46", "66", "27", "01"]),
        # Statuses sort in their workflow order: not started, draft, submitted,
        # reopened, late; readiness: not tested, in progress, problem, ready.
        ({"sort": "status"}, ["66", "27", "01", "46"]),
        ({"sort": "-status"}, ["46", "01", "27", "66"]),
        ({"sort": "-readiness"}, ["46", "01", "27", "66"]),
        ({"sort": "name"}, ["27", "66", "01", "46"]),
    ],
)
def test_filters_search_and_sort(
    open_conference, four_points, organiser_client, params, codes
):
    assert _codes(_get(organiser_client, open_conference, **params)) == codes


def test_filters_stay_in_links_to_the_point(
    open_conference, four_points, organiser_client
):
    response = _get(organiser_client, open_conference, status="draft", q="bac ninh")
    link = (
        reverse("participants:point_detail", args=[four_points["bac_ninh"].pk])
        + "?back=/conferences/"
        + open_conference.slug
        + "/rollup/%3Fstatus%3Ddraft%26q%3Dbac%2Bninh"
    )
    assert link in response.content.decode()
    page = organiser_client.get(link)
    assert (
        page.context["back"]
        == f"/conferences/{open_conference.slug}/rollup/?status=draft&q=bac+ninh"
    )
    # Another site is not a way back.
    evil = organiser_client.get(
        reverse("participants:point_detail", args=[four_points["bac_ninh"].pk]),
        {"back": "https://evil.example/"},
    )
    assert evil.context["back"] == ""


def test_query_count_does_not_grow_with_points_or_delegates(
    open_conference, organiser_client
):
    def queries_with(total, delegates):
        while open_conference.points.count() < total:
            point = factories.BridgePointFactory(conference=open_conference)
            for _ in range(delegates):
                factories.DelegateFactory(point=point)
        _get(organiser_client, open_conference)
        with CaptureQueriesContext(connection) as queries:
            response = _get(organiser_client, open_conference)
        assert response.context["page"].paginator.count == total
        return len(queries)

    assert queries_with(2, 1) == queries_with(12, 3)


# The PDFs are started by POST (tests/dashboard/test_pdf_jobs.py).
ROUTES = [
    "rollup",
    "map",
    "export_xlsx",
    "connection_list",
    "day",
]
TECHNICIAN_ROUTES = {"map", "connection_list", "day"}


@pytest.mark.parametrize("name", ROUTES)
def test_access_per_role(
    name,
    open_conference,
    four_points,
    organiser_client,
    admin_client_role,
    technician_client,
    hanoi_client,
    client,
):
    url = reverse(f"dashboard:{name}", args=[open_conference.slug])
    assert organiser_client.get(url).status_code == 200
    assert admin_client_role.get(url).status_code == 200
    assert technician_client.get(url).status_code == (
        200 if name in TECHNICIAN_ROUTES else 403
    )
    assert hanoi_client.get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_map_uses_the_sets_layout(open_conference, four_points, organiser_client):
    open_conference.unit_set.code = "vn-2022"
    open_conference.unit_set.save()
    response = organiser_client.get(
        reverse("dashboard:map", args=[open_conference.slug])
    )
    assert response.context["from_layout"] is True
    tiles = {t["tile"].code: t for t in response.context["tiles"]}
    # Hà Nội (row 3) lies north of Huế (row 10); Đắk Lắk inland of the coast.
    assert (tiles["01"]["tile"].row, tiles["46"]["tile"].row) == (3, 10)
    assert (tiles["01"]["key"], tiles["01"]["symbol"], tiles["01"]["tile"].short) == (
        "submitted",
        "✓",
        "HN",
    )
    html = response.content.decode()
    assert "tile-status-submitted" in html
    assert "Chú giải" in html or 'data-testid="map-legend"' in html


def test_map_by_readiness_and_fallback_grid(
    open_conference, four_points, technician_client
):
    open_conference.unit_set.code = "no-layout"
    open_conference.unit_set.save()
    response = technician_client.get(
        reverse("dashboard:map", args=[open_conference.slug]), {"by": "readiness"}
    )
    assert response.context["from_layout"] is False
    tiles = {t["tile"].code: t for t in response.context["tiles"]}
    # Regions one under the other: Bắc first, then Trung after a blank row.
    assert {c: (t["tile"].col, t["tile"].row) for c, t in tiles.items()} == {
        "01": (0, 0),
        "27": (1, 0),
        "46": (0, 2),
        "66": (1, 2),
    }
    assert (tiles["46"]["key"], tiles["46"]["symbol"]) == ("problem", "✗")
    # Technicians do not open the delegate lists from the map.
    assert reverse("readiness:point", args=[four_points["hue"].pk]) in (
        response.content.decode()
    )


def test_connection_lists(open_conference, four_points, technician_client):
    four_points["hanoi"].technical_contact_name = "Vũ Kỹ Thuật"
    four_points["hanoi"].save()
    url = reverse("dashboard:connection_list", args=[open_conference.slug])

    def codes(listing):
        response = technician_client.get(url, {"list": listing})
        return [p.unit.code for p in response.context["points"]]

    listings = technician_client.get(url).context["listings"]
    assert [key for key, _label in listings] == [
        "",
        "not_tested",
        "problem",
        "no_contact",
    ]
    assert str(listings[2][1]) == "Kiểm tra có sự cố"
    assert codes("not_tested") == ["01", "27", "66"]
    assert codes("problem") == ["46"]
    assert codes("no_contact") == ["27", "46", "66"]


def test_connection_list_is_paged_keeping_its_list(
    open_conference, four_points, technician_client, monkeypatch
):
    """At 3,321 points the technicians' list is a page of points, not all of them."""
    from dashboard import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    url = reverse("dashboard:connection_list", args=[open_conference.slug])
    first = technician_client.get(url, {"list": "not_tested"})
    assert [p.unit.code for p in first.context["points"]] == ["01", "27"]
    page = first.content.decode()
    assert "3 điểm cầu" in page
    assert "?list=not_tested&amp;page=2" in page
    second = technician_client.get(url, {"list": "not_tested", "page": 2})
    assert [p.unit.code for p in second.context["points"]] == ["66"]


def test_day_view_shows_missing_and_updates_by_htmx(
    open_conference, four_points, organiser_client
):
    from datetime import datetime

    from tests.factories import VN

    open_conference.starts_at = datetime(2022, 11, 22, 8, 0, tzinfo=VN)
    open_conference.save()
    DayCheckIn.objects.create(
        point=four_points["hanoi"],
        connected_at=datetime(2022, 11, 22, 7, 40, tzinfo=VN),
        present_count=30,
    )
    url = reverse("dashboard:day", args=[open_conference.slug])
    page = organiser_client.get(url)
    assert 'hx-trigger="every 5s"' in page.content.decode()
    assert "vendor/htmx/htmx.min.js" in page.content.decode()
    partial = organiser_client.get(url, headers={"HX-Request": "true"})
    day = partial.context["day"]
    assert [p.unit.code for p in day.missing] == ["27", "46", "66"]
    assert day.present_total == 30
    assert [
        (f"{timezone.localtime(moment):%H:%M}", [p.unit.code for p in missing])
        for moment, missing in day.milestones
    ] == [
        ("07:30", ["01", "27", "46", "66"]),
        ("07:45", ["27", "46", "66"]),
        ("08:00", ["27", "46", "66"]),
    ]
    assert "<html" not in partial.content.decode()
    assert "1/4" in partial.content.decode()


def test_map_escapes_names(open_conference, organiser_client):
    unit = factories.UnitFactory(
        unit_set=open_conference.unit_set, code="99", name='<script>"x"</script>'
    )
    point = factories.BridgePointFactory(conference=open_conference, unit=unit)
    html = organiser_client.get(
        reverse("dashboard:map", args=[open_conference.slug])
    ).content.decode()
    svg = html[html.index('<svg class="tile-map"') : html.rindex("</svg>")]
    assert "<script>" not in html
    # The tile's title and link, escaped by the template.
    url = reverse("participants:point_detail", args=[point.pk])
    assert (
        f'<a href="{url}"><title>&lt;script&gt;&quot;x&quot;&lt;/script&gt; (99): '
    ) in svg


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
