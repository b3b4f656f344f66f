"""The Excel pages: template, upload, preview, confirm, discard, export."""

import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from participants.enums import Agency, DelegateRole
from participants.models import Delegate, DelegateImport
from tests import factories

from .test_excel_support import (
    ATTENDEE,
    CHAIR,
    GUEST,
    upload,
    workbook_bytes,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
History = Delegate.history.model


LIST_CHANGED_AFTER_PREVIEW = (
    "Danh sách đã được người khác thay đổi sau khi xem trước. Chưa có đại biểu nào "
    "được nhập: vui lòng kiểm tra lại bản xem trước (nay đã tính theo danh sách "
    "hiện tại) và xác nhận nếu vẫn đúng."
)


def url(name: str, point, delegate_import=None) -> str:
    kwargs = {"pk": point.pk}
    if delegate_import is not None:
        kwargs["import_id"] = delegate_import.pk
    return reverse(f"participants:{name}", kwargs=kwargs)


def pending_import(point, by, rows=(CHAIR,)) -> DelegateImport:
    return DelegateImport.objects.create(
        point=point,
        created_by=by,
        file_name="ds.xlsx",
        mode=DelegateImport.Mode.APPEND,
        rows=[
            {
                "row": 2 + n,
                "full_name": f"Hoàng Minh {n}",
                "position": "",
                "agency": "home_affairs",
                "agency_other": "",
                "phone": "",
                "email": "",
                "role": "attendee",
            }
            for n, _row in enumerate(rows)
        ],
        errors={"file": [], "rows": {}},
        list_version=point.delegate_list.version,
    )


def post_file(client, point, data: bytes, *, name="danh-sach.xlsx", mode="append"):
    return client.post(
        url("delegate_import", point), {"file": upload(data, name), "mode": mode}
    )


def confirm(point) -> dict:
    """The confirm button's data: the list's version the preview counted."""
    point.delegate_list.refresh_from_db(fields=["version"])
    return {"action": "confirm", "list_version": point.delegate_list.version}


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# -- who may reach what ------------------------------------------------------------


def test_anonymous_is_sent_to_login(open_conference, client, hanoi_point, hanoi_staff):
    delegate_import = pending_import(hanoi_point, hanoi_staff)
    targets = [
        ("get", url("delegate_template", hanoi_point)),
        ("get", url("delegate_export", hanoi_point)),
        ("get", url("delegate_import", hanoi_point)),
        ("get", url("delegate_import_preview", hanoi_point, delegate_import)),
        ("post", url("delegate_import_preview", hanoi_point, delegate_import)),
    ]
    for method, target in targets:
        response = getattr(client, method)(target, {"action": "confirm"})
        assert response.status_code == 302, target
        assert response["Location"].startswith(reverse("login")), target
    assert Delegate.objects.count() == 0


def test_other_province_gets_404_everywhere(
    open_conference, hanoi_client, hanoi_point, hue_point, hue_staff
):
    hue_import = pending_import(hue_point, hue_staff)
    targets = [
        ("get", url("delegate_template", hue_point)),
        ("get", url("delegate_export", hue_point)),
        ("get", url("delegate_import", hue_point)),
        ("post", url("delegate_import", hue_point)),
        ("get", url("delegate_import_preview", hue_point, hue_import)),
        ("post", url("delegate_import_preview", hue_point, hue_import)),
        # Another province's import under one's own point is not found either.
        ("get", url("delegate_import_preview", hanoi_point, hue_import)),
        ("post", url("delegate_import_preview", hanoi_point, hue_import)),
    ]
    for method, target in targets:
        response = getattr(hanoi_client, method)(target, {"action": "confirm"})
        assert response.status_code == 404, (method, target)
    hue_import.refresh_from_db()
    assert hue_import.status == DelegateImport.Status.PENDING
    assert Delegate.objects.count() == 0


def test_organiser_may_export_but_not_import(
    open_conference, organiser_client, hanoi_point, hanoi_staff
):
    factories.DelegateFactory(point=hanoi_point, full_name="Vũ Thị Lan")
    delegate_import = pending_import(hanoi_point, hanoi_staff)

    export = organiser_client.get(url("delegate_export", hanoi_point))
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content))["Danh sách đại biểu"]
    assert sheet["B4"].value == "Vũ Thị Lan"

    assert organiser_client.get(url("delegate_import", hanoi_point)).status_code == 403
    response = post_file(organiser_client, hanoi_point, workbook_bytes([CHAIR]))
    assert response.status_code == 403
    preview = url("delegate_import_preview", hanoi_point, delegate_import)
    assert organiser_client.post(preview, {"action": "confirm"}).status_code == 403
    assert DelegateImport.objects.count() == 1
    assert Delegate.objects.count() == 1


# -- template and export -----------------------------------------------------------


def test_template_download(open_conference, hanoi_client, hanoi_point):
    response = hanoi_client.get(url("delegate_template", hanoi_point))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="mau-danh-sach-dai-bieu-01.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["Danh sách đại biểu"][3]][:2] == [
        "STT",
        "Họ và tên",
    ]


def test_export_download_is_named_with_the_province_code(hanoi_client, hanoi_point):
    factories.DelegateFactory(
        point=hanoi_point, full_name="Vũ Thị Lan", phone="+84912345678"
    )

    response = hanoi_client.get(url("delegate_export", hanoi_point))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="danh-sach-dai-bieu-01.xlsx"'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Danh sách đại biểu"]
    assert (sheet["B4"].value, sheet["F4"].value) == ("Vũ Thị Lan", "0912 345 678")


def test_export_runs_the_same_queries_at_any_size(hanoi_client, hanoi_point):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert (
                hanoi_client.get(url("delegate_export", hanoi_point)).status_code == 200
            )
        return len(queries)

    factories.DelegateFactory.create_batch(3, point=hanoi_point)
    small = count()
    factories.DelegateFactory.create_batch(40, point=hanoi_point)

    assert count() == small


# -- upload, preview, confirm ------------------------------------------------------


def test_upload_form_page(open_conference, hanoi_client, hanoi_point):
    response = hanoi_client.get(url("delegate_import", hanoi_point))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page
    assert "Thêm vào danh sách" in page and "Thay thế toàn bộ danh sách" in page
    assert url("delegate_template", hanoi_point) in page


def test_upload_stages_and_redirects_to_the_preview(
    open_conference, hanoi_client, hanoi_point, hanoi_staff
):
    response = post_file(
        hanoi_client, hanoi_point, workbook_bytes([CHAIR, ATTENDEE, GUEST])
    )

    delegate_import = DelegateImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(
        "delegate_import_preview", hanoi_point, delegate_import
    )
    assert (
        delegate_import.point,
        delegate_import.created_by,
        delegate_import.mode,
    ) == (hanoi_point, hanoi_staff, DelegateImport.Mode.APPEND)
    assert [row["full_name"] for row in delegate_import.rows] == [
        "Nguyễn Văn Hùng",
        "Trần Thị Mai",
        "Lê Quang Minh",
    ]
    assert Delegate.objects.count() == 0


def test_preview_shows_rows_counts_and_confirm(
    open_conference, hanoi_client, hanoi_point
):
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR, ATTENDEE, GUEST]))
    delegate_import = DelegateImport.objects.get()

    response = hanoi_client.get(
        url("delegate_import_preview", hanoi_point, delegate_import)
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "3 dòng" in page and "3 dòng hợp lệ" in page and "0 dòng có lỗi" in page
    assert (
        "Nguyễn Văn Hùng" in page and "0912 345 678" in page and "Ban Dân tộc" in page
    )
    assert 'data-testid="confirm-import"' in page
    assert "Khi xác nhận, 3 dòng dưới đây sẽ được thêm vào danh sách." in page
    assert 'data-testid="row-with-errors"' not in page


def test_preview_with_errors_shows_them_in_red_and_no_confirm(
    open_conference, hanoi_client, hanoi_point
):
    bad = [3, "Lý Văn Tư", "", "Sở Nội vụ", "", "12345", "", "Thư ký"]
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR, bad]))
    delegate_import = DelegateImport.objects.get()

    response = hanoi_client.get(
        url("delegate_import_preview", hanoi_point, delegate_import)
    )

    page = response.content.decode()
    assert page.count('data-testid="row-with-errors"') == 1
    assert "Vai trò: “Thư ký” không phải là vai trò hợp lệ" in page
    assert "1 dòng có lỗi" in page
    assert 'data-testid="confirm-import"' not in page
    assert 'data-testid="discard-import"' in page


def test_confirm_imports_every_row_with_history(
    open_conference, hanoi_client, hanoi_point, hanoi_staff
):
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR, ATTENDEE, GUEST]))
    delegate_import = DelegateImport.objects.get()

    response = hanoi_client.post(
        url("delegate_import_preview", hanoi_point, delegate_import),
        confirm(hanoi_point),
    )

    assert response.status_code == 302
    assert response["Location"] == hanoi_point.get_absolute_url()
    assert texts(response) == ["Đã nhập 3 đại biểu vào danh sách."]
    assert sorted(Delegate.objects.values_list("full_name", "agency", "role")) == [
        ("Lê Quang Minh", Agency.OTHER, DelegateRole.GUEST),
        ("Nguyễn Văn Hùng", Agency.HOME_AFFAIRS, DelegateRole.CHAIR),
        ("Trần Thị Mai", Agency.PEOPLES_COMMITTEE_OFFICE, DelegateRole.ATTENDEE),
    ]
    assert set(History.objects.values_list("history_user_id", flat=True)) == {
        hanoi_staff.pk
    }
    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.APPLIED


def test_confirm_with_errors_imports_nothing(
    open_conference, hanoi_client, hanoi_point
):
    post_file(
        hanoi_client,
        hanoi_point,
        workbook_bytes([CHAIR, [3, "Lý Văn Tư", "", "", "", "", "", ""]]),
    )
    delegate_import = DelegateImport.objects.get()
    preview = url("delegate_import_preview", hanoi_point, delegate_import)

    response = hanoi_client.post(preview, confirm(hanoi_point))

    assert response["Location"] == preview
    assert texts(response) == ["Tệp còn lỗi. Vui lòng sửa trong Excel rồi tải lên lại."]
    assert Delegate.objects.count() == 0


def test_confirm_of_a_stale_preview_shows_the_new_conflicts(
    open_conference, hanoi_client, hanoi_point
):
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR]))
    delegate_import = DelegateImport.objects.get()
    seen = confirm(hanoi_point)
    factories.DelegateFactory(
        point=hanoi_point, full_name="Phan Văn Đức", role=DelegateRole.CHAIR
    )
    type(hanoi_point.delegate_list).objects.filter(pk=hanoi_point.pk).update(version=99)
    preview = url("delegate_import_preview", hanoi_point, delegate_import)

    response = hanoi_client.post(preview, seen)

    assert response["Location"] == preview
    assert texts(response) == [LIST_CHANGED_AFTER_PREVIEW]
    assert list(Delegate.objects.values_list("full_name", flat=True)) == [
        "Phan Văn Đức"
    ]
    page = hanoi_client.get(preview).content.decode()
    assert "Phan Văn Đức" in page
    assert 'data-testid="confirm-import"' not in page


def test_replace_mode_through_the_page(open_conference, hanoi_client, hanoi_point):
    factories.DelegateFactory.create_batch(2, point=hanoi_point)
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR]), mode="replace")
    delegate_import = DelegateImport.objects.get()
    preview = url("delegate_import_preview", hanoi_point, delegate_import)

    page = hanoi_client.get(preview).content.decode()
    hanoi_client.post(preview, confirm(hanoi_point))

    assert (
        "Khi xác nhận, 2 đại biểu hiện có trong danh sách sẽ được thay thế bằng 1 "
        "dòng dưới đây."
    ) in page
    assert list(Delegate.objects.values_list("full_name", flat=True)) == [
        "Nguyễn Văn Hùng"
    ]


def test_discard(open_conference, hanoi_client, hanoi_point):
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR]))
    delegate_import = DelegateImport.objects.get()

    response = hanoi_client.post(
        url("delegate_import_preview", hanoi_point, delegate_import),
        {"action": "discard"},
    )

    assert response["Location"] == hanoi_point.get_absolute_url()
    assert texts(response) == ["Đã hủy tệp; danh sách đại biểu không thay đổi."]
    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.DISCARDED
    assert Delegate.objects.count() == 0


def test_confirm_twice_imports_once(open_conference, hanoi_client, hanoi_point):
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR]))
    delegate_import = DelegateImport.objects.get()
    preview = url("delegate_import_preview", hanoi_point, delegate_import)
    hanoi_client.post(preview, confirm(hanoi_point))

    response = hanoi_client.post(preview, confirm(hanoi_point))

    assert texts(response) == [
        "Đã nhập 1 đại biểu vào danh sách.",  # the first confirm's, not yet shown
        "Tệp nhập này đã ở trạng thái “đã nhập”.",
    ]
    assert Delegate.objects.count() == 1


# -- refusals ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"STT,Ho va ten\n1,A\n",
            "ds.xlsx",
            "Tệp “ds.xlsx” không phải là bảng tính Excel (.xlsx).",
        ),
        (workbook_bytes([CHAIR]), "ds.xlsm", "Tệp có chứa macro."),
        (
            workbook_bytes([CHAIR], header=["Tên", "Địa chỉ"]),
            "ds.xlsx",
            "Còn thiếu cột: Họ và tên, Cơ quan.",
        ),
    ],
)
def test_refused_upload_shows_the_reason_and_changes_nothing(
    open_conference, hanoi_client, hanoi_point, data, name, message
):
    response = post_file(hanoi_client, hanoi_point, data, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert DelegateImport.objects.count() == 0
    assert Delegate.objects.count() == 0


def test_upload_over_the_size_setting(
    open_conference, hanoi_client, hanoi_point, settings
):
    settings.DELEGATE_IMPORT_MAX_BYTES = 1024

    response = post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR]))

    assert "Tệp vượt quá dung lượng cho phép (1,0\xa0KB)." in response.content.decode()
    assert DelegateImport.objects.count() == 0


def test_upload_after_the_deadline_is_refused(hanoi_client, hanoi_point):
    response = post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR]))

    assert response.status_code == 200
    with translation.override("vi"):
        expected = gettext(
            "The deadline for the delegate list has passed. Ask the "
            "Administrative Reform Department to reopen or extend it."
        )
    assert expected in response.content.decode()
    assert DelegateImport.objects.count() == 0


def test_confirm_after_the_deadline_is_refused(hanoi_client, hanoi_point, hanoi_staff):
    delegate_import = pending_import(hanoi_point, hanoi_staff)

    response = hanoi_client.post(
        url("delegate_import_preview", hanoi_point, delegate_import),
        {"action": "confirm"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == hanoi_point.get_absolute_url()
    assert "Đã quá hạn gửi danh sách đại biểu" in response.content.decode()
    assert Delegate.objects.count() == 0
    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.PENDING


# -- queries -----------------------------------------------------------------------


def test_preview_runs_the_same_queries_at_any_size(
    open_conference, hanoi_client, hanoi_point, hanoi_staff
):
    def count(rows: int) -> int:
        delegate_import = pending_import(hanoi_point, hanoi_staff, rows=[CHAIR] * rows)
        target = url("delegate_import_preview", hanoi_point, delegate_import)
        with CaptureQueriesContext(connection) as queries:
            assert hanoi_client.get(target).status_code == 200
        return len(queries)

    assert count(3) == count(120)


# -- correcting a row in the page, warnings -------------------------------------------


def test_a_bad_row_is_corrected_in_the_page_then_imported(
    open_conference, hanoi_client, hanoi_point
):
    bad = [2, "Lý Văn Tư", "", "Sở Nội vụ", "", "12345", "", "Thư ký"]
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR, bad]))
    delegate_import = DelegateImport.objects.get()
    preview = url("delegate_import_preview", hanoi_point, delegate_import)
    page = hanoi_client.get(preview).content.decode()
    assert 'name="row3-full_name" value="Lý Văn Tư"' in page

    response = hanoi_client.post(
        preview,
        {
            "action": "fix",
            "row": "3",
            "row3-full_name": "Lý Văn Tư",
            "row3-agency": "home_affairs",
            "row3-phone": "0912 000 111",
            "row3-role": "attendee",
        },
    )

    assert response.status_code == 302
    assert texts(response) == ["Đã sửa dòng 3."]
    delegate_import.refresh_from_db()
    assert delegate_import.row_errors == {}
    assert delegate_import.rows[1]["phone"] == "+84912000111"
    confirm = hanoi_client.post(
        preview,
        {"action": "confirm", "list_version": delegate_import.list_version},
    )
    assert confirm.status_code == 302
    assert sorted(hanoi_point.delegates.values_list("full_name", flat=True)) == [
        "Lý Văn Tư",
        "Nguyễn Văn Hùng",
    ]


def test_a_row_still_wrong_after_correction_keeps_the_import_closed(
    open_conference, hanoi_client, hanoi_point
):
    bad = [2, "Lý Văn Tư", "", "Sở Nội vụ", "", "12345", "", "Tham dự"]
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR, bad]))
    delegate_import = DelegateImport.objects.get()
    preview = url("delegate_import_preview", hanoi_point, delegate_import)

    response = hanoi_client.post(
        preview,
        {
            "action": "fix",
            "row": "3",
            "row3-full_name": "Lý Văn Tư",
            "row3-agency": "home_affairs",
            "row3-phone": "999",
            "row3-role": "chair",
        },
    )

    assert texts(response) == ["Dòng 3 vẫn còn lỗi: xem bên dưới."]
    delegate_import.refresh_from_db()
    assert list(delegate_import.row_errors) == ["3"]
    assert delegate_import.row_errors["3"][0].startswith("Số điện thoại: ")
    hanoi_client.post(
        preview, {"action": "confirm", "list_version": delegate_import.list_version}
    )
    assert hanoi_point.delegates.count() == 0


def test_preview_warns_of_the_same_name_with_another_phone(
    open_conference, hanoi_client, hanoi_point
):
    twin = [
        2,
        "Nguyễn Văn Hùng",
        "Chuyên viên",
        "Sở Nội vụ",
        "",
        "0977 000 111",
        "",
        "",
    ]
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR, twin]))
    delegate_import = DelegateImport.objects.get()

    page = hanoi_client.get(
        url("delegate_import_preview", hanoi_point, delegate_import)
    ).content.decode()

    assert 'data-testid="row-with-warnings"' in page
    assert "Dòng 2 của tệp có cùng họ và tên nhưng số điện thoại khác." in page
    assert 'data-testid="confirm-import"' in page


def test_preview_cells_carry_their_column_labels(
    open_conference, hanoi_client, hanoi_point
):
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR]))
    delegate_import = DelegateImport.objects.get()

    page = hanoi_client.get(
        url("delegate_import_preview", hanoi_point, delegate_import)
    ).content.decode()

    assert '<td data-label="Họ và tên">Nguyễn Văn Hùng</td>' in page
    assert '<td data-label="Vai trò">Chủ trì</td>' in page
    assert 'class="cell-errors" data-label="Lỗi"' in page


def test_an_unread_role_is_offered_as_nothing_chosen(
    open_conference, hanoi_client, hanoi_point
):
    bad = [2, "Lý Văn Tư", "", "Sở Nội vụ", "", "0912 000 111", "", "Thư ký"]
    post_file(hanoi_client, hanoi_point, workbook_bytes([CHAIR, bad]))
    delegate_import = DelegateImport.objects.get()
    preview = url("delegate_import_preview", hanoi_point, delegate_import)

    page = hanoi_client.get(preview).content.decode()
    hanoi_client.post(
        preview,
        {
            "action": "fix",
            "row": "3",
            "row3-full_name": "Lý Văn Tư",
            "row3-agency": "home_affairs",
            "row3-phone": "0912 000 111",
            "row3-role": "",
        },
    )

    role_select = page[page.index('name="row3-role"') :]
    first_option = role_select[role_select.index("<option") :].split("\n")[0]
    assert first_option.startswith('<option value="">— Chọn —</option>')
    delegate_import.refresh_from_db()
    assert delegate_import.row_errors == {}
    assert delegate_import.rows[1]["role"] == DelegateRole.ATTENDEE


# -- a long file: paged, rows with errors first ----------------------------------------


def refused_import(point, by, *, rows: int, refused: set[int]) -> DelegateImport:
    """A staged file of `rows` rows (Excel rows 2…), those in `refused` with errors."""
    delegate_import = pending_import(point, by, rows=[CHAIR] * rows)
    for n in refused:  # a phone the check refuses again after any correction
        delegate_import.rows[n]["phone"] = "12345"
    delegate_import.errors = {
        "file": [],
        "rows": {
            str(2 + n): ["Số điện thoại: “12345” không phải là số điện thoại hợp lệ."]
            for n in refused
        },
    }
    delegate_import.save(update_fields=["rows", "errors"])
    return delegate_import


def test_preview_of_5000_refused_rows_is_one_small_page(
    open_conference, hanoi_client, hanoi_point, hanoi_staff
):
    """Issue 16 item 5: a province's 5,000-row invalid file made a 25 MB page with a
    form per row, 38 s to render. Now: one page of rows and counts of the whole."""
    delegate_import = refused_import(
        hanoi_point, hanoi_staff, rows=5000, refused=set(range(5000))
    )

    response = hanoi_client.get(
        url("delegate_import_preview", hanoi_point, delegate_import)
    )

    page = response.content.decode()
    assert len(response.content) < 200_000
    assert page.count('data-testid="row-with-errors"') == 25
    assert page.count('data-testid="fix-row-form"') == 25
    assert "5000 dòng có lỗi" in page and "0 dòng hợp lệ" in page
    assert "Đang hiển thị dòng 1–25 trong tổng số 5000 dòng" in page
    assert 'href="?page=200"' in page and 'id="row-2"' in page
    assert 'id="row-27"' not in page


def test_preview_shows_rows_with_errors_first_then_pages_on(
    open_conference, hanoi_client, hanoi_point, hanoi_staff
):
    delegate_import = refused_import(
        hanoi_point, hanoi_staff, rows=40, refused={30, 35, 39}
    )
    preview = url("delegate_import_preview", hanoi_point, delegate_import)

    first = hanoi_client.get(preview).content.decode()
    second = hanoi_client.get(preview, {"page": 2}).content.decode()

    def rows_of(html):
        return [int(part.split('"')[0]) for part in html.split('<tr id="row-')[1:]]

    assert rows_of(first) == [32, 37, 41, *range(2, 24)]
    assert rows_of(second) == list(range(24, 32)) + [33, 34, 35, 36, 38, 39, 40]
    assert first.count('data-testid="fix-row-form"') == 3
    assert 'data-testid="fix-row-form"' not in second
    assert "3 dòng có lỗi" in second  # the whole file's counts on every page


def test_a_row_corrected_on_a_later_page_goes_back_to_that_page(
    open_conference, hanoi_client, hanoi_point, hanoi_staff
):
    delegate_import = refused_import(
        hanoi_point, hanoi_staff, rows=60, refused=set(range(30))
    )
    preview = url("delegate_import_preview", hanoi_point, delegate_import)
    page = hanoi_client.get(preview, {"page": 2}).content.decode()
    assert 'name="page" value="2"' in page and 'name="row29-full_name"' in page

    response = hanoi_client.post(
        preview,
        {
            "action": "fix",
            "row": "29",
            "page": "2",
            "row29-full_name": "Lý Văn Tư",
            "row29-agency": "home_affairs",
            "row29-phone": "0912 000 111",
            "row29-role": "attendee",
        },
    )

    assert response["Location"] == f"{preview}?page=2"
    assert texts(response) == ["Đã sửa dòng 29."]
    delegate_import.refresh_from_db()
    assert "29" not in delegate_import.row_errors
    assert len(delegate_import.row_errors) == 29
