import pytest

from documents.models import BackdropSize, IssuedDocument
from tests import factories

BACKDROP_TEXT = """HỘI NGHỊ
TRIỂN KHAI ĐỀ ÁN “XÁC ĐỊNH CHỈ SỐ
CẢI CÁCH HÀNH CHÍNH CỦA CÁC BỘ, CƠ QUAN NGANG BỘ,
ỦY BAN NHÂN DÂN CÁC TỈNH, THÀNH PHỐ TRỰC THUỘC
TRUNG ƯƠNG” GIAI ĐOẠN 2022 - 2030 VÀ KẾ HOẠCH XÁC
ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2022
Tỉnh/Thành phố..., ngày ... tháng 11 năm 2022"""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test its own storage, so the cache starts empty."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def docs_conference(conference):
    conference.backdrop_text = BACKDROP_TEXT
    conference.transmission = "Đường truyền của Chính phủ"
    conference.save()
    common = {
        "issuing_body": "BỘ NỘI VỤ",
        "place": "Hà Nội",
        "signer_authority": "KT. BỘ TRƯỞNG",
        "signer_title": "THỨ TRƯỞNG",
        "signer_name": "Nguyễn Trọng Thừa",
        "recipients": "Như trên;\nBộ trưởng (để b/c);\nLưu: VT, Vụ CCHC.",
    }
    IssuedDocument.objects.create(
        conference=conference,
        kind="invitation",
        symbol="GM-BNV",
        title="GIẤY MỜI",
        excerpt="Dự Hội nghị triển khai Đề án",
        attendees="Đại diện lãnh đạo Ủy ban nhân dân tỉnh (chủ trì tại điểm cầu);",
        **common,
    )
    IssuedDocument.objects.create(
        conference=conference, kind="programme", symbol="CTr-BNV", **common
    )
    return conference


@pytest.fixture
def bac_ninh_point(docs_conference):
    unit = factories.UnitFactory(
        unit_set=docs_conference.unit_set, code="27", name="Bắc Ninh"
    )
    return factories.BridgePointFactory(
        conference=docs_conference,
        unit=unit,
        name="Điểm cầu UBND tỉnh Bắc Ninh",
        room="Phòng họp số 2, tầng 3",
        address="Số 10 Phù Đổng Thiên Vương, thành phố Bắc Ninh",
    )


def default_sizes() -> tuple[BackdropSize, BackdropSize]:
    """The two sizes the migration seeds (a transactional test elsewhere may have
    flushed them)."""
    screen, _ = BackdropSize.objects.get_or_create(
        name="Màn hình 16:9", defaults={"width_mm": 3200, "height_mm": 1800, "order": 1}
    )
    banner, _ = BackdropSize.objects.get_or_create(
        name="Băng rôn ngang",
        defaults={"width_mm": 4800, "height_mm": 1200, "order": 2},
    )
    return screen, banner


@pytest.fixture(autouse=True)
def sizes(db):
    return default_sizes()


@pytest.fixture
def screen(sizes):
    return sizes[0]


@pytest.fixture
def banner(sizes):
    return sizes[1]


@pytest.fixture
def slots(docs_conference):
    from datetime import datetime

    from tests.factories import VN

    def at(h, m):
        return datetime(2022, 11, 22, h, m, tzinfo=VN)

    return [
        factories.AgendaSlotFactory(
            conference=docs_conference,
            order=1,
            starts_at=at(7, 30),
            ends_at=at(8, 0),
            content="Kết nối các điểm cầu",
            presenter_name="",
            presenter_title="",
            performing_unit="Văn phòng Bộ Nội vụ",
        ),
        factories.AgendaSlotFactory(
            conference=docs_conference,
            order=2,
            starts_at=at(8, 0),
            ends_at=at(8, 10),
            content="Tuyên bố lý do, giới thiệu đại biểu",
            presenter_name="Ông Đỗ Quý Tiến",
            presenter_title="Phó Vụ trưởng Vụ CCHC, Bộ Nội vụ",
            performing_unit="",
        ),
    ]
