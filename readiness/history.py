"""Who recorded what on a point's readiness, and when, from django-simple-history,
through the portal's one history renderer (`common.history`)."""

from django.utils.translation import gettext_lazy as _

from common.history import HistoryEntry, entries_of, newest_first
from conference.models import BridgePoint

from .models import ConnectionTest, DayCheckIn, PointReadiness


def _checklist_summary(record) -> str:
    done = (
        (_("rehearsal signed off"), record.rehearsal_signed_off),
        (_("staff on site"), record.staff_on_site),
    )
    return ", ".join(str(label) for label, ticked in done if ticked)


def _round_label(record) -> str:
    return str(dict(ConnectionTest._meta.get_field("round").choices)[record.round])


def readiness_history(*, point: BridgePoint, limit: int = 200) -> list[HistoryEntry]:
    """Return every change to the point's checklist, tests and check-in, newest first."""

    def records(model):
        # The newest `limit` of each: no more can be shown.
        return model.history.filter(point_id=point.pk).select_related(
            "history_user__province"
        )[:limit]

    entries = entries_of(
        records(PointReadiness),
        subject_of=lambda r: str(_("checklist")),
        summary_of=_checklist_summary,
        diff=False,
    )
    entries += entries_of(
        records(ConnectionTest),
        subject_of=_round_label,
        summary_of=lambda r: f"{r.get_result_display()} · {r.engineer}",
        diff=False,
    )
    entries += entries_of(
        records(DayCheckIn),
        subject_of=lambda r: str(_("connected on the day")),
        summary_of=lambda r: str(_("%(count)s present") % {"count": r.present_count}),
        diff=False,
    )
    return newest_first(entries, limit=limit)
