"""Reminders before deadlines, the daily summary, "remind now" and invitations.

Everything here only decides who gets what; the outbox writes and sends it. Keys are
deterministic: (rule, moment, subject, deadline) for a reminder, so two dispatchers
at once, or one run twice, write each row once (the outbox's unique key/recipient).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from conference.enums import RegistrationStatus
from conference.models import BridgePoint, Conference
from outbox.models import OutboxMessage
from outbox.services import Mail, MailTemplate, enqueue_mails
from tasks.enums import TaskStatus
from tasks.models import OrganisationalUnit, Task
from tasks.selectors import province_staff_addresses, unit_addresses

from .enums import RuleKind
from .models import ReminderOffset, ReminderRule

logger = logging.getLogger(__name__)

KEY_PREFIX = "reminder:"
# The defaults: 2 days before at 08:00, 1 day before at 08:00, 08:00 on the last day.
DEFAULT_OFFSETS = ((2, time(8, 0)), (1, time(8, 0)), (0, time(8, 0)))
# "Nhắc ngay" sends to the same province or unit at most once in this window.
REMIND_NOW_WINDOW = timedelta(minutes=10)
# The organisers' unit, which gets the daily summary as well as the organiser role.
ORGANISER_UNIT_CODE = "vu-cchc"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M")


def list_deadline(point: BridgePoint) -> datetime:
    """Until when the point's province may still send its list (see is_open_for_changes)."""
    if point.registration_status == RegistrationStatus.REOPENED:
        return point.deadline_extended_to or point.conference.starts_at
    return point.deadline


def organiser_addresses() -> list[str]:
    """Vụ CCHC: the organiser accounts, and its unit's contact and members."""
    addresses = list(
        User.objects.filter(role=Role.ORGANISER, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )
    unit = OrganisationalUnit.objects.filter(code=ORGANISER_UNIT_CODE).first()
    if unit is not None:
        addresses += unit_addresses(unit)
    return addresses


# --- rules -------------------------------------------------------------------


@transaction.atomic
def ensure_default_rules(*, conference: Conference) -> int:
    """Create the default rules of a conference once; an admin's changes are kept.

    A rule for the delegate lists, and one for each Ministry unit's task due
    before the conference opens; the task due after the lists is the compile
    task and names the provinces still missing.
    """
    created = 0
    rule, new = ReminderRule.objects.get_or_create(
        conference=conference, kind=RuleKind.DELEGATE_LIST, task=None
    )
    if new:
        _default_offsets(rule)
        created += 1
    tasks = Task.objects.filter(
        conference=conference,
        deadline__isnull=False,
        deadline__lt=conference.starts_at,
    ).exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
    for task in tasks:
        rule, new = ReminderRule.objects.get_or_create(
            conference=conference,
            kind=RuleKind.TASK,
            task=task,
            defaults={
                "list_missing_points": task.deadline > conference.delegate_list_deadline
            },
        )
        if new:
            _default_offsets(rule)
            created += 1
    return created


def _default_offsets(rule: ReminderRule) -> None:
    ReminderOffset.objects.bulk_create(
        [ReminderOffset(rule=rule, days_before=d, at=at) for d, at in DEFAULT_OFFSETS]
    )


def current_offset(
    offsets, *, deadline: datetime, now: datetime
) -> ReminderOffset | None:
    """The latest reminder moment already reached, if the deadline is still ahead.

    After an outage only the latest missed reminder goes, not all of them at once.
    """
    if now >= deadline:
        return None
    reached = [
        (o.moment(deadline), o.pk, o)
        for o in offsets
        if o.moment(deadline) <= now and o.moment(deadline) < deadline
    ]
    return max(reached)[2] if reached else None


# --- dispatch ----------------------------------------------------------------


def _active_conferences(now: datetime):
    return Conference.objects.filter(starts_at__gt=now).order_by("starts_at")


def missing_points(*, conference: Conference):
    return (
        BridgePoint.objects.filter(conference=conference, unit__isnull=False)
        .exclude(registration_status=RegistrationStatus.SUBMITTED)
        .select_related("unit", "conference")
        .order_by("unit__code")
    )


def _task_mail(rule, offset, task, *, now, missing=None) -> Mail | None:
    recipients = unit_addresses(task.assignee_unit)
    if not recipients:
        return None
    return Mail(
        key=f"{KEY_PREFIX}{rule.pk}:{offset.pk}:task-{task.pk}:{_stamp(task.deadline)}",
        recipients=recipients,
        template="reminder_task",
        context={
            "task": task,
            "conference": rule.conference,
            "missing": missing,
            "tasks_path": f"/conferences/{rule.conference.slug}/tasks/",
        },
    )


def due_mails(*, now: datetime) -> list[Mail]:
    """Every reminder due at `now` to whoever has not finished."""
    mails: list[Mail] = []
    for conference in _active_conferences(now):
        ensure_default_rules(conference=conference)
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
                if task.status in (TaskStatus.DONE, TaskStatus.CANCELLED):
                    continue
                if task.deadline is None:
                    continue
                offset = current_offset(offsets, deadline=task.deadline, now=now)
                if offset is None:
                    continue
                if rule.list_missing_points and missing is None:
                    missing = list(missing_points(conference=conference))
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


def _list_mails(rule, offsets, *, now) -> list[Mail]:
    due = []
    offset_at: dict[datetime, ReminderOffset | None] = {}
    for point in missing_points(conference=rule.conference):
        deadline = list_deadline(point)
        if deadline not in offset_at:
            offset_at[deadline] = current_offset(offsets, deadline=deadline, now=now)
        if offset_at[deadline] is not None:
            due.append((point, deadline, offset_at[deadline]))
    if not due:
        return []
    addresses = province_staff_addresses(province_ids={p.unit_id for p, _d, _o in due})
    # Thousands of provinces share one text but for their name and link: render it
    # once per deadline and fill those in.
    path_of = _point_path_pattern()
    templates: dict[datetime, MailTemplate] = {}
    mails = []
    for point, deadline, offset in due:
        recipients = addresses.get(point.unit_id)
        if not recipients:
            continue
        if deadline not in templates:
            templates[deadline] = MailTemplate(
                "reminder_delegate_list",
                {
                    "point": {
                        "name": MailTemplate.slot("name"),
                        "conference": rule.conference,
                    },
                    "deadline": deadline,
                    "point_path": MailTemplate.slot("path"),
                },
            )
        mails.append(
            Mail(
                key=f"{KEY_PREFIX}{rule.pk}:{offset.pk}:point-{point.pk}:{_stamp(deadline)}",
                recipients=recipients,
                rendered=templates[deadline].fill(
                    name=point.name, path=path_of(point.pk)
                ),
            )
        )
    return mails


def _point_path_pattern():
    """point pk -> its page's path, from one reverse() (it is the same shape for all)."""
    sample = BridgePoint(pk=987654321).get_absolute_url()
    head, _sep, tail = sample.partition("987654321")
    return lambda pk: f"{head}{pk}{tail}"


@transaction.atomic
def dispatch_due(*, now: datetime | None = None) -> int:
    """Write the outbox rows of every reminder due at `now`; return how many were new."""
    now = now or timezone.now()
    return enqueue_mails(due_mails(now=now), now=now)


# --- "is it still needed?" (asked by the outbox just before sending) -----------


def _parse(key: str) -> tuple[str | None, str, str | None]:
    """(rule id or None for "remind now", subject, deadline stamp or None)."""
    parts = key[len(KEY_PREFIX) :].split(":")
    if parts[0] == "now" and len(parts) >= 2:  # reminder:now:<subject>:<stamp>
        return None, parts[1], None
    if len(parts) == 4:  # reminder:<rule>:<offset>:<subject>:<deadline>
        return parts[0], parts[2], parts[3]
    return None, "", None


def still_needed(keys: list[str]) -> set[str]:
    """The keys whose subject is still unfinished, rule on, and deadline unchanged."""
    parsed = {key: _parse(key) for key in keys}
    ids: dict[str, set[int]] = {"task": set(), "point": set()}
    for _rule, subject, _deadline in parsed.values():
        kind, _sep, pk = subject.partition("-")
        if kind in ids and pk.isdigit():
            ids[kind].add(int(pk))
    rules = {
        str(pk)
        for pk in ReminderRule.objects.filter(
            pk__in=[int(r) for r, _s, _d in parsed.values() if r and r.isdigit()],
            enabled=True,
        ).values_list("pk", flat=True)
    }
    open_deadlines: dict[str, datetime | None] = {}
    for task in Task.objects.filter(pk__in=ids["task"]).exclude(
        status__in=[TaskStatus.DONE, TaskStatus.CANCELLED]
    ):
        open_deadlines[f"task-{task.pk}"] = task.deadline
    for point in (
        BridgePoint.objects.filter(pk__in=ids["point"])
        .exclude(registration_status=RegistrationStatus.SUBMITTED)
        .select_related("conference")
    ):
        open_deadlines[f"point-{point.pk}"] = list_deadline(point)
    wanted = set()
    for key, (rule, subject, stamp) in parsed.items():
        kind = subject.partition("-")[0]
        if kind not in ids:  # e.g. a unit's "remind now": nothing to check
            wanted.add(key)
            continue
        if subject not in open_deadlines:
            continue
        if rule is not None and rule not in rules:
            continue
        deadline = open_deadlines[subject]
        if stamp is None or deadline is None or _stamp(deadline) == stamp:
            wanted.add(key)
    return wanted


# --- daily summary ---------------------------------------------------------------


@dataclass
class Summary:
    conference: Conference
    total: int
    submitted: int
    late: list[BridgePoint]
    not_yet: list[BridgePoint]
    overdue_tasks: list[Task]


def summary_of(*, conference: Conference, now: datetime) -> Summary:
    points = list(
        BridgePoint.objects.filter(conference=conference, unit__isnull=False)
        .select_related("unit", "conference")
        .order_by("unit__code")
    )
    submitted = [
        p for p in points if p.registration_status == RegistrationStatus.SUBMITTED
    ]
    open_points = [
        p for p in points if p.registration_status != RegistrationStatus.SUBMITTED
    ]
    late = [p for p in open_points if list_deadline(p) < now]
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
        not_yet=[p for p in open_points if p not in late],
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
    for conference in _active_conferences(now):
        if not registration_open(conference, now=now):
            continue
        mails.append(
            Mail(
                key=f"summary:{conference.pk}:{day.isoformat()}",
                recipients=recipients,
                template="daily_summary",
                context={
                    "summary": summary_of(conference=conference, now=now),
                    "day": day,
                    "tasks_path": f"/conferences/{conference.slug}/tasks/",
                    "outbox_path": "/outbox/",
                },
            )
        )
    return enqueue_mails(mails, now=now)


# --- remind now ------------------------------------------------------------------


def _recently_reminded(subject: str, *, now: datetime) -> bool:
    return OutboxMessage.objects.filter(
        key__startswith=f"{KEY_PREFIX}now:{subject}:",
        created_at__gt=now - REMIND_NOW_WINDOW,
    ).exists()


def _remind_point(point: BridgePoint, *, now: datetime) -> int:
    subject = f"point-{point.pk}"
    if _recently_reminded(subject, now=now):
        return 0
    deadline = list_deadline(point)
    return enqueue_mails(
        [
            Mail(
                key=f"{KEY_PREFIX}now:{subject}:{_stamp(now)}",
                recipients=province_staff_addresses(province_ids=[point.unit_id]).get(
                    point.unit_id, []
                ),
                template="reminder_delegate_list",
                context={
                    "point": point,
                    "deadline": deadline,
                    "point_path": point.get_absolute_url(),
                },
            )
        ],
        now=now,
    )


@transaction.atomic
def remind_point_now(*, point: BridgePoint, now: datetime | None = None) -> int:
    """Remind one province now; a second click within the window sends nothing."""
    now = now or timezone.now()
    # The row lock makes two organisers' clicks wait for each other.
    point = (
        BridgePoint.objects.select_for_update(of=("self",))
        .select_related("conference", "unit")
        .get(pk=point.pk)
    )
    if point.registration_status == RegistrationStatus.SUBMITTED:
        return 0
    return _remind_point(point, now=now)


@transaction.atomic
def remind_late_now(*, conference: Conference, now: datetime | None = None) -> int:
    """Remind every province that has not submitted its list."""
    now = now or timezone.now()
    Conference.objects.select_for_update().get(pk=conference.pk)
    total = 0
    for point in missing_points(conference=conference):
        total += _remind_point(point, now=now)
    return total


@transaction.atomic
def remind_unit_now(
    *, unit: OrganisationalUnit, conference: Conference, now: datetime | None = None
) -> int:
    """Remind a Ministry unit of its unfinished tasks of the conference."""
    now = now or timezone.now()
    OrganisationalUnit.objects.select_for_update().get(pk=unit.pk)
    subject = f"unit-{unit.pk}"
    tasks = list(
        Task.objects.filter(conference=conference, assignee_unit=unit)
        .exclude(status__in=[TaskStatus.DONE, TaskStatus.CANCELLED])
        .order_by("deadline", "plan_ref")
    )
    if not tasks or _recently_reminded(subject, now=now):
        return 0
    return enqueue_mails(
        [
            Mail(
                key=f"{KEY_PREFIX}now:{subject}:{_stamp(now)}",
                recipients=unit_addresses(unit),
                template="reminder_unit",
                context={
                    "unit": unit,
                    "tasks": tasks,
                    "conference": conference,
                    "tasks_path": f"/conferences/{conference.slug}/tasks/",
                },
            )
        ],
        now=now,
    )
