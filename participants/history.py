"""The story of a point's list: who changed what and when, from django-simple-history.

Three histories make it: the point's details, its list (submitted, reopened with a
reason, extended) and its delegates. The list's events recorded before it had a
model of its own were moved into the list's history by the migration that made it.

Every value is shown as people read it (`common.history`): local time as
dd/mm/yyyy HH:MM, a person by name and unit, a phone in the national form, a choice
by its label.
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.history import HistoryEntry, entries_of, newest_first, user_ids
from conference.models import BridgePoint

from .models import Delegate, DelegateList


def history_of_point(*, point: BridgePoint, limit: int = 500) -> list[HistoryEntry]:
    """Return the changes to the point, its list and its delegates, newest first."""
    point_records = list(
        BridgePoint.history.filter(id=point.pk)
        .select_related("history_user__province")
        .order_by("history_date", "history_id")
    )
    list_records = list(
        DelegateList.history.filter(point_id=point.pk)
        .select_related("history_user__province")
        .order_by("history_date", "history_id")
    )
    delegate_records = (
        Delegate.history.filter(point_id=point.pk)
        .select_related("history_user__province")
        .order_by("history_date", "history_id")
    )
    users = User.objects.select_related("province").in_bulk(
        user_ids(point_records) | user_ids(list_records)
    )
    entries = entries_of(
        point_records, subject_of=lambda r: str(_("bridge point")), users=users
    )
    # The list is opened and removed with its point: only its changes are news.
    entries += entries_of(
        list_records,
        subject_of=lambda r: str(_("delegate list")),
        users=users,
        shown="~",
    )
    entries += entries_of(
        delegate_records,
        subject_of=lambda r: str(_("delegate %(name)s") % {"name": r.full_name}),
        users=users,
    )
    return newest_first(entries, limit=limit)
