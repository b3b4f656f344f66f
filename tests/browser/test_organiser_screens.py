"""Issue #18 (the organiser): a filter bar that never overlaps itself, a dashboard
that fits a 375 px phone, the chair's name in the roll-up, and a conference-day
screen that shows every missing point with a phone to call, on a 1920×1080 wall
screen too, for Văn phòng Bộ as well."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conference.models import BridgePoint
from tasks.models import OrganisationalUnit
from tests import factories
from tests.plan5774 import load_plan

from .support import screenshot, with_password

pytestmark = pytest.mark.browser

OVERLAPS = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)].map(e => e.getBoundingClientRect());
  const pairs = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b, j) => {
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      pairs.push([i, i + 1 + j]);
  }));
  return pairs;
}"""
SIDEWAYS = "() => document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.fixture
def plan(live_server):
    today = timezone.localdate()
    conference = load_plan(day=today + timedelta(days=14))
    points = BridgePoint.objects.filter(conference=conference, is_main=False)
    for index, point in enumerate(points.order_by("unit__code")):
        point.technical_contact_name = "Kỹ thuật viên"
        point.technical_contact_phone = f"+8491234{index:04d}"
        point.save(update_fields=["technical_contact_name", "technical_contact_phone"])
    return conference


def test_filter_bar_and_dashboard_fit_a_laptop_and_a_phone(plan, login, page):
    bac_ninh = BridgePoint.objects.get(conference=plan, unit__code="27")
    factories.DelegateFactory(
        point=bac_ninh, role="chair", full_name="Nguyễn Hương Giang"
    )
    organiser = with_password(factories.organiser(username="cchc"))
    for width, height in ((1366, 768), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        if width == 1366:
            login(organiser)
        page.goto(page.url.split("?")[0])
        screenshot(page, f"organiser-rollup-{width}.png")
        controls = (
            "[data-testid=filters] .filter-field, [data-testid=filters] .filter-actions"
        )
        assert page.evaluate(OVERLAPS, controls) == [], width
        labelled = "[data-testid=filters] select, [data-testid=filters] input[type=search], [data-testid=filters] button"
        assert page.evaluate(OVERLAPS, labelled) == [], width
        assert page.evaluate(SIDEWAYS) <= 0, width

    row = page.get_by_test_id("point-row").filter(has_text="Bắc Ninh")
    expect(row.get_by_test_id("chair")).to_have_text("Nguyễn Hương Giang")
    other = page.get_by_test_id("point-row").filter(has_text="Cao Bằng")
    expect(other.get_by_test_id("chair")).to_have_text("chưa đăng ký")


def test_the_wall_screen_shows_every_missing_point_with_a_phone(plan, login, page):
    organiser = with_password(factories.organiser(username="cchc"))
    login(organiser)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(
        page.url.split("/conferences/")[0] + f"/conferences/{plan.slug}/day/?wall=1"
    )

    missing = page.get_by_test_id("missing-point")
    expect(missing).to_have_count(63)
    bottoms = missing.evaluate_all(
        "items => items.map(i => i.getBoundingClientRect().bottom)"
    )
    assert max(bottoms) <= 1080, max(bottoms)  # no scrolling to see who is missing
    expect(missing.first.get_by_test_id("missing-phone")).to_have_text("0912 340 000")
    expect(missing.first.get_by_test_id("missing-phone")).to_have_attribute(
        "href", "tel:+84912340000"
    )
    screenshot(page, "organiser-day-wall-1920.png")


def test_van_phong_bo_opens_the_day_view_from_the_navigation(plan, login, page):
    vpb = with_password(factories.UserFactory(username="vpb-day"))
    OrganisationalUnit.objects.get(code="van-phong-bo").members.add(vpb)
    login(vpb)

    page.get_by_test_id("nav-day").click()

    expect(page.get_by_test_id("missing-count")).to_have_text("63")
    screenshot(page, "vpb-day.png")
