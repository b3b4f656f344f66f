"""A conference with its invitation's header data, Bắc Ninh's point, a programme."""

from datetime import datetime

import pytest

from documents.models import IssuedDocument
from tests import factories
from tests.factories import VN


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def issued(conference):
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
        number="1234",
        symbol="GM-BNV",
        issued_on=datetime(2022, 11, 15).date(),
        title="GIẤY MỜI",
        excerpt="Dự Hội nghị triển khai Đề án",
        **common,
    )
    IssuedDocument.objects.create(
        conference=conference, kind="programme", symbol="CTr-BNV", **common
    )
    return conference


@pytest.fixture
def bac_ninh_point(issued):
    unit = factories.UnitFactory(unit_set=issued.unit_set, code="27", name="Bắc Ninh")
    return factories.BridgePointFactory(
        conference=issued, unit=unit, name="Điểm cầu UBND tỉnh Bắc Ninh"
    )


@pytest.fixture
def slots(issued):
    def at(h, m):
        return datetime(2022, 11, 22, h, m, tzinfo=VN)

    return [
        factories.AgendaSlotFactory(
            conference=issued,
            order=1,
            starts_at=at(7, 30),
            ends_at=at(8, 0),
            content="Kết nối các điểm cầu",
            performing_unit="Văn phòng Bộ Nội vụ",
        ),
        factories.AgendaSlotFactory(
            conference=issued,
            order=2,
            starts_at=at(8, 0),
            ends_at=at(8, 10),
            content="Tuyên bố lý do, giới thiệu đại biểu",
            presenter_name="Ông Đỗ Quý Tiến",
        ),
    ]
