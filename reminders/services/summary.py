"""Vụ CCHC's daily summary of each conference whose registration is open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from accounts.enums import ORGANISER_UNIT_NAME
from accounts.selectors import organiser_addresses
from conference.models import Conference
from outbox.services import Mail, enqueue_mails
from participants.enums import ListStatus
from tasks.enums import TaskStatus
from tasks.models import Task

from ..enums import SUMMARY_TOPIC
from ..selectors import active_conferences, province_points

if TYPE_CHECKING:
    from participants.selectors import PointWithListStatus


@dataclass
class Summary:
    conference: Conference
    total: int
    submitted: int
    late: list[PointWithListStatus]
    not_yet: list[PointWithListStatus]
    overdue_tasks: list[Task]


def summary_of(*, conference: Conference, now: datetime) -> Summary:
    points = list(province_points(conference, now=now))
    submitted = [p for p in points if p.list_status == ListStatus.SUBMITTED]
    late = [p for p in points if p.list_status == ListStatus.LATE]
    overdue = list(
        Task.objects.filter(conference=conference, deadline__lt=now)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .select_related("assignee_unit")
        .order_by("deadline", "plan_ref")
    )
    return Summary(
        conference=conference,
        total=len(points),
        submitted=len(submitted),
        late=late,
        not_yet=[
            p
            for p in points
            if p.list_status not in (ListStatus.SUBMITTED, ListStatus.LATE)
        ],
        overdue_tasks=overdue,
    )


def registration_open(conference: Conference, *, now: datetime) -> bool:
    """From two weeks before the lists are due until the conference opens."""
    return (
        conference.delegate_list_deadline - timedelta(days=14)
        <= now
        < conference.starts_at
    )


@transaction.atomic
def send_daily_summary(*, now: datetime | None = None) -> int:
    """Vụ CCHC's 17:00 summary of each conference whose registration is open."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    mails = []
    recipients = organiser_addresses()
    for conference in active_conferences(now):
        if not registration_open(conference, now=now):
            continue
        mails.append(
            Mail(
                key=f"summary:{conference.pk}:{day.isoformat()}",
                topic=SUMMARY_TOPIC,
                about={"conference": conference.pk, "day": day.isoformat()},
                recipients=recipients,
                template="daily_summary",
                context={
                    "addressee": ORGANISER_UNIT_NAME,
                    "summary": summary_of(conference=conference, now=now),
                    "day": day,
                    "tasks_path": f"/conferences/{conference.slug}/tasks/",
                    "outbox_path": "/outbox/",
                },
            )
        )
    return enqueue_mails(mails, now=now)
