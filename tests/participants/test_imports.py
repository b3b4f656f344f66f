"""The import service: every row checked by the delegate form, then all or nothing."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from participants import services
from participants.enums import Agency, DelegateRole, RegistrationStatus
from participants.excel import applying
from participants.excel.preview import preview_of
from participants.excel.reading import WorkbookRefused
from participants.exceptions import ListNotEditable, StaleEdit
from participants.models import Delegate, DelegateImport
from tests import factories

from .test_excel_support import (
    ATTENDEE,
    CHAIR,
    GUEST,
    ole_file,
    upload,
    with_zip_member,
    workbook_bytes,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE_DEADLINE = datetime(2022, 11, 19, 9, 0, tzinfo=VN)
History = Delegate.history.model


def vi(msgid: str, **params) -> str:
    """A message of the lead's modules, as the Vietnamese catalogue has it."""
    with translation.override("vi"):
        return gettext(msgid) % params


def stage(point, rows, *, by, mode=DelegateImport.Mode.APPEND, now=None, data=None):
    return applying.stage_import(
        point=point,
        upload=upload(data if data is not None else workbook_bytes(rows)),
        file_name="danh-sach.xlsx",
        mode=mode,
        by=by,
        now=now or timezone.now(),
    )


def person(n: int, **changes) -> list:
    row = {
        "index": n,
        "full_name": f"Nguyễn Văn Thành {n}",
        "position": "Chuyên viên",
        "agency": "Sở Nội vụ",
        "agency_other": "",
        "phone": f"09{n:08d}",
        "email": f"thanh{n}@snv.gov.vn",
        "role": "Tham dự",
    }
    row.update(changes)
    return list(row.values())


def stored(point) -> list[tuple]:
    return list(
        Delegate.objects.filter(point=point)
        .order_by("id")
        .values_list(
            "full_name", "position", "agency", "agency_other", "phone", "email", "role"
        )
    )


@pytest.fixture
def staff_point(open_conference, hanoi_point, hanoi_staff):
    # As the pages load it: with its conference and its list.
    return (
        type(hanoi_point)
        .objects.select_related("conference", "unit", "delegate_list")
        .get(pk=hanoi_point.pk)
    )


# -- stage and apply ---------------------------------------------------------------


def test_stage_keeps_normalised_rows_for_preview(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [CHAIR, ATTENDEE, GUEST], by=hanoi_staff)

    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.PENDING
    assert delegate_import.created_by == hanoi_staff
    assert delegate_import.file_name == "danh-sach.xlsx"
    assert delegate_import.list_version == staff_point.delegate_list.version
    assert delegate_import.errors == {"file": [], "rows": {}}
    assert delegate_import.rows == [
        {
            "row": 2,
            "full_name": "Nguyễn Văn Hùng",
            "position": "Giám đốc",
            "agency": "home_affairs",
            "agency_other": "",
            "phone": "+84912345678",
            "email": "hung.nv@snv.hanoi.gov.vn",
            "role": "chair",
        },
        {
            "row": 3,
            "full_name": "Trần Thị Mai",
            "position": "Phó Chánh Văn phòng",
            "agency": "ubnd_office",
            "agency_other": "",
            "phone": "+84983456789",
            "email": "mai.tt@hanoi.gov.vn",
            "role": "attendee",
        },
        {
            "row": 4,
            "full_name": "Lê Quang Minh",
            "position": "Trưởng ban",
            "agency": "other",
            "agency_other": "Ban Dân tộc",
            "phone": "+84904111222",
            "email": "",
            "role": "guest",
        },
    ]
    assert Delegate.objects.count() == 0


def test_apply_creates_every_row_and_bumps_list_version(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [CHAIR, ATTENDEE, GUEST], by=hanoi_staff)
    version = staff_point.delegate_list.version
    now = timezone.now()

    result = applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=now,
    )

    assert (result.applied, result.created, result.removed) == (True, 3, 0)
    assert stored(staff_point) == [
        (
            "Nguyễn Văn Hùng",
            "Giám đốc",
            "home_affairs",
            "",
            "+84912345678",
            "hung.nv@snv.hanoi.gov.vn",
            "chair",
        ),
        (
            "Trần Thị Mai",
            "Phó Chánh Văn phòng",
            "ubnd_office",
            "",
            "+84983456789",
            "mai.tt@hanoi.gov.vn",
            "attendee",
        ),
        (
            "Lê Quang Minh",
            "Trưởng ban",
            "other",
            "Ban Dân tộc",
            "+84904111222",
            "",
            "guest",
        ),
    ]
    staff_point.refresh_from_db()
    assert staff_point.delegate_list.version == version + 1
    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.APPLIED
    assert delegate_import.applied_at == now


def test_apply_records_history_with_the_user(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [CHAIR, ATTENDEE], by=hanoi_staff)

    applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=timezone.now(),
    )

    records = History.objects.filter(point_id=staff_point.pk).order_by("full_name")
    assert [(r.full_name, r.history_type, r.history_user_id) for r in records] == [
        ("Nguyễn Văn Hùng", "+", hanoi_staff.pk),
        ("Trần Thị Mai", "+", hanoi_staff.pk),
    ]


def test_phone_cells_stored_as_numbers_are_normalised(staff_point, hanoi_staff):
    rows = [
        person(1, phone=912345678),
        person(2, phone=983456789.0),
        person(3, phone="84904111222"),
    ]

    delegate_import = stage(staff_point, rows, by=hanoi_staff)

    assert [row["phone"] for row in delegate_import.rows] == [
        "+84912345678",
        "+84983456789",
        "+84904111222",
    ]
    assert delegate_import.has_errors is False


def test_unknown_agency_text_is_stored_as_other_with_its_name(staff_point, hanoi_staff):
    delegate_import = stage(
        staff_point, [person(1, agency="Ban Thi đua - Khen thưởng")], by=hanoi_staff
    )

    applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=timezone.now(),
    )

    delegate = Delegate.objects.get(point=staff_point)
    assert (delegate.agency, delegate.agency_other) == (
        Agency.OTHER,
        "Ban Thi đua - Khen thưởng",
    )


# -- row errors --------------------------------------------------------------------


def test_row_errors_name_the_column_in_vietnamese(staff_point, hanoi_staff):
    rows = [
        person(1, full_name=""),
        person(2, agency="Khác", agency_other=""),
        person(3, phone="12345"),
        person(4, email="không-phải-email"),
        person(5, role="Thư ký"),
    ]

    delegate_import = stage(staff_point, rows, by=hanoi_staff)

    assert delegate_import.errors == {
        "file": [],
        "rows": {
            "2": ["Họ và tên: Trường này là bắt buộc."],
            "3": ["Tên cơ quan khác: " + vi("Enter the name of the other unit.")],
            "4": [
                "Số điện thoại: "
                + vi(
                    "“%(value)s” is not a valid Vietnamese phone number.", value="12345"
                )
            ],
            "5": ["Email: " + vi("Enter a valid email address.")],
            "6": [
                "Vai trò: “Thư ký” không phải là vai trò hợp lệ; chọn một trong các "
                "giá trị Chủ trì, Tham dự, Khách mời."
            ],
        },
    }


def test_duplicate_inside_the_file_names_the_first_row(staff_point, hanoi_staff):
    rows = [
        person(1),
        person(
            2,
            full_name="NGUYỄN VĂN THÀNH 1",
            phone="+84 900 000 001",
            email="khac@snv.gov.vn",
        ),
    ]

    delegate_import = stage(staff_point, rows, by=hanoi_staff)

    assert delegate_import.row_errors == {
        "3": [
            "Số điện thoại: "
            + vi(
                "%(name)s with this phone number is already on the list.",
                name="NGUYỄN VĂN THÀNH 1",
            ),
            "Trùng với người ở dòng 2 của tệp.",
        ]
    }


def test_duplicate_email_inside_the_file(staff_point, hanoi_staff):
    rows = [person(1), person(2, email="THANH1@snv.gov.vn")]

    delegate_import = stage(staff_point, rows, by=hanoi_staff)

    assert delegate_import.row_errors == {
        "3": [
            "Email: "
            + vi(
                "The e-mail %(email)s is already used by %(name)s on the list.",
                email="thanh1@snv.gov.vn",
                name="Nguyễn Văn Thành 1",
            ),
            "Trùng email với dòng 2 của tệp.",
        ]
    }


def test_duplicate_against_the_list_in_append_mode(staff_point, hanoi_staff):
    factories.DelegateFactory(
        point=staff_point, full_name="Nguyễn Văn Thành 1", phone="+84900000001"
    )

    delegate_import = stage(staff_point, [person(1)], by=hanoi_staff)

    assert delegate_import.row_errors == {
        "2": [
            "Số điện thoại: "
            + vi(
                "%(name)s with this phone number is already on the list.",
                name="Nguyễn Văn Thành 1",
            )
        ]
    }


def test_same_people_in_replace_mode_are_not_duplicates(staff_point, hanoi_staff):
    factories.DelegateFactory(
        point=staff_point,
        full_name="Nguyễn Văn Thành 1",
        phone="+84900000001",
        role=DelegateRole.CHAIR,
    )

    delegate_import = stage(
        staff_point,
        [person(1, role="Chủ trì")],
        by=hanoi_staff,
        mode=DelegateImport.Mode.REPLACE,
    )

    assert delegate_import.errors == {"file": [], "rows": {}}


def test_second_chair_against_the_list(staff_point, hanoi_staff):
    factories.DelegateFactory(
        point=staff_point, full_name="Đặng Quốc Khánh", role=DelegateRole.CHAIR
    )

    delegate_import = stage(staff_point, [person(1, role="Chủ trì")], by=hanoi_staff)

    assert delegate_import.row_errors == {
        "2": [
            "Vai trò: "
            + vi(
                "The point already has a chair: %(name)s. A point has one chair.",
                name="Đặng Quốc Khánh",
            )
        ]
    }


def test_second_chair_inside_the_file(staff_point, hanoi_staff):
    rows = [person(1, role="Chủ trì"), person(2), person(3, role="CHỦ TRÌ")]

    delegate_import = stage(staff_point, rows, by=hanoi_staff)

    assert delegate_import.row_errors == {
        "4": [
            "Vai trò: "
            + vi(
                "The point already has a chair: %(name)s. A point has one chair.",
                name="Nguyễn Văn Thành 1",
            ),
            "Dòng 2 của tệp đã là người chủ trì.",
        ]
    }


def test_one_bad_row_imports_nothing(staff_point, hanoi_staff):
    rows = [person(1), person(2), person(3, phone="0000")]
    delegate_import = stage(staff_point, rows, by=hanoi_staff)
    version = staff_point.delegate_list.version

    with pytest.raises(ValidationError) as caught:
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=hanoi_staff,
            now=timezone.now(),
        )

    assert caught.value.messages == [
        "Tệp còn lỗi. Vui lòng sửa trong Excel rồi tải lên lại."
    ]
    assert Delegate.objects.count() == 0
    staff_point.refresh_from_db()
    assert staff_point.delegate_list.version == version
    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.PENDING


def test_constraint_race_rolls_back_every_row(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [person(1), person(2)], by=hanoi_staff)
    # Written behind the services' back: the list version does not move, so only
    # the database constraint can catch it.
    Delegate.objects.create(
        point=staff_point,
        full_name="Nguyễn Văn Thành 2",
        agency=Agency.HOME_AFFAIRS,
        phone="+84900000002",
    )

    with pytest.raises(StaleEdit):
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=hanoi_staff,
            now=timezone.now(),
        )

    assert [d[0] for d in stored(staff_point)] == ["Nguyễn Văn Thành 2"]
    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.PENDING


# -- a preview gone stale ----------------------------------------------------------


def test_stale_preview_is_checked_again_and_refused_on_conflict(
    staff_point, hanoi_staff
):
    delegate_import = stage(
        staff_point, [person(1), person(2, role="Chủ trì")], by=hanoi_staff
    )
    services.create_delegate(
        point=staff_point,
        data={
            "full_name": "Phan Văn Đức",
            "agency": Agency.HOME_AFFAIRS,
            "role": DelegateRole.CHAIR,
            "phone": "",
            "email": "",
        },
        by=hanoi_staff,
        now=timezone.now(),
    )

    result = applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=timezone.now(),
    )

    assert result.applied is False
    assert [d[0] for d in stored(staff_point)] == ["Phan Văn Đức"]
    delegate_import.refresh_from_db()
    staff_point.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.PENDING
    assert delegate_import.list_version == staff_point.delegate_list.version
    assert delegate_import.errors == {
        "file": [
            "Danh sách đã được thay đổi sau khi kiểm tra tệp này và một số dòng nay "
            "xung đột với danh sách. Chưa có đại biểu nào được nhập."
        ],
        "rows": {
            "3": [
                "Vai trò: "
                + vi(
                    "The point already has a chair: %(name)s. A point has one chair.",
                    name="Phan Văn Đức",
                )
            ]
        },
    }


def test_stale_preview_still_valid_is_applied(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [person(1), person(2)], by=hanoi_staff)
    services.create_delegate(
        point=staff_point,
        data={
            "full_name": "Phan Văn Đức",
            "agency": Agency.HOME_AFFAIRS,
            "role": DelegateRole.CHAIR,
            "phone": "",
            "email": "",
        },
        by=hanoi_staff,
        now=timezone.now(),
    )
    staff_point.refresh_from_db()

    # The preview was opened after the change: it counted the current list.
    result = applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=staff_point.delegate_list.version,
        by=hanoi_staff,
        now=timezone.now(),
    )

    assert (result.applied, result.created) == (True, 2)
    assert [d[0] for d in stored(staff_point)] == [
        "Phan Văn Đức",
        "Nguyễn Văn Thành 1",
        "Nguyễn Văn Thành 2",
    ]


# -- replace mode ------------------------------------------------------------------


def test_replace_removes_the_old_list_with_history(staff_point, hanoi_staff):
    old = [
        factories.DelegateFactory(point=staff_point, full_name="Cũ Một"),
        factories.DelegateFactory(point=staff_point, full_name="Cũ Hai"),
    ]
    other_point = factories.BridgePointFactory(conference=staff_point.conference)
    kept = factories.DelegateFactory(point=other_point, full_name="Tỉnh khác")
    delegate_import = stage(
        staff_point, [CHAIR, ATTENDEE], by=hanoi_staff, mode=DelegateImport.Mode.REPLACE
    )

    result = applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=timezone.now(),
    )

    assert (result.applied, result.created, result.removed) == (True, 2, 2)
    assert [d[0] for d in stored(staff_point)] == ["Nguyễn Văn Hùng", "Trần Thị Mai"]
    assert Delegate.objects.filter(pk=kept.pk).exists()
    removals = History.objects.filter(history_type="-").order_by("id")
    assert [(r.id, r.full_name, r.history_user_id) for r in removals] == [
        (old[0].pk, "Cũ Một", hanoi_staff.pk),
        (old[1].pk, "Cũ Hai", hanoi_staff.pk),
    ]


def test_replace_with_errors_keeps_the_old_list(staff_point, hanoi_staff):
    factories.DelegateFactory(point=staff_point, full_name="Cũ Một")
    delegate_import = stage(
        staff_point,
        [CHAIR, person(2, phone="1")],
        by=hanoi_staff,
        mode=DelegateImport.Mode.REPLACE,
    )

    with pytest.raises(ValidationError):
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=hanoi_staff,
            now=timezone.now(),
        )

    assert [d[0] for d in stored(staff_point)] == ["Cũ Một"]


# -- when the list may not change --------------------------------------------------


def test_stage_refused_after_the_deadline(hanoi_point, hanoi_staff):
    with pytest.raises(ListNotEditable) as caught:
        stage(hanoi_point, [CHAIR], by=hanoi_staff, now=timezone.now())

    assert caught.value.code == "deadline"
    assert DelegateImport.objects.count() == 0


def test_apply_refused_after_the_deadline(hanoi_point, hanoi_staff):
    delegate_import = stage(hanoi_point, [CHAIR], by=hanoi_staff, now=BEFORE_DEADLINE)

    with pytest.raises(ListNotEditable):
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=hanoi_staff,
            now=timezone.now(),
        )

    assert Delegate.objects.count() == 0
    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.PENDING


def test_apply_before_the_deadline_with_explicit_now(hanoi_point, hanoi_staff):
    delegate_import = stage(hanoi_point, [CHAIR], by=hanoi_staff, now=BEFORE_DEADLINE)

    result = applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=BEFORE_DEADLINE,
    )

    assert result.created == 1


def test_apply_refused_once_the_list_is_submitted(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [CHAIR], by=hanoi_staff)
    staff_point.delegate_list.status = RegistrationStatus.SUBMITTED
    staff_point.delegate_list.save()

    with pytest.raises(ListNotEditable) as caught:
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=hanoi_staff,
            now=timezone.now(),
        )

    assert caught.value.code == "submitted"
    assert Delegate.objects.count() == 0


def test_apply_twice_is_refused(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [CHAIR], by=hanoi_staff)
    applying.apply_import(
        delegate_import=delegate_import,
        expected_list_version=delegate_import.list_version,
        by=hanoi_staff,
        now=timezone.now(),
    )

    with pytest.raises(applying.ImportClosed) as caught:
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=hanoi_staff,
            now=timezone.now(),
        )

    assert caught.value.messages == ["Tệp nhập này đã ở trạng thái “đã nhập”."]
    assert Delegate.objects.count() == 1


def test_discard_then_apply_is_refused(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [CHAIR], by=hanoi_staff)

    applying.discard_import(
        delegate_import=delegate_import, by=hanoi_staff, now=timezone.now()
    )

    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.DISCARDED
    with pytest.raises(applying.ImportClosed):
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=hanoi_staff,
            now=timezone.now(),
        )
    assert Delegate.objects.count() == 0


# -- refused files change nothing --------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"STT;H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\n1;A\n", "not_xlsx"),
        (ole_file(encrypted=True), "encrypted"),
        (ole_file(encrypted=False), "legacy_format"),
        (
            with_zip_member(workbook_bytes([CHAIR]), "xl/vbaProject.bin", b"\x00"),
            "macro",
        ),
        (workbook_bytes([CHAIR], header=["Tên", "Đơn vị công tác"]), "no_header"),
    ],
)
def test_refused_file_creates_nothing(staff_point, hanoi_staff, data, code):
    factories.DelegateFactory(point=staff_point, full_name="Đã có")

    with pytest.raises(WorkbookRefused) as caught:
        stage(
            staff_point, [], by=hanoi_staff, data=data, mode=DelegateImport.Mode.REPLACE
        )

    assert caught.value.code == code
    assert DelegateImport.objects.count() == 0
    assert [d[0] for d in stored(staff_point)] == ["Đã có"]


def test_file_over_the_size_setting_is_refused(staff_point, hanoi_staff, settings):
    settings.DELEGATE_IMPORT_MAX_BYTES = 2048

    with pytest.raises(WorkbookRefused) as caught:
        stage(staff_point, [CHAIR, ATTENDEE], by=hanoi_staff)

    assert caught.value.messages == ["Tệp vượt quá dung lượng cho phép (2,0\xa0KB)."]
    assert DelegateImport.objects.count() == 0


def test_rows_over_the_row_setting_are_refused(staff_point, hanoi_staff, settings):
    settings.DELEGATE_IMPORT_MAX_ROWS = 2

    with pytest.raises(WorkbookRefused) as caught:
        stage(staff_point, [CHAIR, ATTENDEE, GUEST], by=hanoi_staff)

    assert caught.value.messages == [
        "Tệp có hơn 2 dòng đại biểu, vượt quá số dòng tối đa của một lần tải lên."
    ]
    assert DelegateImport.objects.count() == 0


# -- the preview -------------------------------------------------------------------


def test_preview_shows_labels_formatted_phones_and_counts(staff_point, hanoi_staff):
    factories.DelegateFactory(point=staff_point)
    delegate_import = stage(
        staff_point, [CHAIR, GUEST, person(9, phone="12")], by=hanoi_staff
    )

    with translation.override("vi"):
        preview = preview_of(delegate_import=delegate_import)
        rows = [
            (r.number, r.full_name, r.agency, r.phone, r.role, len(r.errors))
            for r in preview.rows
        ]

    assert rows == [  # the row with errors first, then the file's order
        (4, "Nguyễn Văn Thành 9", "Sở Nội vụ", "12", "Tham dự", 1),
        (2, "Nguyễn Văn Hùng", "Sở Nội vụ", "0912 345 678", "Chủ trì", 0),
        (3, "Lê Quang Minh", "Ban Dân tộc", "0904 111 222", "Khách mời", 0),
    ]
    assert (preview.row_count, preview.valid_row_count, preview.error_row_count) == (
        3,
        2,
        1,
    )
    assert preview.current_count == 1
    assert preview.can_confirm is False


# -- queries -----------------------------------------------------------------------


def _queries_to_import(point, by, size: int) -> int:
    rows = [person(n) for n in range(1, size + 1)]
    data = workbook_bytes(rows)
    with CaptureQueriesContext(connection) as queries:
        delegate_import = stage(
            point, rows, by=by, data=data, mode=DelegateImport.Mode.REPLACE
        )
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=by,
            now=timezone.now(),
        )
    assert Delegate.objects.filter(point=point).count() == size
    return len(queries)


def test_import_runs_the_same_queries_at_any_size(staff_point, hanoi_staff):
    # Each replace starts from a list with someone on it, to remove.
    factories.DelegateFactory(point=staff_point)
    small = _queries_to_import(staff_point, hanoi_staff, 10)
    large = _queries_to_import(staff_point, hanoi_staff, 200)

    assert small == large
    assert large <= 20


def test_stale_check_at_apply_is_one_query_more(staff_point, hanoi_staff):
    delegate_import = stage(
        staff_point, [person(n) for n in range(1, 51)], by=hanoi_staff
    )
    staff_point.delegate_list.version += 1
    staff_point.delegate_list.save(update_fields=["version"])

    with CaptureQueriesContext(connection) as queries:
        result = applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=staff_point.delegate_list.version,
            by=hanoi_staff,
            now=timezone.now(),
        )

    assert result.created == 50
    assert len(queries) <= 12


def test_deadline_passes_between_upload_and_confirm(staff_point, hanoi_staff):
    delegate_import = stage(staff_point, [CHAIR], by=hanoi_staff)

    with pytest.raises(ListNotEditable):
        applying.apply_import(
            delegate_import=delegate_import,
            expected_list_version=delegate_import.list_version,
            by=hanoi_staff,
            now=staff_point.conference.delegate_list_deadline + timedelta(minutes=1),
        )

    assert Delegate.objects.count() == 0


def test_row_with_unknown_role_keeps_it_as_written_and_reports_all(
    staff_point, hanoi_staff
):
    delegate_import = stage(
        staff_point, [person(1, role="Thư ký", phone="1")], by=hanoi_staff
    )

    assert delegate_import.rows[0]["role"] == "Thư ký"
    assert delegate_import.row_errors == {
        "2": [
            "Số điện thoại: "
            + vi(
                "“%(value)s” is not a valid Vietnamese phone number.",
                value="1",
            ),
            "Vai trò: “Thư ký” không phải là vai trò hợp lệ; chọn một trong các "
            "giá trị Chủ trì, Tham dự, Khách mời.",
        ]
    }


def test_unknown_role_reads_the_same_after_another_row_is_corrected(
    staff_point, hanoi_staff
):
    delegate_import = stage(
        staff_point,
        [person(1, role="Thư ký"), person(2, phone="1")],
        by=hanoi_staff,
    )
    corrected = dict(delegate_import.rows[1], phone="0912 000 002")

    with translation.override("vi"):
        applying.fix_import_row(
            delegate_import=delegate_import,
            number=3,
            data=corrected,
            by=hanoi_staff,
            now=timezone.now(),
        )

    delegate_import.refresh_from_db()
    assert delegate_import.row_errors == {
        "2": [
            "Vai trò: “Thư ký” không phải là vai trò hợp lệ; chọn một trong các "
            "giá trị Chủ trì, Tham dự, Khách mời."
        ]
    }
