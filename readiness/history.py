"""Who recorded what on a point's readiness, and when, from django-simple-history."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from conference.models import BridgePoint

from .models import ConnectionTest, DayCheckIn, PointReadiness

ACTIONS = {"+": _("added"), "~": _("changed"), "-": _("removed")}


@dataclass
class ReadinessEntry:
    when: datetime
    who: str
    action: str
    subject: str
    summary: str


def _who(record) -> str:
    user = record.history_user
    if user is None:
        return str(_("system"))
    return user.get_full_name() or user.username


def readiness_history(*, point: BridgePoint, limit: int = 200) -> list[ReadinessEntry]:
    """Return every change to the point's checklist, tests and check-in, newest first."""
    entries = []
    for record in PointReadiness.history.filter(point_id=point.pk).select_related(
        "history_user"
    )[:limit]:
        entries.append(
            ReadinessEntry(
                when=record.history_date,
                who=_who(record),
                action=str(ACTIONS[record.history_type]),
                subject=str(_("checklist")),
                summary=", ".join(
                    str(label)
                    for label, done in (
                        (_("rehearsal signed off"), record.rehearsal_signed_off),
                        (_("staff on site"), record.staff_on_site),
                    )
                    if done
                ),
            )
        )
    for record in ConnectionTest.history.filter(point_id=point.pk).select_related(
        "history_user"
    )[:limit]:
        entries.append(
            ReadinessEntry(
                when=record.history_date,
                who=_who(record),
                action=str(ACTIONS[record.history_type]),
                subject=str(
                    dict(ConnectionTest._meta.get_field("round").choices)[record.round]
                ),
                summary=f"{record.get_result_display()} · {record.engineer}",
            )
        )
    for record in DayCheckIn.history.filter(point_id=point.pk).select_related(
        "history_user"
    )[:limit]:
        entries.append(
            ReadinessEntry(
                when=record.history_date,
                who=_who(record),
                action=str(ACTIONS[record.history_type]),
                subject=str(_("connected on the day")),
                summary=str(_("%(count)s present") % {"count": record.present_count}),
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
