"""What a phone, a printer and an English browser show: labelled cards, the import's
errors first, a clean printout, and dates typed day-first whatever the browser."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.excel import applying, checking
from participants.excel.reading import RowData
from tests import factories
from tests.factories import VN

from .support import screenshot, sign_in, with_password

pytestmark = pytest.mark.browser


def _context(browser, *, width=375, locale="vi-VN"):
    return browser.new_context(
        locale=locale,
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": width, "height": 740},
    )


def _before(page, selector: str) -> str:
    return page.locator(selector).first.evaluate(
        "el => getComputedStyle(el, '::before').content"
    )


def test_phone_shows_labelled_cards_and_import_errors_first(
    portal, browser, live_server
):
    point = portal.province_point
    user = with_password(factories.province_staff(point.unit, username="snv-01"))
    factories.DelegateFactory(
        point=point, full_name="Nguyễn Văn Hùng", role="chair", phone="+84912345678"
    )
    check = checking.check_rows(
        point=point,
        rows=[
            RowData(
                number=2,
                data={
                    "full_name": "Trần Thị Mai",
                    "position": "Chuyên viên phòng Cải cách hành chính",
                    "agency": "home_affairs",
                    "agency_other": "",
                    "phone": "12345",
                    "email": "",
                    "role": "attendee",
                },
            )
        ],
        mode="append",
    )
    staged = applying.save_import(
        point=point, check=check, file_name="ds.xlsx", by=user
    )
    context = _context(browser)
    page = context.new_page()
    sign_in(page, live_server.url, "snv-01")

    # A delegate card: the header row is hidden, each value says what it is.
    expect(page.locator("[data-testid=delegate-table] thead")).to_be_hidden()
    cell = page.locator("[data-testid=delegate-row] td[data-label='Điện thoại']")
    expect(cell).to_have_text("0912 345 678")
    assert _before(page, "[data-testid=delegate-row] td[data-label='Họ và tên']") == (
        '"Họ và tên: "'
    )
    screenshot(page, "point_375.png")

    # The import preview: the row's error is the first thing of its card, on screen.
    page.goto(f"{live_server.url}/points/{point.pk}/delegates/import/{staged.pk}/")
    row = page.get_by_test_id("row-with-errors")
    errors = row.get_by_test_id("row-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("Số điện thoại")
    error_box = errors.bounding_box()
    name_box = row.locator("td[data-label='Họ và tên']").bounding_box()
    assert error_box["y"] < name_box["y"]
    assert error_box["x"] >= 0 and error_box["x"] + error_box["width"] <= 375
    screenshot(page, "import_preview_375.png")
    context.close()


@pytest.mark.parametrize("locale", ["en-US", "vi-VN"])
def test_new_deadline_is_typed_day_first_in_any_browser_language(
    locale, portal, browser, live_server
):
    point = portal.province_point
    with_password(factories.organiser(username="cchc"))
    context = _context(browser, width=1280, locale=locale)
    page = context.new_page()
    sign_in(page, live_server.url, "cchc")
    page.goto(f"{live_server.url}/points/{point.pk}/")
    year = (timezone.now() + timedelta(days=400)).year
    # A deadline before the conference starts: the conference moves to January.
    portal.conference.starts_at = datetime(year + 1, 1, 10, 8, 0, tzinfo=VN)
    portal.conference.save()

    field = page.locator("input[name=extend_to]")
    assert field.get_attribute("type") == "text"
    expect(field).to_have_attribute("placeholder", "ngày/tháng/năm giờ:phút")
    field.fill(f"11/12/{year} 17:30")
    page.locator("textarea[name=reason]").fill("Tỉnh xin thêm thời gian")
    page.get_by_test_id("extend-deadline").click()  # a draft's deadline is extended

    expect(page.get_by_test_id("deadline")).to_contain_text(f"17:30 11/12/{year}")
    point.refresh_from_db()
    local = timezone.localtime(point.delegate_list.deadline_extended_to)
    assert (local.day, local.month, local.hour, local.minute) == (11, 12, 17, 30)
    context.close()


def test_print_shows_the_title_time_and_a_plain_table(portal, browser, live_server):
    point = portal.province_point
    with_password(factories.province_staff(point.unit, username="snv-01"))
    factories.DelegateFactory(point=point, full_name="Nguyễn Văn Hùng", role="chair")
    context = _context(browser, width=1280)
    page = context.new_page()
    sign_in(page, live_server.url, "snv-01")

    page.emulate_media(media="print")

    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(page.get_by_test_id("print-header")).to_be_visible()
    expect(page.get_by_test_id("print-header")).to_contain_text("In lúc")
    expect(page.get_by_test_id("point-name")).to_be_visible()
    expect(page.get_by_test_id("add-delegate")).to_be_hidden()
    expect(page.get_by_test_id("submit-list")).to_be_hidden()
    table = page.get_by_test_id("delegate-table")
    expect(table).to_be_visible()
    border = table.locator("td").first.evaluate(
        "el => getComputedStyle(el).borderTopStyle"
    )
    assert border == "solid"
    context.close()
