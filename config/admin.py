"""The portal's admin site: Django's, with what its pages say made Vietnamese through
the hooks Django documents for it, for every model registered, the portal's and
the third-party apps' alike.

- Every drop-down's empty choice says “— Chọn —” (`formfield_for_dbfield`, and the
  action menu's choices);
- a yes/no column is an icon whose alternative text is Vietnamese (Django writes
  True/False), from the template `admin/portal/boolean_icon.html`;
- a column that shows a choice starts with a capital: the portal's labels are
  lower-case to sit inside sentences, and a cell starts with them.

The columns are the list's own (`get_list_display`): a yes/no or choice field is
shown by a column of the same name, its header, sorting and CSS class kept.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from common.forms import BLANK_LABEL, say_choose

# What the yes/no icons say to a screen reader.
BOOLEAN_LABELS = {True: _("Yes"), False: _("No"), None: _("Unknown")}
BOOLEAN_ICONS = {True: "yes", False: "no", None: "unknown"}


def boolean_icon(value: bool | None) -> str:
    """The admin's yes/no icon, with its alternative text in Vietnamese."""
    return render_to_string(
        "admin/portal/boolean_icon.html",
        {"icon": BOOLEAN_ICONS[value], "label": BOOLEAN_LABELS[value]},
    )


@cache  # one column per field: the change list finds its sortable columns by identity
def _column(field: models.Field) -> Any:
    """The list column of a yes/no or choice field, as the portal shows it."""
    if field.choices:
        labels = dict(field.flatchoices)

        def show(obj):
            value = getattr(obj, field.attname)
            return capfirst(labels[value]) if value in labels else None

    else:

        def show(obj):
            return boolean_icon(getattr(obj, field.attname))

    show.__name__ = field.name  # the column's CSS class: field-<name>
    return admin.display(description=field.verbose_name, ordering=field.name)(show)


class PortalAdminMixin:
    """What every admin page of the portal says, through ModelAdmin's hooks."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            say_choose(field)
        return field

    def get_action_choices(self, request, default_choices=None):
        return super().get_action_choices(request, default_choices=[("", BLANK_LABEL)])

    def get_inlines(self, request, obj):
        return [portal_admin(inline) for inline in super().get_inlines(request, obj)]

    def get_readonly_fields(self, request, obj=None):
        return [self._shown(name) for name in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        # Fields shown read-only (all of them on a view-only page) read as in the
        # list: the same columns, by identity.
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            readonly = set(flatten_fieldsets(fieldsets))
        else:
            readonly = set(super().get_readonly_fields(request, obj))

        def swap(entry):
            if isinstance(entry, (list, tuple)):  # fields on one line
                return tuple(swap(e) for e in entry)
            return self._shown(entry) if entry in readonly else entry

        return [
            (title, {**opts, "fields": [swap(e) for e in opts["fields"]]})
            for title, opts in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # A read-only column is no form field.
        if kwargs.get("fields") is not None:
            kwargs["fields"] = [f for f in kwargs["fields"] if not callable(f)]
        return super().get_form(request, obj, change=change, **kwargs)

    def _shown(self, name):
        """A yes/no or choice field's column in place of its name; else the name."""
        field = self._model_field(name) if isinstance(name, str) else None
        if field is not None and (
            field.choices or isinstance(field, models.BooleanField)
        ):
            return _column(field)
        return name

    def get_list_display(self, request):
        # A column the list edits or links by its name keeps its name.
        editable = set(self.list_editable) | set(self.list_display_links or ())
        return [
            name if name in editable else self._shown(name)
            for name in super().get_list_display(request)
        ]

    def _model_field(self, name: str) -> models.Field | None:
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:  # a method, a property or "__str__"
            return None
        return field if isinstance(field, models.Field) and field.concrete else None


def portal_admin(admin_class: type) -> type:
    """The admin class with the portal's wording mixed in (once)."""
    if issubclass(admin_class, PortalAdminMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (PortalAdminMixin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )


class PortalAdminSite(admin.AdminSite):
    """Django's admin site; every model's admin gets PortalAdminMixin."""

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(
            model_or_iterable, portal_admin(admin_class or admin.ModelAdmin), **options
        )
