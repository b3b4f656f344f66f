"""A delegate's name: titles refused with a hint, mixed case offered in proper
case, in the web form and in the Excel import's checks alike."""

import unicodedata

import pytest
from django.urls import reverse
from django.utils import translation

from participants.enums import Agency
from participants.names import leading_title, proper_case, without_title

from .test_imports import person, stage


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("NGUYỄN hương giang", "Nguyễn Hương Giang"),
        ("đặng  thị   ĐÀO", "Đặng Thị Đào"),
        ("ỨNG văn ước", "Ứng Văn Ước"),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
        ("h'hen niê", "H'Hen Niê"),
        ("H'Hen Niê", "H'Hen Niê"),
        # Decomposed input (NFD) comes back composed (NFC).
        (unicodedata.normalize("NFD", "lê THỊ ánh"), "Lê Thị Ánh"),
    ],
)
def test_proper_case_is_vietnamese_aware_and_nfc(typed, expected):
    result = proper_case(typed)
    assert result == expected
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize(
    ("typed", "title", "rest"),
    [
        ("ông NGUYỄN hương giang", "ông", "NGUYỄN hương giang"),
        ("Bà Lê Thị Hoa", "Bà", "Lê Thị Hoa"),
        ("anh Trần Minh", "anh", "Trần Minh"),
        ("Chị Phạm Thu", "Chị", "Phạm Thu"),
        ("đồng chí Hoàng Văn Nam", "đồng chí", "Hoàng Văn Nam"),
        ("Đồng Chí Hoàng Văn Nam", "Đồng Chí", "Hoàng Văn Nam"),
        ("Nguyễn Văn Ông", None, "Nguyễn Văn Ông"),
        ("Anh", None, "Anh"),
    ],
)
def test_leading_title(typed, title, rest):
    assert leading_title(typed) == title
    assert without_title(typed) == rest


def _add(client, point, **data):
    fields = {
        "agency": Agency.HOME_AFFAIRS,
        "role": "attendee",
        "phone": "0912 345 678",
        **data,
    }
    return client.post(
        reverse("participants:delegate_add", args=[point.pk]), fields, follow=True
    )


@pytest.mark.django_db
def test_a_title_is_refused_with_a_hint_and_the_name_offered(
    open_conference, hanoi_client, hanoi_point
):
    response = _add(hanoi_client, hanoi_point, full_name="ông NGUYỄN hương giang")
    assert hanoi_point.delegates.count() == 0
    page = response.content.decode()
    assert "Không ghi danh xưng (“ông”) trước họ tên" in page
    assert "“Nguyễn Hương Giang”" in page
    assert response.context["form"]["full_name"].value() == "Nguyễn Hương Giang"


@pytest.mark.django_db
def test_mixed_case_is_offered_in_proper_case_then_saved(
    open_conference, hanoi_client, hanoi_point
):
    response = _add(hanoi_client, hanoi_point, full_name="NGUYỄN hương giang")
    assert hanoi_point.delegates.count() == 0
    page = response.content.decode()
    assert "Có phải là “Nguyễn Hương Giang”" in page
    assert 'name="keep_name_as_typed"' in page
    form = response.context["form"]
    assert form["full_name"].value() == "Nguyễn Hương Giang"

    # Saving again the form as shown keeps the proper case.
    _add(hanoi_client, hanoi_point, full_name=form["full_name"].value())
    assert list(hanoi_point.delegates.values_list("full_name", flat=True)) == [
        "Nguyễn Hương Giang"
    ]


@pytest.mark.django_db
def test_mixed_case_can_be_kept_as_typed(open_conference, hanoi_client, hanoi_point):
    _add(
        hanoi_client,
        hanoi_point,
        full_name="NGUYỄN hương giang",
        keep_name_as_typed="on",
    )
    assert list(hanoi_point.delegates.values_list("full_name", flat=True)) == [
        "NGUYỄN hương giang"
    ]


@pytest.mark.django_db
def test_a_proper_name_is_saved_at_once(open_conference, hanoi_client, hanoi_point):
    response = _add(hanoi_client, hanoi_point, full_name="Nguyễn Hương Giang")
    assert hanoi_point.delegates.count() == 1
    assert 'name="keep_name_as_typed"' not in response.content.decode()


@pytest.mark.django_db
def test_the_import_refuses_a_title_and_warns_on_mixed_case(
    open_conference, hanoi_point, hanoi_staff
):
    with translation.override("vi"):
        delegate_import = stage(
            hanoi_point,
            [
                person(1, full_name="bà Lê Thị Hoa"),
                person(2, full_name="TRẦN văn bình"),
            ],
            by=hanoi_staff,
        )
    errors = delegate_import.row_errors["2"]
    assert any(
        "Không ghi danh xưng (“bà”)" in e and "“Lê Thị Hoa”" in e for e in errors
    )
    warnings = delegate_import.errors["warnings"]["3"]
    assert any("Có phải là “Trần Văn Bình”" in w for w in warnings)
    assert "3" not in delegate_import.row_errors
