"""The reminders due now, written to the outbox.

Keys are deterministic: (rule, moment, subject, deadline), so two dispatchers at
once, or one run twice, write each row once (the outbox's unique key/recipient).
Nothing reads a key back: each row's `about` holds the same ids as data, which
`still_needed` reads when the outbox asks before sending (topic "reminder").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.selectors import province_staff_addresses
from conference.models import BridgePoint, Conference
from outbox.services import Mail, MailTemplate, enqueue_mails
from participants.notifications import province_addressee
from tasks.enums import TaskStatus
from tasks.selectors import unit_addresses

from ..enums import TOPIC, RuleKind
from ..models import ReminderOffset, ReminderRule
from ..selectors import active_conferences, missing_points
from .rules import current_offset, ensure_default_rules

KEY_PREFIX = "reminder:"


def key_stamp(moment: datetime) -> str:
    """The minute of `moment` in UTC, as the keys carry it."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M")


def about_deadline(moment: datetime) -> str:
    """A deadline as a row's `about` carries it (ISO 8601, UTC)."""
    return moment.astimezone(UTC).isoformat()


def _task_mail(rule, offset, task, *, now, missing=None) -> Mail | None:
    recipients = unit_addresses(task.assignee_unit)
    if not recipients:
        return None
    return Mail(
        key=f"{KEY_PREFIX}{rule.pk}:{offset.pk}:task-{task.pk}:{key_stamp(task.deadline)}",
        topic=TOPIC,
        about={
            "rule": rule.pk,
            "offset": offset.pk,
            "task": task.pk,
            "deadline": about_deadline(task.deadline),
        },
        recipients=recipients,
        template="reminder_task",
        context={
            "addressee": task.assignee_unit.name,
            "task": task,
            "conference": rule.conference,
            "missing": missing,
            "tasks_path": f"/conferences/{rule.conference.slug}/tasks/",
        },
    )


def due_reminders(*, now: datetime) -> list[Mail]:
    """Every reminder due at `now` to whoever has not finished; writes nothing."""
    mails: list[Mail] = []
    for conference in active_conferences(now):
        rules = (
            ReminderRule.objects.filter(conference=conference, enabled=True)
            .select_related("task__assignee_unit", "conference")
            .prefetch_related(
                Prefetch("offsets", queryset=ReminderOffset.objects.order_by("pk"))
            )
        )
        missing = None
        for rule in rules:
            offsets = list(rule.offsets.all())
            if not offsets:
                continue
            if rule.kind == RuleKind.TASK:
                task = rule.task
                if task is None or task.deadline is None:
                    continue
                if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
                    continue
                offset = current_offset(offsets, deadline=task.deadline, now=now)
                if offset is None:
                    continue
                if rule.list_missing_points and missing is None:
                    missing = list(missing_points(conference=conference, now=now))
                mail = _task_mail(
                    rule,
                    offset,
                    task,
                    now=now,
                    missing=missing if rule.list_missing_points else None,
                )
                if mail:
                    mails.append(mail)
            else:
                mails.extend(_list_mails(rule, offsets, now=now))
    return mails


def _list_mails(
    rule: ReminderRule, offsets: list[ReminderOffset], *, now: datetime
) -> list[Mail]:
    due = []
    offset_at: dict[datetime, ReminderOffset | None] = {}
    for point in missing_points(conference=rule.conference, now=now):
        deadline = point.effective_deadline
        if deadline not in offset_at:
            offset_at[deadline] = current_offset(offsets, deadline=deadline, now=now)
        offset = offset_at[deadline]
        if offset is None:
            continue
        key = (
            f"{KEY_PREFIX}{rule.pk}:{offset.pk}:point-{point.pk}:{key_stamp(deadline)}"
        )
        about = {
            "rule": rule.pk,
            "offset": offset.pk,
            "point": point.pk,
            "deadline": about_deadline(deadline),
        }
        due.append(ListReminder(point=point, deadline=deadline, key=key, about=about))
    return delegate_list_mails(rule.conference, due)


@dataclass(frozen=True)
class ListReminder:
    """One province's reminder to send its list: its key and its `about`."""

    point: BridgePoint
    deadline: datetime
    key: str
    about: dict


def delegate_list_mails(conference: Conference, due: list[ListReminder]) -> list[Mail]:
    """The "send your delegate list" e-mails, one per province with an address.

    Thousands of provinces share one text but for their name and link: the
    template is rendered once per deadline, with slots, and those filled in. The
    template gets slots only, never a point (the rules' and "remind now" alike).
    """
    addresses = province_staff_addresses(
        province_ids={r.point.unit_id for r in due if r.point.unit_id is not None}
    )
    templates: dict[datetime, MailTemplate] = {}
    mails = []
    for reminder in due:
        point, deadline = reminder.point, reminder.deadline
        if point.unit_id is None:  # the Ministry's own point: no province staff
            continue
        recipients = addresses.get(point.unit_id)
        if not recipients:
            continue
        if deadline not in templates:
            templates[deadline] = MailTemplate(
                "reminder_delegate_list",
                {
                    "addressee": MailTemplate.slot("addressee"),
                    "name": MailTemplate.slot("name"),
                    "conference": conference,
                    "deadline": deadline,
                    "point_path": MailTemplate.slot("path"),
                },
            )
        mails.append(
            Mail(
                key=reminder.key,
                topic=TOPIC,
                about=reminder.about,
                recipients=recipients,
                rendered=templates[deadline].fill(
                    addressee=province_addressee(point),
                    name=point.name,
                    path=point.get_absolute_url(),
                ),
            )
        )
    return mails


@transaction.atomic
def dispatch_due(*, now: datetime | None = None) -> int:
    """Give each conference reminded its default rules (once), then write the
    outbox rows of every reminder due at `now`; return how many were new."""
    now = now or timezone.now()
    for conference in active_conferences(now):
        ensure_default_rules(conference=conference)
    return enqueue_mails(due_reminders(now=now), now=now)
