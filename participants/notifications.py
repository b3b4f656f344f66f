"""E-mails about a point's delegate list, queued in the outbox (outbox.services).

Each recipient gets its own row and its own message; the key makes a retried or
repeated call write nothing new.
"""

from accounts.enums import Role
from accounts.models import User
from conference.models import BridgePoint
from outbox.services import Mail, enqueue_mails


def organiser_addresses() -> list[str]:
    return list(
        User.objects.filter(role=Role.ORGANISER, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def province_addresses(point: BridgePoint) -> list[str]:
    """The Sở Nội vụ accounts of the point's province."""
    return list(
        User.objects.filter(
            role=Role.PROVINCE_STAFF, province_id=point.unit_id, is_active=True
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def _stamp(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-"


def list_submitted(*, point: BridgePoint) -> int:
    """Receipt to the province, notice to Vụ CCHC; return how many rows were new."""
    stamp = _stamp(point.submitted_at)
    context = {
        "point": point,
        "delegate_count": point.delegates.count(),
        "point_path": point.get_absolute_url(),
    }
    return enqueue_mails(
        [
            Mail(
                key=f"list-submitted:notice:{point.pk}:{stamp}",
                recipients=organiser_addresses(),
                template="delegate_list_submitted",
                context=context,
            ),
            Mail(
                key=f"list-submitted:receipt:{point.pk}:{stamp}",
                recipients=province_addresses(point),
                template="delegate_list_receipt",
                context=context,
            ),
        ]
    )


def list_reopened(*, point: BridgePoint, reason: str, at) -> int:
    """Tell the province its list is open again, with the new deadline and why."""
    return enqueue_mails(
        [
            Mail(
                key=f"list-reopened:{point.pk}:{_stamp(at)}",
                recipients=province_addresses(point),
                template="delegate_list_reopened",
                context={
                    "point": point,
                    "reason": reason,
                    "new_deadline": point.deadline_extended_to,
                    "point_path": point.get_absolute_url(),
                },
            )
        ]
    )


def deadline_extended(*, point: BridgePoint, reason: str, at) -> int:
    """Tell the province its list's deadline moved, to when and why."""
    return enqueue_mails(
        [
            Mail(
                key=f"list-extended:{point.pk}:{_stamp(at)}",
                recipients=province_addresses(point),
                template="delegate_list_deadline_extended",
                context={
                    "point": point,
                    "reason": reason,
                    "new_deadline": point.deadline_extended_to,
                    "point_path": point.get_absolute_url(),
                },
            )
        ]
    )
