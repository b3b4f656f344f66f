import unicodedata

import pytest
from django.core.exceptions import ValidationError

from participants.enums import Agency, DelegateRole
from participants.forms import DelegateForm
from participants.models import Delegate
from participants.rules import DelegateIndex
from tests.factories import DelegateFactory


def form_data(**overrides):
    data = {
        "full_name": "Trần Văn Bình",
        "position": "Giám đốc",
        "agency": Agency.HOME_AFFAIRS,
        "agency_other": "",
        "phone": "0912 345 678",
        "email": "Binh@Example.vn",
        "role": DelegateRole.CHAIR,
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_delegate_form_normalises_name_phone_and_email(hanoi_point):
    nfd = unicodedata.normalize("NFD", "  Trần   Văn Bình ")
    form = DelegateForm(data=form_data(full_name=nfd), point=hanoi_point)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == "Trần Văn Bình"
    assert unicodedata.is_normalized("NFC", form.cleaned_data["full_name"])
    assert form.cleaned_data["phone"] == "+84912345678"
    assert form.cleaned_data["email"] == "binh@example.vn"


@pytest.mark.django_db
def test_delegate_form_other_agency_needs_a_name(hanoi_point):
    form = DelegateForm(data=form_data(agency=Agency.OTHER), point=hanoi_point)
    assert not form.is_valid()
    assert form.errors["agency_other"] == ["Nhập tên cơ quan, đơn vị khác."]


@pytest.mark.django_db
def test_delegate_form_drops_other_name_for_a_listed_agency(hanoi_point):
    form = DelegateForm(data=form_data(agency_other="Sở Xây dựng"), point=hanoi_point)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agency_other"] == ""


@pytest.mark.django_db
def test_delegate_form_refuses_same_name_and_phone(hanoi_point):
    DelegateFactory(point=hanoi_point, full_name="Trần Văn Bình", phone="+84912345678")
    form = DelegateForm(
        data=form_data(full_name="TRẦN VĂN BÌNH", email="", role=DelegateRole.ATTENDEE),
        point=hanoi_point,
    )
    assert not form.is_valid()
    assert form.errors["phone"] == [
        "TRẦN VĂN BÌNH với số điện thoại này đã có trong danh sách."
    ]


@pytest.mark.django_db
def test_delegate_form_refuses_same_email(hanoi_point):
    DelegateFactory(point=hanoi_point, full_name="Lê Thị Hoa", email="binh@example.vn")
    form = DelegateForm(data=form_data(role=DelegateRole.ATTENDEE), point=hanoi_point)
    assert not form.is_valid()
    assert "đã được dùng cho Lê Thị Hoa" in form.errors["email"][0]


@pytest.mark.django_db
def test_delegate_form_refuses_second_chair(hanoi_point):
    DelegateFactory(
        point=hanoi_point, full_name="Phạm Minh Chủ", role=DelegateRole.CHAIR
    )
    form = DelegateForm(data=form_data(), point=hanoi_point)
    assert not form.is_valid()
    assert "Phạm Minh Chủ" in form.errors["role"][0]


@pytest.mark.django_db
def test_delegate_form_same_person_in_another_province_is_fine(hanoi_point, hue_point):
    DelegateFactory(point=hue_point, full_name="Trần Văn Bình", phone="+84912345678")
    form = DelegateForm(data=form_data(), point=hanoi_point)
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_delegate_form_editing_keeps_own_values(hanoi_point):
    delegate = DelegateFactory(
        point=hanoi_point,
        full_name="Trần Văn Bình",
        phone="+84912345678",
        email="binh@example.vn",
        role=DelegateRole.CHAIR,
    )
    form = DelegateForm(
        data=form_data(version=delegate.version), point=hanoi_point, instance=delegate
    )
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_delegate_form_checks_a_row_against_its_index_without_a_query(
    hanoi_point, django_assert_num_queries
):
    # The import checks thousands of rows: the model's constraints are the form's
    # own rules (the index, the model's clean), never a query per row.
    index = DelegateIndex.for_point(hanoi_point)
    with django_assert_num_queries(0):
        assert DelegateForm(form_data(), point=hanoi_point, index=index).is_valid()
        form = DelegateForm(
            form_data(agency=Agency.OTHER), point=hanoi_point, index=index
        )
        assert not form.is_valid()
    assert form.errors["agency_other"] == ["Nhập tên cơ quan, đơn vị khác."]


@pytest.mark.django_db
def test_model_validation_refuses_an_other_agency_without_a_name(hanoi_point):
    # The admin's forms and any full_clean get the rule with its message.
    delegate = Delegate(
        point=hanoi_point, full_name="Lê Văn C", agency=Agency.OTHER, agency_other=""
    )
    with pytest.raises(ValidationError) as refused:
        delegate.full_clean()
    assert refused.value.message_dict["agency_other"] == [
        "Nhập tên cơ quan, đơn vị khác."
    ]


@pytest.mark.django_db
def test_model_validation_still_checks_the_unique_constraints(hanoi_point):
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    second = Delegate(
        point=hanoi_point,
        full_name="Lê Văn C",
        agency=Agency.JUSTICE,
        role=DelegateRole.CHAIR,
    )
    with pytest.raises(ValidationError):
        second.full_clean()


@pytest.mark.django_db
def test_delegate_index_of_a_point_is_one_query(hanoi_point, django_assert_num_queries):
    DelegateFactory.create_batch(3, point=hanoi_point)
    with django_assert_num_queries(1):
        DelegateIndex.for_point(hanoi_point)
