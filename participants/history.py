"""The story of a point's list: who changed what and when, from django-simple-history.

Every value is shown as people read it: local time as dd/mm/yyyy HH:MM, a person by
name and unit, a phone in the national form, a choice by its label.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.display import display_value
from conference.models import BridgePoint

from .models import Delegate

HIDDEN_FIELDS = {
    "version",
    "list_version",
    "id",
    "point",
    "conference",
    "unit",
    "is_main",
    "created_at",
    "updated_at",
}
ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("removed")}


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    action: str
    subject: str
    changes: list[FieldChange] = field(default_factory=list)


def describe_user(user: User | None) -> str:
    """Who acted: a person by name and unit, or the system."""
    return user.name_and_unit if user is not None else str(_("system"))


def _display(record, field_name: str, *, users: dict[int, User]) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if isinstance(model_field, models.ForeignKey) and model_field.related_model is User:
        return display_value(model_field, value, related=users.get(value))
    return display_value(model_field, value)


def _user_ids(records) -> set[int]:
    ids = set()
    for record in records:
        for model_field in record.instance_type._meta.concrete_fields:
            if (
                isinstance(model_field, models.ForeignKey)
                and model_field.related_model is User
            ):
                value = getattr(record, model_field.attname)
                if value is not None:
                    ids.add(value)
    return ids


def _entries(records, *, subject_of, users) -> list[HistoryEntry]:
    entries = []
    previous_by_object = {}
    for record in records:
        previous = previous_by_object.get(record.id)
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
            for change in delta.changes:
                label = record.instance_type._meta.get_field(change.field).verbose_name
                changes.append(
                    FieldChange(
                        label=str(capfirst(label)),
                        old=_display(previous, change.field, users=users),
                        new=_display(record, change.field, users=users),
                    )
                )
            if not changes:
                previous_by_object[record.id] = record
                continue
        previous_by_object[record.id] = record
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=describe_user(record.history_user),
                action=str(ACTIONS[record.history_type]),
                subject=subject_of(record),
                changes=changes,
            )
        )
    return entries


def history_of_point(*, point: BridgePoint, limit: int = 500) -> list[HistoryEntry]:
    """Return the changes to the point and its delegates, newest first."""
    point_records = list(
        BridgePoint.history.filter(id=point.pk)
        .select_related("history_user__province")
        .order_by("history_date", "history_id")
    )
    delegate_records = (
        Delegate.history.filter(point_id=point.pk)
        .select_related("history_user__province")
        .order_by("history_date", "history_id")
    )
    users = User.objects.select_related("province").in_bulk(_user_ids(point_records))
    entries = _entries(
        point_records, subject_of=lambda r: str(_("bridge point")), users=users
    )
    entries += _entries(
        delegate_records,
        subject_of=lambda r: str(_("delegate %(name)s") % {"name": r.full_name}),
        users=users,
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
