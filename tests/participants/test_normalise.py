import unicodedata

import pytest
from django.core.exceptions import ValidationError

from common.text import fold, normalise_text
from participants.normalise import format_phone, normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "84912345678",
        "(+84) 912345678",
        912345678,
        912345678.0,
        "912345678.0",
    ],
)
def test_normalise_phone_accepts_common_mobile_forms(raw):
    assert normalise_phone(raw) == "+84912345678"


def test_normalise_phone_accepts_landline_with_area_code():
    assert normalise_phone("(024) 3824 1234") == "+842438241234"


def test_normalise_phone_empty_is_empty():
    assert normalise_phone("  ") == ""
    assert normalise_phone(None) == ""


@pytest.mark.parametrize("raw", ["0123", "abc", "0912 345 678 999 1"])
def test_normalise_phone_refuses_invalid_numbers_with_vietnamese_message(raw):
    with pytest.raises(ValidationError) as exc:
        normalise_phone(raw)
    assert "không phải số điện thoại hợp lệ" in exc.value.messages[0]


def test_format_phone_reads_like_vietnamese_writing():
    assert format_phone("+84912345678") == "0912 345 678"
    assert format_phone("") == ""


def test_clean_text_makes_nfc_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị\u00a0Hằng \u200b")
    cleaned = normalise_text(decomposed)
    assert cleaned == "Nguyễn Thị Hằng"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_fold_ignores_case_and_normal_form():
    assert fold(unicodedata.normalize("NFD", "NGUYỄN Văn An")) == fold("nguyễn văn an")
