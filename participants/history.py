"""The story of a point's list: who changed what and when, from django-simple-history."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

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
    reason: str = ""


def _display(record, field_name: str) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if value is None or value == "":
        return "—"
    return str(value)


def _entries(records, *, subject_of) -> list[HistoryEntry]:
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
                        label=str(label),
                        old=_display(previous, change.field),
                        new=_display(record, change.field),
                    )
                )
            if not changes:
                previous_by_object[record.id] = record
                continue
        previous_by_object[record.id] = record
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username)
                if user
                else str(_("system")),
                action=str(ACTIONS[record.history_type]),
                subject=subject_of(record),
                changes=changes,
                reason=getattr(record, "history_change_reason", None) or "",
            )
        )
    return entries


def history_of_point(*, point: BridgePoint, limit: int = 500) -> list[HistoryEntry]:
    """Return the changes to the point and its delegates, newest first."""
    point_records = (
        BridgePoint.history.filter(id=point.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    delegate_records = (
        Delegate.history.filter(point_id=point.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = _entries(point_records, subject_of=lambda r: str(_("bridge point")))
    entries += _entries(
        delegate_records,
        subject_of=lambda r: str(_("delegate %(name)s") % {"name": r.full_name}),
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
