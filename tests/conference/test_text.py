import pytest

from conference.text import fold_for_search
from tests import factories


@pytest.mark.parametrize(
    "text",
    ["Hà Nội", "ha noi", "HA NOI", "  Hà   NỘI ", "Ha\u0300 No\u0302\u0323i"],
)
def test_fold_ignores_diacritics_case_spaces_and_normal_form(text):
    assert fold_for_search(text) == "ha noi"


def test_fold_turns_d_with_stroke_into_d():
    assert fold_for_search("Đắk Lắk") == "dak lak"
    assert fold_for_search("ĐIỆN BIÊN") == "dien bien"
    assert fold_for_search("") == ""
    assert fold_for_search(None) == ""


@pytest.mark.django_db
def test_unit_keeps_its_search_name_on_save_and_rename():
    unit = factories.UnitFactory(code="66", name="Đắk Lắk")
    assert unit.search_name == "dak lak"
    unit.name = "Đắk Nông"
    unit.save(update_fields=["name"])
    unit.refresh_from_db()
    assert unit.search_name == "dak nong"
