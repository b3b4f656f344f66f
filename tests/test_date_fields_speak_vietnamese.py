"""Every date field of the portal speaks Vietnamese: "ngày/tháng/năm giờ:phút" in
its placeholder and its error, never a pattern such as dd/mm/yyyy HH:MM."""

import re
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

from conference.fields import VnDateTimeField, VnDeadlineField
from participants.decision_forms import ExtendDeadlineForm, ReopenForm
from questions.forms import DraftForm
from readiness.forms import ChecklistForm, ConnectionTestForm

ROOT = Path(__file__).resolve().parents[1]
PATTERN = re.compile(r"dd/mm/yy|hh:mm", re.IGNORECASE)
# The catalogue keeps "HH:MM" where a plan file's author writes a time in YAML.
DATE_PATTERN = re.compile(r"dd/mm/yy", re.IGNORECASE)


def _date_fields(form_class):
    return [
        (name, field)
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateTimeField | forms.DateField)
    ]


FORMS = [ChecklistForm, ConnectionTestForm, DraftForm, ExtendDeadlineForm, ReopenForm]


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f.__name__)
def test_date_fields_have_a_vietnamese_placeholder_and_error(form_class):
    fields = _date_fields(form_class)
    assert fields, form_class
    with translation.override("vi"):
        for name, field in fields:
            assert isinstance(field, VnDateTimeField), name
            placeholder = str(field.widget.attrs["placeholder"])
            assert placeholder == "ngày/tháng/năm giờ:phút", name
            with pytest.raises(forms.ValidationError) as exc:
                field.clean("2022-11-20T17:00")
            message = " ".join(exc.value.messages)
            assert "ngày/tháng/năm" in message and "giờ:phút" in message, name
            assert not PATTERN.search(message), message


def test_a_deadline_field_says_a_day_alone_is_the_end_of_day():
    with translation.override("vi"):
        with pytest.raises(forms.ValidationError) as exc:
            VnDeadlineField().clean("20-11-2022")
    assert "23:59" in exc.value.messages[0]


def test_no_template_form_or_catalogue_shows_a_date_pattern():
    """What a user reads (templates, form code, the catalogue) never says
    dd/mm/yyyy, nor (outside the catalogue's plan-file messages) HH:MM."""
    offenders = []
    for path in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/forms.py")]:
        if ".venv" in path.parts:
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if PATTERN.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    catalogue = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    for number, line in enumerate(catalogue.read_text("utf-8").splitlines(), 1):
        if DATE_PATTERN.search(line):
            offenders.append(f"django.po:{number}")
    assert offenders == []
