"""Sở Nội vụ Hà Nội registers its delegates in the browser, from login to locked list."""

import pytest
from playwright.sync_api import expect

from participants.enums import DelegateRole, RegistrationStatus
from tests import factories
from tests.participants.test_excel_support import HEADER, workbook_bytes

from .support import screenshot, with_password

pytestmark = pytest.mark.browser


def _add_delegate(page, *, name, position, agency, phone, role, another=False):
    page.locator("input[name=full_name]").fill(name)
    page.locator("input[name=position]").fill(position)
    page.locator("select[name=agency]").select_option(label=agency)
    page.locator("input[name=phone]").fill(phone)
    page.locator("select[name=role]").select_option(label=role)
    button = "Lưu và thêm người khác" if another else "Lưu"
    page.get_by_role("button", name=button, exact=True).click()


def _xlsx(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(
        workbook_bytes(rows, title_rows=["DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ"])
    )
    return path


def test_province_registers_imports_fixes_an_error_and_submits(
    portal, login, live_server, tmp_path
):
    point = portal.province_point
    page = login(with_password(factories.province_staff(point.unit, username="snv-01")))
    page.set_default_timeout(10_000)
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    expect(page.get_by_test_id("point-name")).to_have_text("Điểm cầu Thành phố Hà Nội")

    # A chair and two delegates through the form.
    page.get_by_test_id("add-delegate").click()
    _add_delegate(
        page,
        name="Nguyễn Văn Hùng",
        position="Giám đốc Sở Nội vụ",
        agency="Sở Nội vụ",
        phone="0912 345 678",
        role="chủ trì",
        another=True,
    )
    expect(page.locator(".alert-success")).to_contain_text("Đã thêm Nguyễn Văn Hùng")
    _add_delegate(
        page,
        name="Trần Thị Mai",
        position="Phó Chánh Văn phòng",
        agency="Văn phòng UBND tỉnh",
        phone="0983.456.789",
        role="tham dự",
        another=True,
    )
    _add_delegate(
        page,
        name="Phạm Đức Anh",
        position="Phó Giám đốc",
        agency="Sở Tư pháp",
        phone="+84 904 111 222",
        role="tham dự",
    )
    expect(page.get_by_test_id("delegate-count")).to_have_text("3")
    expect(page.get_by_test_id("point-chair")).to_contain_text("Nguyễn Văn Hùng")

    # An Excel file with more, one row of which is wrong: a second chair.
    bad = _xlsx(
        tmp_path,
        "danh-sach.xlsx",
        [
            [
                1,
                "Lê Thị Hoa",
                "Chuyên viên",
                "Sở Tài chính",
                "",
                "0904 222 333",
                "",
                "Tham dự",
            ],
            [
                2,
                "Đỗ Minh Khoa",
                "Phó Giám đốc",
                "Sở Thông tin và Truyền thông",
                "",
                "0905 444 555",
                "",
                "Chủ trì",
            ],
        ],
    )
    page.get_by_test_id("import-delegates").click()
    page.locator("input[name=file]").set_input_files(str(bad))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    error_row = page.get_by_test_id("row-with-errors")
    expect(error_row).to_have_count(1)
    expect(error_row).to_contain_text("Đỗ Minh Khoa")
    expect(error_row).to_contain_text("Điểm cầu đã có người chủ trì: Nguyễn Văn Hùng")
    expect(page.get_by_test_id("confirm-import")).to_have_count(0)
    screenshot(page, "import_preview_error.png")
    assert point.delegates.count() == 3

    # The wrong row is corrected in the page, not in Excel; then all rows import.
    error_row.get_by_test_id("fix-row").click()
    form = error_row.get_by_test_id("fix-row-form")
    form.locator("select[name$=-role]").select_option(label="tham dự")
    form.get_by_test_id("save-row").click()
    expect(page.get_by_role("alert")).to_have_text("Đã sửa dòng 4.")
    expect(page.get_by_test_id("row-with-errors")).to_have_count(0)
    page.get_by_test_id("confirm-import").click()
    expect(page.get_by_test_id("delegate-count")).to_have_text("5")

    # Submit after seeing what is sent; the list is locked.
    page.get_by_test_id("submit-list").click()
    expect(page.get_by_test_id("submit-count")).to_have_text("5")
    expect(page.get_by_test_id("submit-chair")).to_contain_text("Nguyễn Văn Hùng")
    expect(page.get_by_test_id("submit-warning")).to_contain_text(
        "Phòng họp, địa chỉ và cán bộ kỹ thuật vẫn sửa được sau khi gửi."
    )
    point.refresh_from_db()
    assert point.delegate_list.status != RegistrationStatus.SUBMITTED
    page.get_by_test_id("confirm-submit").click()
    expect(page.get_by_test_id("list-locked")).to_be_visible()
    expect(page.get_by_test_id("add-delegate")).to_have_count(0)
    expect(page.get_by_test_id("import-delegates")).to_have_count(0)
    screenshot(page, "point_submitted.png")

    point.refresh_from_db()
    assert point.delegate_list.status == RegistrationStatus.SUBMITTED
    assert point.delegate_list.submitted_by.username == "snv-01"
    assert sorted(point.delegates.values_list("full_name", flat=True)) == sorted(
        [
            "Nguyễn Văn Hùng",
            "Trần Thị Mai",
            "Phạm Đức Anh",
            "Lê Thị Hoa",
            "Đỗ Minh Khoa",
        ]
    )
    assert point.delegates.get(role=DelegateRole.CHAIR).full_name == "Nguyễn Văn Hùng"

    # Going to the add page directly is refused by the server, not just hidden.
    page.goto(f"{live_server.url}/points/{point.pk}/delegates/add/")
    expect(page.locator(".alert-danger")).to_contain_text("Danh sách đã được gửi")
    assert HEADER[1] == "Họ và tên"
    assert violations == []  # nothing inline that the CSP would block
