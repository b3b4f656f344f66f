"""The one definition of the delegate sheet's columns, shared by template, reader, export.

The header, sheet names and instructions are data written for Vietnamese users, so
they are Vietnamese constants here rather than translated messages.
"""

import re
from dataclasses import dataclass

from django.utils import translation

from common.text import fold_accents

from ..enums import Agency, DelegateRole, agency_labels, role_labels

SHEET_TITLE = "Danh sách đại biểu"
GUIDE_TITLE = "Hướng dẫn"
LISTS_TITLE = "Danh mục"
TITLE = "DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ TẠI ĐIỂM CẦU"


@dataclass(frozen=True)
class Column:
    key: str  # the Delegate field it fills, or "index" for the row number
    header: str
    width: int
    required: bool = False
    synonyms: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("index", "STT", 6, synonyms=("TT", "Số TT", "Số thứ tự")),
    Column(
        "full_name",
        "Họ và tên",
        28,
        required=True,
        synonyms=(
            "Họ tên",
            "Họ và tên đại biểu",
            "Họ tên đại biểu",
            "Tên đại biểu",
            "Đại biểu",
            "Full name",
            "Name",
        ),
    ),
    Column(
        "position",
        "Chức vụ",
        30,
        synonyms=("Chức danh", "Chức vụ, chức danh", "Chức vụ/chức danh", "Position"),
    ),
    Column(
        "agency",
        "Cơ quan",
        34,
        required=True,
        synonyms=(
            "Cơ quan/đơn vị",
            "Cơ quan, đơn vị",
            "Cơ quan đơn vị",
            "Đơn vị",
            "Đơn vị công tác",
            "Cơ quan công tác",
            "Nơi công tác",
            "Agency",
        ),
    ),
    Column(
        "agency_other",
        "Tên cơ quan khác",
        30,
        synonyms=(
            "Cơ quan khác",
            "Đơn vị khác",
            "Tên đơn vị khác",
            "Tên cơ quan, đơn vị khác",
            "Other agency",
        ),
    ),
    Column(
        "phone",
        "Số điện thoại",
        18,
        synonyms=(
            "SĐT",
            "SĐT di động",
            "Số ĐT",
            "ĐT",
            "Điện thoại",
            "Điện thoại di động",
            "Di động",
            "Số di động",
            "Phone",
        ),
    ),
    Column(
        "email",
        "Email",
        30,
        synonyms=(
            "E-mail",
            "Thư điện tử",
            "Địa chỉ email",
            "Địa chỉ thư điện tử",
            "Mail",
        ),
    ),
    Column(
        "role",
        "Vai trò",
        14,
        synonyms=("Vai trò tại hội nghị", "Thành phần", "Role"),
    ),
)

COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.required)

# What people write for each agency besides its label, in their own words.
AGENCY_SYNONYMS: dict[str, tuple[str, ...]] = {
    Agency.PEOPLES_COMMITTEE_OFFICE: (
        "Văn phòng Ủy ban nhân dân tỉnh",
        "Văn phòng Ủy ban nhân dân thành phố",
        "Văn phòng Ủy ban nhân dân",
        "Văn phòng UBND tỉnh",
        "Văn phòng UBND thành phố",
        "Văn phòng UBND",
        "VP UBND tỉnh",
        "VP UBND",
        "VPUBND",
        "Văn phòng UB",
    ),
    Agency.HOME_AFFAIRS: ("Sở Nội vụ", "SNV"),
    Agency.JUSTICE: ("Sở Tư pháp", "STP"),
    Agency.FINANCE: ("Sở Tài chính", "STC"),
    Agency.INFORMATION_COMMUNICATIONS: (
        "Sở Thông tin và Truyền thông",
        "Sở Thông tin - Truyền thông",
        "Sở TT&TT",
        "Sở TTTT",
        "Sở TT và TT",
        "STTTT",
    ),
    Agency.OTHER: ("Khác", "Cơ quan khác", "Đơn vị khác", "Cơ quan, đơn vị khác"),
}

# An agency named with its province after it ("Sở Tư pháp tỉnh Nghệ An") is the agency.
AGENCY_PROVINCE_SUFFIXES = ("tinh", "thanhpho", "tp")

ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    DelegateRole.CHAIR: ("Chủ trì", "Người chủ trì", "Chủ trì hội nghị", "Chủ tọa"),
    DelegateRole.ATTENDEE: ("Tham dự", "Đại biểu", "Đại biểu tham dự", "Dự"),
    DelegateRole.GUEST: ("Khách mời", "Khách", "Đại biểu khách mời"),
}

GUIDE_LINES = (
    "HƯỚNG DẪN ĐIỀN DANH SÁCH ĐẠI BIỂU",
    "",
    "1. Mỗi dòng của trang tính “Danh sách đại biểu” là một đại biểu. Không xóa, không đổi "
    "tên dòng tiêu đề; có thể để trống cột không có thông tin (trừ Họ và tên, Cơ quan).",
    "2. Mỗi điểm cầu có đúng một người chủ trì (thường là Giám đốc Sở Nội vụ): chọn "
    "“Chủ trì” ở cột Vai trò cho một người duy nhất. Đại biểu mời từ đơn vị ngoài các "
    "sở nêu trong Kế hoạch chọn “Khách mời”; các đại biểu khác chọn “Tham dự” (để "
    "trống cũng được hiểu là Tham dự).",
    "3. Cột Cơ quan: chọn trong danh sách thả xuống theo thứ tự của Kế hoạch. Đại biểu "
    "của cơ quan, đơn vị khác (ví dụ Ban Dân tộc, Sở Kế hoạch và Đầu tư, UBND cấp "
    "huyện) thì chọn “{other}” và ghi tên cơ quan, đơn vị đó vào cột “Tên cơ quan "
    "khác”.",
    "4. Số điện thoại: ghi số di động hoặc cố định của Việt Nam theo cách quen dùng, "
    "ví dụ 0912 345 678, 0912.345.678, +84 912 345 678 hoặc (024) 3824 1234. Cột này "
    "đã định dạng kiểu văn bản để giữ số 0 ở đầu; nếu số 0 bị mất (912345678) hệ "
    "thống vẫn nhận đúng.",
    "5. Email: mỗi đại biểu một địa chỉ, không trùng với đại biểu khác.",
    "6. Một người (cùng họ tên và số điện thoại) chỉ ghi một lần trong danh sách.",
    "7. Tải tệp lên Cổng thông tin Hội nghị: chọn “Thêm vào danh sách” để bổ sung, "
    "hoặc “Thay thế toàn bộ danh sách” để thay danh sách đã có. Hệ thống kiểm tra "
    "từng dòng và cho xem trước; chỉ khi không còn lỗi mới xác nhận nhập được, và "
    "nhập tất cả hoặc không nhập dòng nào.",
    "8. Chỉ nhận tệp Excel .xlsx không có macro, không đặt mật khẩu.",
    "",
    "Hạn gửi danh sách đại biểu của điểm cầu: {deadline} (giờ Việt Nam).",
    "Hội nghị: {conference}.",
)

_NON_ALNUM = re.compile(r"[^a-z0-9]")


def fold_key(value) -> str:
    """Return a key that ignores accents, case, spacing and punctuation.

    "Họ và tên", "HỌ VÀ TÊN", "Ho va ten" and their decomposed (NFD) spellings
    all give "hovaten".
    """
    return _NON_ALNUM.sub("", fold_accents(value))


def sheet_agency_labels() -> list[str]:
    """The agencies as a Vietnamese reader sees them, in the plan's order."""
    with translation.override("vi"):
        return list(agency_labels().values())


def sheet_role_labels() -> list[str]:
    """The roles as a Vietnamese reader sees them: the template's drop-down and
    the words an unreadable role is told to use."""
    with translation.override("vi"):
        return list(role_labels().values())
