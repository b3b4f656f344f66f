"""The reader copes with real files and refuses what is not a plain delegate list."""

import io
import zipfile

import pytest

from participants.enums import Agency, DelegateRole
from participants.excel.reading import (
    Vocabulary,
    WorkbookRefused,
    check_container,
    match_header,
    read_delegate_sheet,
    read_upload_bytes,
    row_data,
)

from .test_excel_support import (
    ATTENDEE,
    CHAIR,
    GUEST,
    HEADER,
    nfd,
    ole_file,
    upload,
    with_zip_member,
    workbook_bytes,
)


def read(data: bytes, *, name="danh-sach.xlsx", max_rows=5000, province="Hà Nội"):
    check_container(data, file_name=name)
    sheet = read_delegate_sheet(data, file_name=name, max_rows=max_rows)
    vocabulary = Vocabulary.build(province_name=province)
    return [row_data(row, vocabulary=vocabulary) for row in sheet.rows]


def refusal(data: bytes, **kwargs) -> WorkbookRefused:
    with pytest.raises(WorkbookRefused) as caught:
        read(data, **kwargs)
    return caught.value


# -- what real files hold ----------------------------------------------------------


def test_read_plain_template_rows_gives_form_data():
    rows = read(workbook_bytes([CHAIR, ATTENDEE, GUEST]))

    assert [row.number for row in rows] == [2, 3, 4]
    assert rows[0].data == {
        "full_name": "Nguyễn Văn Hùng",
        "position": "Giám đốc",
        "agency": Agency.HOME_AFFAIRS,
        "agency_other": "",
        "phone": "0912 345 678",
        "email": "hung.nv@snv.hanoi.gov.vn",
        "role": DelegateRole.CHAIR,
    }
    assert rows[1].data["agency"] == Agency.PEOPLES_COMMITTEE_OFFICE
    assert (rows[2].data["agency"], rows[2].data["agency_other"]) == (
        Agency.OTHER,
        "Ban Dân tộc",
    )
    assert rows[2].data["role"] == DelegateRole.GUEST
    assert all(row.errors == () for row in rows)


def test_read_finds_header_below_merged_title_rows():
    data = workbook_bytes(
        [CHAIR],
        title_rows=[
            "UBND THÀNH PHỐ HÀ NỘI",
            "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TRỰC TUYẾN",
            "(Kèm theo Công văn số 123/SNV-CCHC)",
            None,
        ],
    )

    rows = read(data)

    assert [(row.number, row.data["full_name"]) for row in rows] == [
        (6, "Nguyễn Văn Hùng")
    ]


def test_read_takes_columns_in_any_order_and_ignores_unknown_ones():
    header = ["Ghi chú", "Vai trò", "Số điện thoại", "Họ và tên", "Cơ quan", "Ký nhận"]
    data = workbook_bytes(
        [["đã mời", "Chủ trì", "0912345678", "Phạm Thu Hà", "Sở Tư pháp", "x"]],
        header=header,
    )

    (row,) = read(data)

    assert row.data == {
        "full_name": "Phạm Thu Hà",
        "position": "",
        "agency": Agency.JUSTICE,
        "agency_other": "",
        "phone": "0912345678",
        "email": "",
        "role": DelegateRole.CHAIR,
    }


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Họ và tên", "full_name"),
        ("HỌ VÀ TÊN", "full_name"),
        ("Ho va ten", "full_name"),
        ("Họ tên", "full_name"),
        (nfd("Họ và tên"), "full_name"),
        ("  Họ   và tên (*) ", "full_name"),
        ("SĐT", "phone"),
        ("Điện thoại", "phone"),
        ("Số ĐT", "phone"),
        ("Số điện thoại (di động)", "phone"),
        ("Đơn vị", "agency"),
        ("Cơ quan/đơn vị", "agency"),
        ("CƠ QUAN, ĐƠN VỊ", "agency"),
        ("Tên cơ quan khác", "agency_other"),
        ("Cơ quan khác", "agency_other"),
        ("Chức danh", "position"),
        ("Chức vụ", "position"),
        ("E-mail", "email"),
        ("Thư điện tử", "email"),
        ("Vai trò", "role"),
        ("STT", "index"),
        ("Ghi chú", None),
        ("Ký nhận", None),
    ],
)
def test_match_header_ignores_accents_case_spaces_and_knows_synonyms(text, key):
    assert match_header(text) == key


def test_read_accepts_header_written_differently():
    header = ["TT", "HỌ VÀ TÊN", "Chức danh", "Đơn vị", "SĐT", "E-mail"]
    data = workbook_bytes(
        [[1, "Đỗ Minh Tuấn", "Chuyên viên", "Sở Nội vụ", "0912345678", "tuan@snv.vn"]],
        header=header,
    )

    (row,) = read(data)

    assert row.data["full_name"] == "Đỗ Minh Tuấn"
    assert row.data["position"] == "Chuyên viên"
    assert row.data["agency"] == Agency.HOME_AFFAIRS
    assert row.data["email"] == "tuan@snv.vn"
    assert row.data["role"] == DelegateRole.ATTENDEE


def test_read_makes_decomposed_text_nfc_and_trims_spaces():
    header = [nfd(name) for name in HEADER]
    data = workbook_bytes(
        [
            [
                1,
                nfd("  Nguyễn   Thị  Hồng  "),
                nfd(" Phó Giám đốc "),
                nfd("Sở Tài chính"),
                "",
                " 0912 345 678 ",
                "",
                nfd("Tham dự"),
            ]
        ],
        header=header,
    )

    (row,) = read(data)

    assert row.data["full_name"] == "Nguyễn Thị Hồng"
    assert row.data["full_name"] != nfd("Nguyễn Thị Hồng")
    assert row.data["position"] == "Phó Giám đốc"
    assert row.data["agency"] == Agency.FINANCE
    assert row.data["phone"] == "0912 345 678"
    assert row.data["role"] == DelegateRole.ATTENDEE


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (912345678, "912345678"),
        (912345678.0, "912345678"),
        (84912345678, "84912345678"),
    ],
)
def test_read_phone_stored_as_number_becomes_digits(cell, text):
    data = workbook_bytes([[1, "Vũ Văn Nam", "", "Sở Nội vụ", "", cell, "", ""]])

    (row,) = read(data)

    assert row.data["phone"] == text


def test_read_skips_empty_rows_and_keeps_excel_row_numbers():
    data = workbook_bytes(
        [CHAIR, [None] * 8, ["", "  ", None, "", "", "", "", ""], [4], ATTENDEE]
    )

    rows = read(data)

    assert [row.number for row in rows] == [2, 6]


@pytest.mark.parametrize(
    ("agency", "other", "expected"),
    [
        ("Văn phòng UBND tỉnh", "", (Agency.PEOPLES_COMMITTEE_OFFICE, "")),
        ("VP UBND", "", (Agency.PEOPLES_COMMITTEE_OFFICE, "")),
        (
            "Văn phòng Ủy ban nhân dân thành phố Hà Nội",
            "",
            (Agency.PEOPLES_COMMITTEE_OFFICE, ""),
        ),
        ("Sở Tư Pháp", "", (Agency.JUSTICE, "")),
        ("SỞ NỘI VỤ", "", (Agency.HOME_AFFAIRS, "")),
        (nfd("Sở Nội vụ"), "", (Agency.HOME_AFFAIRS, "")),
        ("Sở Tài chính tỉnh Thừa Thiên Huế", "", (Agency.FINANCE, "")),
        ("Sở Nội vụ Hà Nội", "", (Agency.HOME_AFFAIRS, "")),
        ("Sở TT&TT", "", (Agency.INFORMATION_COMMUNICATIONS, "")),
        ("Sở Thông tin và Truyền thông", "", (Agency.INFORMATION_COMMUNICATIONS, "")),
        ("Cơ quan, đơn vị khác", "Ban Tôn giáo", (Agency.OTHER, "Ban Tôn giáo")),
        ("Khác", "Ban Tôn giáo", (Agency.OTHER, "Ban Tôn giáo")),
        ("Khác", "Sở Tư pháp", (Agency.JUSTICE, "")),
        ("Khác", "", (Agency.OTHER, "")),
        ("Ban Dân tộc tỉnh", "", (Agency.OTHER, "Ban Dân tộc tỉnh")),
        ("Sở Kế hoạch và Đầu tư", "", (Agency.OTHER, "Sở Kế hoạch và Đầu tư")),
        ("", "", ("", "")),
    ],
)
def test_read_agency_label_variants_and_unknown_text_as_other(agency, other, expected):
    data = workbook_bytes([[1, "Hoàng Văn Lâm", "", agency, other, "", "", ""]])

    (row,) = read(data)

    assert (row.data["agency"], row.data["agency_other"]) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("Chủ trì", DelegateRole.CHAIR),
        ("CHỦ TRÌ", DelegateRole.CHAIR),
        ("chu tri", DelegateRole.CHAIR),
        (nfd("chủ trì"), DelegateRole.CHAIR),
        ("Tham dự", DelegateRole.ATTENDEE),
        ("", DelegateRole.ATTENDEE),
        (None, DelegateRole.ATTENDEE),
        ("Khách mời", DelegateRole.GUEST),
        ("khach moi", DelegateRole.GUEST),
    ],
)
def test_read_role_in_any_case_or_accents(role, expected):
    data = workbook_bytes([[1, "Hoàng Văn Lâm", "", "Sở Nội vụ", "", "", "", role]])

    (row,) = read(data)

    assert row.data["role"] == expected
    assert row.errors == ()


def test_read_unknown_role_is_a_row_error():
    data = workbook_bytes([[1, "Hoàng Văn Lâm", "", "Sở Nội vụ", "", "", "", "Thư ký"]])

    (row,) = read(data)

    assert row.errors == (
        "Vai trò: “Thư ký” không phải là vai trò hợp lệ; chọn một trong các giá trị "
        "Chủ trì, Tham dự, Khách mời.",
    )


def test_read_fills_vertically_merged_agency_cells():
    data = workbook_bytes(
        [
            [1, "Nguyễn Văn A", "Giám đốc", "Sở Nội vụ", "", "", "", "Chủ trì"],
            [2, "Nguyễn Văn B", "Phó Giám đốc", None, "", "", "", ""],
            [3, "Nguyễn Văn C", "Trưởng phòng", None, "", "", "", ""],
            [
                4,
                "Nguyễn Văn D",
                "Chánh Văn phòng",
                "Văn phòng UBND tỉnh",
                "",
                "",
                "",
                "",
            ],
        ],
        merges=["D2:D4"],
    )

    rows = read(data)

    assert [row.data["agency"] for row in rows] == [
        Agency.HOME_AFFAIRS,
        Agency.HOME_AFFAIRS,
        Agency.HOME_AFFAIRS,
        Agency.PEOPLES_COMMITTEE_OFFICE,
    ]


def test_read_skips_section_heading_merged_across_the_row():
    data = workbook_bytes(
        [
            [None, "I. ĐẠI BIỂU SỞ NỘI VỤ"],
            [1, "Nguyễn Văn A", "Giám đốc", "Sở Nội vụ", "", "", "", "Chủ trì"],
        ],
        merges=["B2:H2"],
    )

    rows = read(data)

    assert [(row.number, row.data["full_name"]) for row in rows] == [
        (3, "Nguyễn Văn A")
    ]


def test_read_prefers_the_delegate_sheet_and_skips_the_guide():
    from openpyxl import Workbook

    workbook = Workbook()
    guide = workbook.active
    guide.title = "Hướng dẫn"
    guide.append(["Họ và tên", "Cơ quan"])
    guide.append(["Không phải đại biểu", "Sở Nội vụ"])
    sheet = workbook.create_sheet("Danh sách đại biểu")
    sheet.append(HEADER)
    sheet.append(CHAIR)
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = read(buffer.getvalue())

    assert [row.data["full_name"] for row in rows] == ["Nguyễn Văn Hùng"]


# -- refusals ----------------------------------------------------------------------

NOT_XLSX = (
    "Tệp “{name}” không phải là bảng tính Excel (.xlsx). Vui lòng mở tệp bằng Excel, "
    "lưu lại dưới dạng “Excel Workbook (*.xlsx)” rồi tải lên lại."
)
MACRO = (
    "Tệp có chứa macro. Để bảo đảm an toàn, hệ thống chỉ nhận bảng tính .xlsx "
    "không có macro: vui lòng lưu lại dưới dạng “Excel Workbook (*.xlsx)” rồi tải "
    "lên lại."
)
EXPANDS = (
    "Tệp bị từ chối vì khi giải nén có dung lượng lớn bất thường so với một danh "
    "sách đại biểu. Vui lòng chép danh sách sang tệp mẫu rồi tải tệp mẫu lên."
)


def test_refuse_renamed_csv():
    data = "STT,Họ và tên,Cơ quan\n1,Nguyễn Văn A,Sở Nội vụ\n".encode()

    error = refusal(data, name="ds.xlsx")

    assert error.code == "not_xlsx"
    assert error.messages == [NOT_XLSX.format(name="ds.xlsx")]


def test_refuse_renamed_pdf():
    error = refusal(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", name="ds.xlsx")

    assert error.messages == [NOT_XLSX.format(name="ds.xlsx")]


def test_refuse_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")

    error = refusal(buffer.getvalue(), name="ds.xlsx")

    assert error.messages == [NOT_XLSX.format(name="ds.xlsx")]


def test_refuse_workbook_with_vba_project():
    data = with_zip_member(workbook_bytes([CHAIR]), "xl/vbaProject.bin", b"\x00" * 64)

    error = refusal(data)

    assert error.code == "macro"
    assert error.messages == [MACRO]


def test_refuse_macro_content_type():
    data = with_zip_member(
        workbook_bytes([CHAIR]),
        "",
        b"",
        replace=(
            "[Content_Types].xml",
            lambda xml: xml.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml"),
        ),
    )

    assert refusal(data).messages == [MACRO]


def test_refuse_xlsm_by_name():
    assert refusal(workbook_bytes([CHAIR]), name="danh-sach.xlsm").messages == [MACRO]


def test_refuse_encrypted_workbook():
    error = refusal(ole_file(encrypted=True))

    assert error.code == "encrypted"
    assert error.messages == [
        "Tệp đang được đặt mật khẩu. Vui lòng gỡ mật khẩu (File › Info › Protect "
        "Workbook › Encrypt with Password, để trống mật khẩu), lưu lại rồi tải lên lại."
    ]


def test_refuse_legacy_xls():
    error = refusal(ole_file(encrypted=False), name="danh-sach.xls")

    assert error.code == "legacy_format"
    assert error.messages == [
        "Tệp có định dạng Excel 97–2003 (.xls) hoặc một định dạng khác không phải "
        ".xlsx. Vui lòng mở tệp bằng Excel, lưu lại dưới dạng “Excel Workbook "
        "(*.xlsx)” rồi tải lên lại."
    ]


def test_refuse_file_over_size_limit():
    data = workbook_bytes([CHAIR])

    with pytest.raises(WorkbookRefused) as caught:
        read_upload_bytes(upload(data), max_bytes=1000)

    assert caught.value.code == "too_large"
    assert caught.value.messages == ["Tệp vượt quá dung lượng cho phép (1000\xa0byte)."]


def test_refuse_stream_over_size_limit_without_reading_it_all():
    stream = io.BytesIO(b"x" * 5000)

    with pytest.raises(WorkbookRefused):
        read_upload_bytes(stream, max_bytes=1000)

    assert stream.tell() == 1001


def test_refuse_zip_bomb_before_openpyxl_opens_it():
    bomb = b"\x00" * (80 * 1024 * 1024)  # 80 MB of zeros deflate to about 80 KB
    data = with_zip_member(workbook_bytes([CHAIR]), "xl/media/image1.bin", bomb)
    assert len(data) < 200 * 1024

    error = refusal(data)

    assert error.code == "expands_too_far"
    assert error.messages == [EXPANDS]


def test_refuse_member_with_bomb_compression_ratio():
    member = b"\x00" * (3 * 1024 * 1024)  # under the total limit, ratio about 1000
    data = with_zip_member(workbook_bytes([CHAIR]), "xl/worksheets/sheet2.xml", member)

    assert refusal(data).messages == [EXPANDS]


def test_refuse_more_rows_than_the_limit():
    rows = [[n, f"Đại biểu {n}", "", "Sở Nội vụ", "", "", "", ""] for n in range(1, 5)]

    error = refusal(workbook_bytes(rows), max_rows=3)

    assert error.code == "too_many_rows"
    assert error.messages == [
        "Tệp có hơn 3 dòng đại biểu, vượt quá số dòng tối đa của một lần tải lên."
    ]


def test_accept_exactly_the_row_limit():
    rows = [[n, f"Đại biểu {n}", "", "Sở Nội vụ", "", "", "", ""] for n in range(1, 4)]

    assert len(read(workbook_bytes(rows), max_rows=3)) == 3


@pytest.mark.parametrize(
    ("header", "missing"),
    [
        (["Tên", "Địa chỉ", "Ghi chú"], "Họ và tên, Cơ quan"),
        (["STT", "Họ và tên", "Chức vụ", "Số điện thoại"], "Cơ quan"),
        (["STT", "Cơ quan", "Email", "Vai trò"], "Họ và tên"),
    ],
)
def test_refuse_header_without_required_columns(header, missing):
    data = workbook_bytes([["x"] * len(header)], header=header)

    error = refusal(data)

    assert error.code == "no_header"
    assert error.messages == [
        "Không tìm thấy dòng tiêu đề có đủ các cột bắt buộc trong 15 dòng đầu tiên. "
        f"Còn thiếu cột: {missing}. Vui lòng dùng dòng tiêu đề của tệp mẫu (STT, Họ "
        "và tên, Chức vụ, Cơ quan, Tên cơ quan khác, Số điện thoại, Email, Vai trò)."
    ]


def test_refuse_header_further_down_than_scanned():
    data = workbook_bytes([CHAIR], title_rows=[f"dòng {n}" for n in range(15)])

    assert refusal(data).code == "no_header"


def test_refuse_file_with_header_but_no_rows():
    error = refusal(workbook_bytes([]))

    assert error.messages == ["Tệp không có dòng đại biểu nào dưới dòng tiêu đề."]


def test_refuse_damaged_workbook():
    data = with_zip_member(
        workbook_bytes([CHAIR]),
        "",
        b"",
        replace=("xl/workbook.xml", lambda xml: xml[: len(xml) // 2]),
    )

    error = refusal(data)

    assert error.code == "unreadable"
    assert error.messages == [
        "Không đọc được tệp, có thể tệp đã bị hỏng. Vui lòng mở tệp bằng Excel, lưu "
        "lại dưới dạng .xlsx rồi tải lên lại."
    ]


def test_read_rows_far_below_keep_their_numbers():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(CHAIR)
    sheet.cell(row=5900, column=2, value="Đinh Công Tráng")
    sheet.cell(row=5900, column=4, value="Sở Tư pháp")
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = read(buffer.getvalue())

    assert [(row.number, row.data["full_name"]) for row in rows] == [
        (2, "Nguyễn Văn Hùng"),
        (5900, "Đinh Công Tráng"),
    ]


def test_read_decodes_excel_escapes_in_text_as_excel_shows_them():
    from tests.xlsx_files import SHEET_START, header_row, inline, raw_xlsx

    # Excel writes a carriage return as _x000D_ and a literal "_x" as _x005F_x.
    row = (
        '<row r="2">'
        + inline("B2", "Nguyễn_x000D_Văn An_x005F_x0041_")
        + inline("D2", "Sở Nội vụ")
        + "</row>"
    )
    data = raw_xlsx(
        [SHEET_START, "<sheetData>", header_row(), row, "</sheetData>"]
        + ["</worksheet>"]
    )

    (row,) = read(data)

    assert row.data["full_name"] == "Nguyễn Văn An_x0041_"
