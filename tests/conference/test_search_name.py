import pytest

from tests import factories


@pytest.mark.django_db
def test_unit_keeps_its_search_name_on_save_and_rename():
    unit = factories.UnitFactory(code="66", name="Đắk Lắk")
    assert unit.search_name == "dak lak"
    unit.name = "Đắk Nông"
    unit.save(update_fields=["name"])
    unit.refresh_from_db()
    assert unit.search_name == "dak nong"
