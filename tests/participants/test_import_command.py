"""`manage.py import_delegates`: the same checks as the page, from a file on disk."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from participants.enums import DelegateRole
from participants.models import Delegate, DelegateImport
from tests import factories

from .test_excel_support import ATTENDEE, CHAIR, GUEST, workbook_bytes

History = Delegate.history.model


@pytest.fixture
def xlsx(tmp_path):
    def write(rows, name="danh-sach.xlsx", **kwargs):
        path = tmp_path / name
        path.write_bytes(workbook_bytes(rows, **kwargs))
        return str(path)

    return write


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_delegates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_applies_and_prints_the_count(
    open_conference, hanoi_point, hanoi_staff, xlsx
):
    out, _err = run(
        xlsx([CHAIR, ATTENDEE, GUEST]),
        "--point",
        "01",
        "--conference",
        open_conference.slug,
        "--user",
        hanoi_staff.username,
    )

    assert out.strip() == f"Đã nhập 3 đại biểu vào {hanoi_point.name}."
    assert sorted(
        Delegate.objects.filter(point=hanoi_point).values_list("full_name", "phone")
    ) == [
        ("Lê Quang Minh", "+84904111222"),
        ("Nguyễn Văn Hùng", "+84912345678"),
        ("Trần Thị Mai", "+84983456789"),
    ]
    assert set(History.objects.values_list("history_user_id", flat=True)) == {
        hanoi_staff.pk
    }
    delegate_import = DelegateImport.objects.get()
    assert (delegate_import.status, delegate_import.created_by) == (
        DelegateImport.Status.APPLIED,
        hanoi_staff,
    )


def test_default_conference_is_the_current_one(open_conference, hanoi_point, xlsx):
    out, _err = run(xlsx([CHAIR]), "--point", "01")

    assert out.strip() == f"Đã nhập 1 đại biểu vào {hanoi_point.name}."
    assert Delegate.objects.get().history.get().history_user is None


def test_dry_run_prints_rows_and_changes_nothing(open_conference, hanoi_point, xlsx):
    out, _err = run(xlsx([CHAIR, GUEST]), "--point", "01", "--dry-run")

    assert out.splitlines() == [
        "Dòng 2: Nguyễn Văn Hùng · Giám đốc · Sở Nội vụ · 0912 345 678 · "
        "hung.nv@snv.hanoi.gov.vn · Chủ trì",
        "Dòng 3: Lê Quang Minh · Trưởng ban · Ban Dân tộc · 0904 111 222 · Khách mời",
        f"Chạy thử: sẽ nhập 2 đại biểu vào {hanoi_point.name} (Thêm vào danh sách).",
    ]
    assert Delegate.objects.count() == 0
    assert DelegateImport.objects.count() == 0


def test_row_errors_are_printed_and_nothing_changes(open_conference, hanoi_point, xlsx):
    factories.DelegateFactory(
        point=hanoi_point, full_name="Đã có", role=DelegateRole.CHAIR
    )
    bad = [2, "Lý Văn Tư", "", "Sở Nội vụ", "", "12345", "", "Khách mời"]
    err = StringIO()

    with pytest.raises(CommandError) as caught:
        call_command(
            "import_delegates",
            xlsx([bad, ATTENDEE, CHAIR]),
            "--point",
            "01",
            stdout=StringIO(),
            stderr=err,
        )

    lines = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["Dòng 2", "Dòng 4"]
    assert lines[0].startswith("Dòng 2: Số điện thoại: “12345”")
    assert lines[1].startswith("Dòng 4: Vai trò: ")
    assert str(caught.value) == "2/3 dòng có lỗi; chưa nhập đại biểu nào."
    assert list(Delegate.objects.values_list("full_name", flat=True)) == ["Đã có"]
    assert DelegateImport.objects.count() == 0


def test_refused_file_is_a_command_error(open_conference, hanoi_point, tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_text("STT,Họ và tên\n1,Nguyễn Văn A\n", encoding="utf-8")

    with pytest.raises(CommandError) as caught:
        run(str(path), "--point", "01")

    assert str(caught.value) == (
        "Tệp “danh-sach.xlsx” không phải là bảng tính Excel (.xlsx). Vui lòng mở tệp "
        "bằng Excel, lưu lại dưới dạng “Excel Workbook (*.xlsx)” rồi tải lên lại."
    )
    assert Delegate.objects.count() == 0


def test_replace_mode(open_conference, hanoi_point, xlsx):
    factories.DelegateFactory.create_batch(3, point=hanoi_point)

    run(xlsx([CHAIR]), "--point", "01", "--mode", "replace")

    assert list(Delegate.objects.values_list("full_name", flat=True)) == [
        "Nguyễn Văn Hùng"
    ]


def test_refused_after_the_deadline(hanoi_point, xlsx):
    with pytest.raises(CommandError):
        run(xlsx([CHAIR]), "--point", "01")

    assert Delegate.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--point", "99"], "Không có điểm cầu của tỉnh, thành phố mã 99 trong "),
        (["--point", "01", "--conference", "khong-co"], "Không tìm thấy hội nghị."),
        (["--point", "01", "--user", "khong-co"], "Không có người dùng khong-co."),
    ],
)
def test_unknown_point_conference_or_user(
    open_conference, hanoi_point, xlsx, args, message
):
    with pytest.raises(CommandError) as caught:
        run(xlsx([CHAIR]), *args)

    assert str(caught.value).startswith(message)
    assert Delegate.objects.count() == 0


def test_missing_file(open_conference, hanoi_point, tmp_path):
    with pytest.raises(CommandError) as caught:
        run(str(tmp_path / "khong-co.xlsx"), "--point", "01")

    assert str(caught.value) == f"Không tìm thấy tệp: {tmp_path / 'khong-co.xlsx'}"
