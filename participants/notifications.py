"""E-mails about a point's delegate list, queued in the outbox (outbox.services).

Each recipient gets its own row and its own message; the key makes a retried or
repeated call write nothing new.
"""

from accounts.enums import ORGANISER_UNIT_NAME
from accounts.selectors import organiser_addresses, province_staff_addresses
from conference.models import BridgePoint
from outbox.services import Mail, enqueue_mails


def province_addresses(point: BridgePoint) -> list[str]:
    """The e-mails of the Sở Nội vụ accounts of the point's province."""
    return province_staff_addresses(province_ids=[point.unit_id]).get(point.unit_id, [])


def province_addressee(point: BridgePoint) -> str:
    """Whom a province's e-mail is addressed to: "Sở Nội vụ tỉnh Bắc Ninh"."""
    return point.unit.home_affairs_name if point.unit else point.name


# The outbox topics of these e-mails (registered with their labels in apps.py).
SUBMITTED_TOPIC = "list-submitted"
REOPENED_TOPIC = "list-reopened"
EXTENDED_TOPIC = "list-extended"


def _stamp(moment) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-"


def list_submitted(*, point: BridgePoint) -> int:
    """Receipt to the province, notice to Vụ CCHC; return how many rows were new."""
    stamp = _stamp(point.delegate_list.submitted_at)
    context = {
        "point": point,
        "delegate_count": point.delegates.count(),
        "point_path": point.get_absolute_url(),
    }
    notice = {**context, "addressee": ORGANISER_UNIT_NAME}
    receipt = {**context, "addressee": province_addressee(point)}
    return enqueue_mails(
        [
            Mail(
                key=f"list-submitted:notice:{point.pk}:{stamp}",
                topic=SUBMITTED_TOPIC,
                about={"point": point.pk},
                recipients=organiser_addresses(),
                template="delegate_list_submitted",
                context=notice,
            ),
            Mail(
                key=f"list-submitted:receipt:{point.pk}:{stamp}",
                topic=SUBMITTED_TOPIC,
                about={"point": point.pk},
                recipients=province_addresses(point),
                template="delegate_list_receipt",
                context=receipt,
            ),
        ]
    )


def list_reopened(*, point: BridgePoint, reason: str, at) -> int:
    """Tell the province its list is open again, with the new deadline and why."""
    return enqueue_mails(
        [
            Mail(
                key=f"list-reopened:{point.pk}:{_stamp(at)}",
                topic=REOPENED_TOPIC,
                about={"point": point.pk},
                recipients=province_addresses(point),
                template="delegate_list_reopened",
                context={
                    "addressee": province_addressee(point),
                    "point": point,
                    "reason": reason,
                    "new_deadline": point.delegate_list.deadline_extended_to,
                    "point_path": point.get_absolute_url(),
                },
            )
        ]
    )


def deadline_extended(*, point: BridgePoint, reason: str, at) -> int:
    """Tell the province its list's deadline was extended, until when and why."""
    return enqueue_mails(
        [
            Mail(
                key=f"list-extended:{point.pk}:{_stamp(at)}",
                topic=EXTENDED_TOPIC,
                about={"point": point.pk},
                recipients=province_addresses(point),
                template="delegate_list_extended",
                context={
                    "addressee": province_addressee(point),
                    "point": point,
                    "reason": reason,
                    "new_deadline": point.delegate_list.deadline_extended_to,
                    "point_path": point.get_absolute_url(),
                },
            )
        ]
    )
