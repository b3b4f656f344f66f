"""A unit's proper designation: "tỉnh Bắc Ninh", "thành phố Hà Nội", in every label."""

from pathlib import Path

import pytest
import yaml

from conference.enums import UnitKind
from conference.models import AdministrativeUnit, unit_designation

UNITS = Path(__file__).resolve().parents[2] / "plans" / "data" / "units"


@pytest.mark.parametrize(
    ("name", "kind", "designation"),
    [
        ("Bắc Ninh", UnitKind.PROVINCE, "tỉnh Bắc Ninh"),
        ("Hà Nội", UnitKind.CENTRAL_CITY, "thành phố Hà Nội"),
        ("Hồ Chí Minh", UnitKind.CENTRAL_CITY, "thành phố Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", UnitKind.CENTRAL_CITY, "thành phố Hồ Chí Minh"),
        ("Thành phố Huế", UnitKind.CENTRAL_CITY, "thành phố Huế"),
        ("Tỉnh Lào Cai", UnitKind.PROVINCE, "tỉnh Lào Cai"),
        ("Xã thử 1", UnitKind.PROVINCE, "xã thử 1"),
    ],
)
def test_unit_designation(name, kind, designation):
    assert unit_designation(name, kind) == designation
    unit = AdministrativeUnit(name=name, kind=kind)
    assert unit.designation == designation
    assert unit.name_in_sentence == designation
    assert unit.full_name == designation[:1].upper() + designation[1:]


def test_home_affairs_name_has_a_lower_case_tinh():
    unit = AdministrativeUnit(name="Bắc Ninh", kind=UnitKind.PROVINCE)
    assert unit.home_affairs_name == "Sở Nội vụ tỉnh Bắc Ninh"
    city = AdministrativeUnit(name="Cần Thơ", kind=UnitKind.CENTRAL_CITY)
    assert city.home_affairs_name == "Sở Nội vụ thành phố Cần Thơ"


@pytest.mark.parametrize("unit_set", ["vn-2022.yaml", "vn-2025.yaml"])
def test_the_centrally_run_cities_are_cities_in_the_data(unit_set):
    data = yaml.safe_load((UNITS / unit_set).read_text(encoding="utf-8"))
    kinds = {unit["name"]: unit["kind"] for unit in data["units"]}
    for city in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"):
        assert kinds[city] == UnitKind.CENTRAL_CITY, city
        assert unit_designation(city, kinds[city]).startswith("thành phố ")


@pytest.mark.django_db
def test_demo_accounts_are_named_after_the_provinces_sở_nội_vụ(settings):
    from accounts.services import create_demo_accounts
    from tests.factories import UnitFactory

    settings.DEBUG = True
    provinces = [
        UnitFactory(code="27", name="Bắc Ninh"),
        UnitFactory(code="92", name="Cần Thơ", kind=UnitKind.CENTRAL_CITY),
    ]
    labels = dict(create_demo_accounts(provinces=provinces))
    assert "Sở Nội vụ tỉnh Bắc Ninh" in labels.values()
    assert "Sở Nội vụ thành phố Cần Thơ" in labels.values()
