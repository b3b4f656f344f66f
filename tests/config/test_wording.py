"""What an empty drop-down, a yes/no icon and a choice say, in the portal's forms and
in the admin, through the forms and templates that own them: Django's own globals
are left as Django ships them (issue #17, 3)."""

import pytest
from django import forms
from django.contrib import admin
from django.db.models import BLANK_CHOICE_DASH
from django.urls import reverse

from common.forms import CleanForm, CleanModelForm
from conference.models import BridgePoint
from config.admin import PortalAdminMixin
from documents.models import BackdropSize
from participants.models import Delegate, DelegateImport
from tests import factories
from tests.otp import login_verified

pytestmark = pytest.mark.django_db


def test_django_s_globals_are_untouched():
    assert BLANK_CHOICE_DASH == [("", "---------")]
    assert forms.ModelChoiceField.__init__.__kwdefaults__["empty_label"] == (
        "---------"
    )
    assert not isinstance(admin.ModelAdmin(Delegate, admin.site), PortalAdminMixin)


class _DelegateForm(CleanModelForm):
    class Meta:
        model = Delegate
        fields = ("point", "agency", "full_name")


class _ChoiceForm(CleanForm):
    colour = forms.ChoiceField(choices=[*BLANK_CHOICE_DASH, ("do", "đỏ")])
    size = forms.ChoiceField(choices=[("", "Mọi cỡ"), ("l", "lớn")])


def test_a_portal_form_s_drop_downs_say_choose():
    delegate = _DelegateForm()
    plain = _ChoiceForm()

    assert delegate.fields["point"].empty_label == "— Chọn —"
    assert list(delegate.fields["agency"].choices)[0] == ("", "— Chọn —")
    assert '<option value="" selected>— Chọn —</option>' in str(delegate["agency"])
    assert list(plain.fields["colour"].choices)[0] == ("", "— Chọn —")
    # A form's own wording of the empty choice is kept.
    assert list(plain.fields["size"].choices)[0] == ("", "Mọi cỡ")


def test_a_plain_django_form_keeps_django_s_dashes():
    class Plain(forms.ModelForm):
        class Meta:
            model = Delegate
            fields = ("agency",)

    assert list(Plain().fields["agency"].choices)[0] == ("", "---------")


@pytest.fixture
def admin_client(client):
    login_verified(client, factories.admin_user(username="quantri-wording"))
    return client


def test_every_admin_class_says_it_the_portal_s_way():
    assert all(isinstance(m, PortalAdminMixin) for m in admin.site._registry.values())


def test_admin_forms_and_the_action_menu_say_choose(admin_client, hanoi_point):
    factories.DelegateFactory(point=hanoi_point)

    add = admin_client.get(reverse("admin:participants_delegate_add"))
    changelist = admin_client.get(reverse("admin:participants_delegate_changelist"))

    assert '<option value="" selected>— Chọn —</option>' in add.content.decode()
    assert '<option value="" selected>— Chọn —</option>' in changelist.content.decode()
    assert "---------" not in add.content.decode() + changelist.content.decode()


def test_admin_yes_no_icons_say_yes_and_no_in_vietnamese(admin_client):
    user = factories.admin_user(username="quantri-2")

    changelist = admin_client.get(reverse("admin:accounts_user_changelist"))
    change = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    yes = '<img src="/static/admin/img/icon-yes.svg" alt="Có">'
    assert f'<td class="field-is_active">{yes}</td>' in changelist.content.decode()
    assert f'<div class="readonly">{yes}</div>' in change.content.decode()
    assert 'alt="True"' not in changelist.content.decode() + change.content.decode()


def test_admin_choices_start_with_a_capital_in_lists_and_read_only_pages(
    admin_client, hanoi_point
):
    factories.DelegateFactory(point=hanoi_point, role="chair")
    staged = DelegateImport.objects.create(
        point=hanoi_point, file_name="ds.xlsx", rows=[], errors={}, list_version=1
    )

    changelist = admin_client.get(reverse("admin:participants_delegate_changelist"))
    view = admin_client.get(
        reverse("admin:participants_delegateimport_change", args=[staged.pk])
    )

    assert '<td class="field-role">Chủ trì</td>' in changelist.content.decode()
    # Sorting by the column still works.
    assert 'class="sortable column-role"' in changelist.content.decode()
    assert '<div class="readonly">Chờ xác nhận</div>' in view.content.decode()


def test_an_editable_or_linking_column_keeps_its_name():
    sizes = admin.site._registry[BackdropSize].get_list_display(None)
    points = admin.site._registry[BridgePoint].get_list_display(None)

    assert "is_active" in sizes  # list_editable
    assert "name" in points  # list_display_links
