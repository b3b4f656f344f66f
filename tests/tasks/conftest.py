import pytest

from tests import factories
from tests.plan5774 import DEFAULT_PLAN, load_plan


@pytest.fixture
def plan(db):
    return load_plan(path=DEFAULT_PLAN)


@pytest.fixture
def vu_cchc(db):
    return factories.OrganisationalUnitFactory(
        code="vu-cchc", name="Vụ Cải cách hành chính", short_name="Vụ CCHC", order=1
    )


@pytest.fixture
def van_phong_bo(db):
    return factories.OrganisationalUnitFactory(
        code="van-phong-bo", name="Văn phòng Bộ", short_name="VPB", order=2
    )
