"""Points with delegates for the exports' tests."""

import pytest

from participants.enums import Agency, DelegateRole
from tests import factories

EVIL = '=HYPERLINK("http://x","y")'


@pytest.fixture
def two_points(conference, hanoi_point, hue_point):
    factories.DelegateFactory(
        point=hanoi_point,
        full_name="Nguyễn Văn Chủ Trì",
        position="Giám đốc Sở Nội vụ",
        role=DelegateRole.CHAIR,
        phone="+84912345678",
    )
    factories.DelegateFactory(
        point=hanoi_point,
        full_name=EVIL,
        position="+1 chuyên viên",
        agency=Agency.OTHER,
        agency_other="@Ban Dân tộc",
        email="x@example.vn",
    )
    factories.DelegateFactory(point=hue_point, full_name="Hồ Thị Huế")
    return conference


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Each test its own storage for the jobs' files."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def empty_queue():
    """This process's queue on Redis, empty before and after the test."""
    from tests import broker

    broker.purge()
    yield broker
    broker.purge()
