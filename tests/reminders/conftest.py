import pytest

from tasks.models import OrganisationalUnit
from tests import factories
from tests.outbox.conftest import smtp_sink  # noqa: F401 — the real SMTP sink
from tests.plan5774 import DEFAULT_PLAN, load_plan


@pytest.fixture
def plan(db):
    return load_plan(path=DEFAULT_PLAN)


@pytest.fixture
def people(plan):
    """Vụ CCHC's account in its unit, Văn phòng Bộ's, and two provinces' staff."""
    cchc = factories.organiser(username="cchc-t", email="cchc@moha.gov.vn")
    OrganisationalUnit.objects.get(code="vu-cchc").members.add(cchc)
    vpb = factories.UserFactory(username="vpb-t", email="vpb@moha.gov.vn")
    vpb.save()
    OrganisationalUnit.objects.get(code="van-phong-bo").members.add(vpb)
    hanoi = plan.points.get(unit__code="01")
    hue = plan.points.get(unit__code="46")
    return {
        "cchc": cchc,
        "vpb": vpb,
        "hanoi": hanoi,
        "hue": hue,
        "snv01": factories.province_staff(hanoi.unit, email="snv@hanoi.gov.vn"),
        "snv46": factories.province_staff(hue.unit, email="snv@hue.gov.vn"),
    }
