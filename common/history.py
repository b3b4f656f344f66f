"""The one history renderer: records of django-simple-history as entries people read.

An entry says when, who (a person by name and unit, or the system), what (the
subject and whether it was added, changed or removed), and either the fields a
change touched, old → new, each value as `common.display` shows it, or a summary
the caller writes. The history of a point's list and of its readiness are both
made here and both shown by `templates/_history_table.html`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .display import describe_object, display_value

# A record of django-simple-history: its class (Historical<Model>) is made at run
# time for each model it tracks, so statically a record can only be Any.
HistoryRecord = Any

ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("removed")}
# Bookkeeping a person did not change: never shown as a change.
HIDDEN_FIELDS = frozenset(
    {
        "version",
        "creation_token",
        "id",
        "point",
        "conference",
        "unit",
        "is_main",
        "created_at",
        "updated_at",
    }
)


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
    summary: str = ""


def describe_user(user) -> str:
    """Who acted: a person by name and unit, or the system."""
    return describe_object(user) if user is not None else str(_("system"))


def _is_user_key(model_field) -> bool:
    return (
        isinstance(model_field, models.ForeignKey)
        and model_field.related_model is get_user_model()
    )


def user_ids(records: Iterable[HistoryRecord]) -> set[int]:
    """The people the records name in a field (not as the one who acted), so that
    they are loaded in one query and passed to `entries_of` as `users`."""
    ids = set()
    for record in records:
        for model_field in record.instance_type._meta.concrete_fields:
            if _is_user_key(model_field):
                value = getattr(record, model_field.attname)
                if value is not None:
                    ids.add(value)
    return ids


def _display(record, field_name: str, *, users: dict) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if _is_user_key(model_field):
        return display_value(model_field, value, related=users.get(value))
    return display_value(model_field, value)


def entries_of(
    records: Iterable[HistoryRecord],
    *,
    subject_of: Callable[[HistoryRecord], str],
    users: dict | None = None,
    shown: Iterable[str] = tuple(ACTIONS),
    summary_of: Callable[[HistoryRecord], str] | None = None,
    diff: bool = True,
) -> list[HistoryEntry]:
    """Return an entry per record, in the order of `records` (oldest first).

    With `diff`, a change lists the fields it touched against the object's previous
    record, and a change that touched only hidden fields is no entry. `shown` picks
    the kinds of record ("+", "~", "-") that make entries; `summary_of` writes a
    summary of the record.
    """
    users = users or {}
    entries = []
    previous_by_object: dict[object, HistoryRecord] = {}
    for record in records:
        # The recorded object's own id ("id", or the list's "point_id").
        object_id = getattr(record, record.instance_type._meta.pk.attname)
        previous = previous_by_object.get(object_id)
        previous_by_object[object_id] = record
        changes = []
        if diff and previous is not None and record.history_type == "~":
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
                continue
        if record.history_type not in shown:
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=describe_user(record.history_user),
                action=str(ACTIONS[record.history_type]),
                subject=subject_of(record),
                changes=changes,
                reason=getattr(record, "history_change_reason", None) or "",
                summary=summary_of(record) if summary_of else "",
            )
        )
    return entries


def newest_first(entries: list[HistoryEntry], *, limit: int) -> list[HistoryEntry]:
    return sorted(entries, key=lambda e: e.when, reverse=True)[:limit]
