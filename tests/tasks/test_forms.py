"""The task status form: the choices a user has, and the note as the portal keeps it."""

import unicodedata

from tasks.enums import TaskStatus
from tasks.forms import TaskStatusForm


def test_unit_members_may_not_cancel():
    form = TaskStatusForm(data={"status": TaskStatus.CANCELLED, "note": ""})

    assert [value for value, _label in form.fields["status"].choices] == [
        TaskStatus.TODO,
        TaskStatus.IN_PROGRESS,
        TaskStatus.DONE,
    ]
    assert list(form.errors) == ["status"]


def test_those_who_manage_every_task_may_cancel():
    form = TaskStatusForm(
        data={"status": TaskStatus.CANCELLED, "note": ""}, manage_all=True
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"status": TaskStatus.CANCELLED, "note": ""}


def test_note_is_cleaned_to_nfc_and_trimmed():
    decomposed = unicodedata.normalize("NFD", "  Đã gửi Cục Quản trị\u200b ")

    form = TaskStatusForm(data={"status": TaskStatus.DONE, "note": decomposed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["note"] == "Đã gửi Cục Quản trị"
    assert unicodedata.is_normalized("NFC", form.cleaned_data["note"])


def test_note_over_2000_characters_is_refused():
    form = TaskStatusForm(data={"status": TaskStatus.DONE, "note": "a" * 2001})

    assert list(form.errors) == ["note"]
