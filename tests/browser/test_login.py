"""Every role signs in through the login form and lands on its own page (the other
browser tests sign in without the form: support.sign_in)."""

import pytest
from playwright.sync_api import expect

from tests import factories

from .support import PASSWORD, assert_vietnamese, log_in, screenshot, with_password

pytestmark = pytest.mark.browser


def test_login_province_staff_lands_on_own_point(portal, page, live_server):
    point = portal.province_point
    user = with_password(factories.province_staff(point.unit, username="snv-01"))

    log_in(page, live_server.url, username=user.username)

    expect(page).to_have_url(f"{live_server.url}/points/{point.pk}/")
    assert_vietnamese(page)
    expect(page.get_by_test_id("point-name")).to_have_text("Điểm cầu Thành phố Hà Nội")
    expect(page.get_by_test_id("current-user")).to_have_text(
        "snv-01 · Thành phố Hà Nội"
    )


def test_login_organiser_lands_on_rollup(portal, page, live_server):
    user = with_password(factories.organiser(username="cchc"))

    log_in(page, live_server.url, username=user.username)

    expect(page).to_have_url(
        f"{live_server.url}/conferences/hoi-nghi-cchc-2022/rollup/"
    )
    assert_vietnamese(page)
    expect(page.get_by_test_id("point-count")).to_have_text("2")
    rows = page.get_by_test_id("rollup-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Điểm cầu chính Bộ Nội vụ")
    expect(rows.nth(1)).to_contain_text("Điểm cầu Thành phố Hà Nội")
    screenshot(page, "rollup_1280.png")


def test_login_technician_lands_on_connection_checks(portal, page, live_server):
    user = with_password(factories.technician(username="tttt"))

    log_in(page, live_server.url, username=user.username)

    expect(page).to_have_url(
        f"{live_server.url}/conferences/hoi-nghi-cchc-2022/connection-checks/"
    )
    assert_vietnamese(page)
    rows = page.get_by_test_id("connection-table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Điểm cầu chính Bộ Nội vụ")
    expect(rows.nth(1)).to_contain_text("Điểm cầu Thành phố Hà Nội")


def test_login_admin_lands_on_admin_site(portal, page, live_server):
    user = with_password(factories.admin_user(username="quantri"))

    log_in(page, live_server.url, username=user.username)

    expect(page).to_have_url(f"{live_server.url}/admin/")
    assert_vietnamese(page)
    expect(page.locator("#user-tools strong")).to_have_text("quantri")


def test_login_wrong_password_stays_on_login_form(portal, page, live_server):
    with_password(factories.organiser(username="cchc"))

    log_in(page, live_server.url, username="cchc", password=PASSWORD + "-sai")

    expect(page).to_have_url(f"{live_server.url}/login/")
    assert_vietnamese(page)
    expect(page.locator("main form .alert-danger")).to_have_count(1)
    expect(page.get_by_test_id("current-user")).to_have_count(0)


def test_point_page_has_no_horizontal_scroll_at_375px(
    portal, browser, browser_context_args, live_server
):
    point = portal.province_point
    user = with_password(factories.province_staff(point.unit, username="snv-01"))
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 375, "height": 812}}
    )
    try:
        page = context.new_page()
        log_in(page, live_server.url, username=user.username)
        expect(page).to_have_url(f"{live_server.url}/points/{point.pk}/")
        screenshot(page, "point_detail_375.png")
        expect(page.get_by_test_id("point-name")).to_have_text(
            "Điểm cầu Thành phố Hà Nội"
        )

        scroll_width = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    assert isinstance(scroll_width, int)
    assert scroll_width <= 375
