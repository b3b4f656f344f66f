"""Sở Nội vụ walks its point page's steps on a 375 px phone, without scrolling
sideways: 1. the point and its chair, 2. the delegates, 3. sending."""

import pytest
from playwright.sync_api import expect

from participants.enums import RegistrationStatus
from tests import factories

from .support import screenshot, sign_in, with_password

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 667


def _no_sideways_scroll(page) -> None:
    # Measured only once the page has loaded: right after a click that
    # navigates, the old document may be gone and the new one not yet there.
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide"


def test_province_walks_the_steps_on_a_phone(portal, browser, live_server):
    point = portal.province_point
    with_password(factories.province_staff(point.unit, username="snv-01"))
    context = browser.new_context(
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": WIDTH, "height": HEIGHT},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "snv-01")
    page.goto(f"{live_server.url}/points/{point.pk}/")

    # The documents first; the delegates start within the first screen.
    links = page.get_by_test_id("document-links").bounding_box()
    step_point = page.get_by_test_id("step-point").bounding_box()
    assert links["y"] < step_point["y"]
    assert page.get_by_test_id("step-delegates").bounding_box()["y"] < HEIGHT
    expect(page.get_by_test_id("agenda")).to_be_hidden()
    # Nothing to send yet: the button is disabled, with its reason beside it.
    expect(page.get_by_test_id("submit-list")).to_be_disabled()
    expect(page.get_by_test_id("submit-blocked")).to_contain_text(
        "Danh sách chưa có đại biểu nào"
    )
    _no_sideways_scroll(page)
    screenshot(page, "province_steps_empty_375.png")

    # Step 1: the chair, typed with a title and in mixed case.
    page.get_by_test_id("add-chair").click()
    expect(page.locator("select[name=role]")).to_have_value("chair")
    page.locator("input[name=full_name]").fill("ông NGUYỄN văn hùng")
    page.locator("input[name=position]").fill("Giám đốc Sở Nội vụ")
    page.locator("select[name=agency]").select_option(label="Sở Nội vụ")
    page.locator("input[name=phone]").fill("0912 345 678")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator("main")).to_contain_text("Không ghi danh xưng (“ông”)")
    expect(page.locator("input[name=full_name]")).to_have_value("Nguyễn Văn Hùng")
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Lưu", exact=True).click()
    # Step 1 folds once the chair is set; the chair's name stays in view.
    expect(page.get_by_test_id("step-point-summary")).to_contain_text("Nguyễn Văn Hùng")
    expect(page.get_by_test_id("edit-chair")).to_be_hidden()
    page.get_by_test_id("step-point-summary").click()
    expect(page.get_by_test_id("edit-chair")).to_be_visible()

    # Step 2: a delegate.
    page.get_by_test_id("add-delegate").click()
    page.locator("input[name=full_name]").fill("Trần Thị Mai")
    page.locator("select[name=agency]").select_option(label="Sở Tư pháp")
    page.locator("input[name=phone]").fill("0983 456 789")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_test_id("delegate-count")).to_have_text("2")
    expect(page.get_by_test_id("step-delegates")).to_contain_text("0983 456 789")
    # The list itself starts within the first screen.
    first_row = page.get_by_test_id("delegate-row").first.bounding_box()
    assert first_row["y"] < HEIGHT
    # A stacked row's cells name their column; the actions cell names none, so no
    # lone ":" stands before "Sửa".
    before = page.evaluate(
        """[...document.querySelectorAll('[data-testid=delegate-row]')[0].cells]
        .map(cell => getComputedStyle(cell, '::before').content)"""
    )
    assert before[0] == '"Họ và tên: "'
    assert before[-1] == "none"
    _no_sideways_scroll(page)
    screenshot(page, "province_steps_ready_375.png")

    # Step 3: send, after seeing what is sent.
    page.get_by_test_id("submit-list").click()
    expect(page.get_by_test_id("confirm-submit")).to_be_visible()
    _no_sideways_scroll(page)
    page.get_by_test_id("confirm-submit").click()
    expect(page.get_by_test_id("list-locked")).to_be_visible()
    _no_sideways_scroll(page)
    point.delegate_list.refresh_from_db()
    assert point.delegate_list.status == RegistrationStatus.SUBMITTED
    context.close()
