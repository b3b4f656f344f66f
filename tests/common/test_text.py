"""common.text: the one cleaning rule of every text field (issue #7, 2 and 3)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from common.forms import CleanForm, CleanModelForm, VersionField
from common.text import clean_text, fold, fold_accents, normalise_text


@pytest.mark.parametrize(
    "raw",
    [
        "Nguyễn\x01 Văn An",
        "Nguyễn Văn\x7f An",
        "Nguy\u00adễn Văn An",  # soft hyphen
        "Nguyễn\u200e Văn An",  # left-to-right mark
        "Nguyễn Văn\u200b An",  # zero-width space
        "Ngu\u034fyễn Văn An",  # combining grapheme joiner
        "\ufeffNguyễn Văn An",  # byte-order mark
        "Nguyễn\u2060Văn An".replace("\u2060", "\u2060 "),  # word joiner
        "  Nguyễn \t Văn\nAn ",
        "Nguye\u0302\u0303n Văn An",  # decomposed: NFC composes it
    ],
)
def test_invisible_and_control_characters_are_removed(raw):
    assert clean_text(raw) == "Nguyễn Văn An"


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
def test_bidi_overrides_and_embeddings_are_refused(char):
    with pytest.raises(ValidationError) as exc:
        clean_text(f"Nguyễn Văn An{char}gnàoH")
    assert exc.value.code == "bidi_control"


@pytest.mark.parametrize("char", ["\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_isolates_are_refused(char):
    with pytest.raises(ValidationError):
        clean_text(f"Trần{char} Thị Mai")


def test_normalise_keeps_bidi_for_the_form_to_refuse_and_fold_drops_it():
    assert normalise_text("A\u202eB") == "A\u202eB"
    assert fold("Nguyễn\u200e VĂN\u00ad An") == fold("nguyễn văn an") == "nguyễn văn an"


def test_multiline_keeps_line_breaks_and_drops_controls():
    assert clean_text("Dòng 1\r\nDòng\x01 2\u200b\n\n  Dòng 3 ", multiline=True) == (
        "Dòng 1\nDòng 2\n\nDòng 3"
    )


class NoteForm(CleanForm):
    name = forms.CharField()
    email = forms.EmailField(required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)
    password = forms.CharField(widget=forms.PasswordInput, required=False, strip=False)
    version = VersionField()


def test_clean_form_cleans_every_text_field_and_leaves_passwords():
    form = NoteForm(
        data={
            "name": "Lê\x01 Văn\u00ad Tám",
            "email": "tam\u200b@snv.vn",
            "note": "a\r\nb\x07",
            "password": " \tpass\u200b ",
            "version": "3",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "name": "Lê Văn Tám",
        "email": "tam@snv.vn",
        "note": "a\nb",
        "password": " \tpass\u200b ",
        "version": 3,
    }


def test_clean_form_refuses_a_bidi_override_on_its_field():
    form = NoteForm(data={"name": "Lê Văn \u202eTám", "version": "1"})
    assert not form.is_valid()
    assert form.errors["name"] == [
        "Nội dung có ký tự ẩn điều khiển hướng chữ (như U+202E) làm nội dung hiển "
        "thị sai lệch. Vui lòng gõ lại thay vì dán từ nơi khác."
    ]


@pytest.mark.parametrize("version", [None, "", "abc", "1.5", "-1"])
def test_a_missing_or_malformed_version_is_a_form_error_at_the_top(version):
    data = {"name": "Lê Văn Tám"}
    if version is not None:
        data["version"] = version
    form = NoteForm(data=data)
    assert not form.is_valid()
    assert "version" not in form.errors
    assert form.non_field_errors() == [
        "Trang này đã cũ hoặc thiếu thông tin (không có số phiên bản). Chưa có gì "
        "được lưu: vui lòng tải lại trang và thực hiện lại thay đổi."
    ]


def test_clean_model_form_is_a_model_form():
    assert issubclass(CleanModelForm, forms.ModelForm)


@pytest.mark.parametrize(
    "text",
    ["Hà Nội", "ha noi", "HA NOI", "  Hà   NỘI ", "Ha\u0300 No\u0302\u0323i"],
)
def test_fold_accents_ignores_diacritics_case_spaces_and_normal_form(text):
    assert fold_accents(text) == "ha noi"


def test_fold_accents_turns_d_with_stroke_into_d():
    assert fold_accents("Đắk Lắk") == "dak lak"
    assert fold_accents("ĐIỆN BIÊN") == "dien bien"
    assert fold_accents("") == ""
    assert fold_accents(None) == ""
