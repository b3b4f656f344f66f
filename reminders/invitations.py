"""The invitation e-mail of each province: the signed-ready invitation PDF (the
documents app's, the same file the province downloads) and the conference as an
.ics event."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from accounts.selectors import province_staff_addresses
from agenda.models import AgendaSlot
from conference.models import BridgePoint, Conference
from documents.enums import RenderKind
from documents.selectors import addressee, point_venue
from documents.services import cache, targets
from outbox.selectors import new_rows
from outbox.services import Mail, enqueue_mails
from participants.notifications import province_addressee

from .enums import INVITATION_TOPIC
from .selectors import Audience

# When the programme ends if the agenda says nothing (plan 5774: 08:00–11:20).
DEFAULT_LENGTH = timedelta(hours=3, minutes=20)
# The calendar's reminder rings this long before the points connect (07:30 in plan
# 5774): time to reach the room and start the equipment, not the opening itself.
ALARM_BEFORE_CONNECTION = timedelta(minutes=30)


def conference_end(conference: Conference) -> datetime:
    """The end of the last slot of the agenda, else start + DEFAULT_LENGTH."""
    last = (
        AgendaSlot.objects.filter(conference=conference)
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    return last or conference.starts_at + DEFAULT_LENGTH


def conference_ics(
    conference: Conference, *, point: BridgePoint | None = None
) -> bytes:
    """One VEVENT in Asia/Ho_Chi_Minh: the start, the connection time, and where
    the recipient's own delegates meet (its point's room and address; the main
    venue for the Ministry or without a point), with an alarm before connecting."""
    tz = ZoneInfo(settings.TIME_ZONE)
    starts = timezone.localtime(conference.starts_at, tz)
    connection = timezone.localtime(conference.connection_opens_at or starts, tz)
    venue = point_venue(point) if point is not None else conference.main_venue
    calendar = Calendar()
    calendar.add("prodid", "-//Bo Noi vu//Cong thong tin hoi nghi//VI")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add(
        "uid", f"conference-{conference.pk}@{settings.PORTAL_BASE_URL.split('//')[-1]}"
    )
    event.add("dtstamp", timezone.now())
    event.add("summary", conference.title)
    event.add("dtstart", starts)
    event.add("dtend", timezone.localtime(conference_end(conference), tz))
    event.add("location", venue)
    lines = [
        f"Kết nối đường truyền: {connection:%H:%M} ngày {connection:%d/%m/%Y}.",
        f"Khai mạc: {starts:%H:%M} ngày {starts:%d/%m/%Y}.",
    ]
    if point is not None and not point.is_main:
        lines.append(f"Điểm cầu của đơn vị: {venue}.")
    lines.append(f"Điểm cầu chính: {conference.main_venue}")
    event.add("description", "\n".join(lines))
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add(
        "description",
        f"Kết nối đường truyền lúc {connection:%H:%M}, tại {venue}",
    )
    # Relative to the start, as calendars expect: 07:30 - 30 min = 07:00.
    alarm.add("trigger", connection - ALARM_BEFORE_CONNECTION - starts)
    event.add_component(alarm)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _invitation_pdfs(
    conference: Conference, points: list[BridgePoint]
) -> list[tuple[str, bytes, str]]:
    """Each point's invitation from the documents cache (rendered if its inputs
    changed), the header data read once for all of them."""
    ids = targets.target_ids([(RenderKind.INVITATION, p, None) for p in points])
    return [
        (stored.download_name, pdf, "application/pdf")
        for stored, pdf in map(cache.pdf_of, targets.specs(conference, ids))
    ]


def _invited(conference: Conference) -> list[tuple[BridgePoint, str, list[str]]]:
    """Each province with an address: its point, its key and its addresses."""
    points = list(
        BridgePoint.objects.filter(conference=conference, unit__isnull=False)
        .select_related("unit", "conference", "delegate_list")
        .order_by("unit__code")
    )
    addresses = province_staff_addresses(province_ids={p.unit_id for p in points})
    return [
        (
            point,
            f"invitation:{conference.pk}:point-{point.pk}",
            addresses[point.unit_id],
        )
        for point in points
        if addresses.get(point.unit_id)
    ]


def invitations_audience(*, conference: Conference) -> Audience:
    """Whom "send the invitations" would reach now, writing and rendering nothing:
    a province already invited at an address is not invited there again."""
    rows = new_rows((key, recipients) for _p, key, recipients in _invited(conference))
    return Audience(addresses=len(rows), provinces=len({key for key, _r in rows}))


@transaction.atomic
def send_invitations(
    *,
    conference: Conference,
    now: datetime | None = None,
    batch: uuid.UUID | None = None,
) -> int:
    """Queue each province's invitation (once per province, whoever clicks)."""
    now = now or timezone.now()
    invited = _invited(conference)
    # A province without an address gets no e-mail: its invitation is not rendered.
    pdfs = _invitation_pdfs(conference, [point for point, _k, _r in invited])
    mails = [
        Mail(
            key=key,
            topic=INVITATION_TOPIC,
            about={"conference": conference.pk, "point": point.pk},
            recipients=recipients,
            template="invitation",
            context={
                # The plan's addressee, the same as the PDF's.
                "addressee": addressee(point),
                "department": province_addressee(point),
                "venue": point_venue(point),
                "deadline": point.delegate_list.deadline,
                "conference": conference,
                "point": point,
                "point_path": point.get_absolute_url(),
            },
            attachments=[
                pdf,
                (
                    "hoi-nghi.ics",
                    conference_ics(conference, point=point),
                    "text/calendar",
                ),
            ],
        )
        for (point, key, recipients), pdf in zip(invited, pdfs, strict=True)
    ]
    return enqueue_mails(mails, now=now, batch=batch)
