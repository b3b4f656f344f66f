"""Which reminders are due when, to whom: the clock set around 14–22/11/2022."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import send_queued
from participants import services as participant_services
from participants.enums import ListStatus, RegistrationStatus
from participants.selectors import with_list_status
from reminders import services
from reminders.enums import RuleKind
from reminders.models import ReminderOffset, ReminderRule
from tasks.enums import TaskStatus
from tasks.services import set_task_status
from tests import factories
from tests.reminders.support import remind_late_now, remind_point_now, remind_unit_now

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(deadline, days_before, hour=8, minute=0):
    """The local moment `days_before` the deadline's day at hour:minute."""
    day = timezone.localtime(deadline, VN).date() - timedelta(days=days_before)
    return datetime.combine(day, time(hour, minute), tzinfo=VN)


def dispatch(moment):
    with time_machine.travel(moment, tick=False):
        return services.dispatch_due(now=timezone.now())


def rows(**filters):
    return sorted(
        OutboxMessage.objects.filter(**filters).values_list("recipient", "subject")
    )


def test_default_rules_cover_the_plan(plan):
    services.ensure_default_rules(conference=plan)
    rules = ReminderRule.objects.filter(conference=plan)
    task_rules = {r.task.plan_ref: r for r in rules if r.kind == RuleKind.TASK}
    assert {"III.1.a", "III.1.b", "III.1.c"} <= set(task_rules)
    assert all(
        r.task.deadline < plan.starts_at for r in task_rules.values()
    )  # only what is due before the conference opens
    assert [r.list_missing_points for r in rules if r.kind == RuleKind.TASK] == [
        r.task.deadline > plan.delegate_list_deadline for r in rules if r.task
    ]
    assert task_rules["III.1.c"].list_missing_points is True
    assert rules.filter(kind=RuleKind.DELEGATE_LIST).count() == 1
    for rule in rules:
        assert [
            (o.days_before, o.at) for o in rule.offsets.order_by("-days_before")
        ] == [
            (2, time(8)),
            (1, time(8)),
            (0, time(8)),
        ]
    assert services.ensure_default_rules(conference=plan) == 0


def test_invitation_reminders_reach_vu_cchc_at_each_moment_once(people, plan):
    draft = plan.tasks.get(plan_ref="III.1.a")
    subject_part = draft.title

    assert dispatch(at(draft.deadline, 2) - timedelta(minutes=1)) == 0 or not [
        r for r in rows() if subject_part in r[1]
    ]
    OutboxMessage.objects.all().delete()
    dispatch(at(draft.deadline, 2))
    first = [r for r in rows() if subject_part in r[1]]
    assert first == [
        (
            "cchc@moha.gov.vn",
            f"Nhắc việc: “{draft.title}” hết hạn lúc "
            f"{timezone.localtime(draft.deadline):%H:%M %d/%m/%Y}",
        )
    ]
    dispatch(at(draft.deadline, 2, 9))  # the same reminder: nothing new
    assert len([r for r in rows() if subject_part in r[1]]) == 1
    dispatch(at(draft.deadline, 1))
    dispatch(at(draft.deadline, 0))
    assert len([r for r in rows() if subject_part in r[1]]) == 3
    dispatch(draft.deadline + timedelta(minutes=1))  # past the deadline: nothing
    assert len([r for r in rows() if subject_part in r[1]]) == 3


def test_nobody_who_finished_is_reminded(people, plan):
    draft = plan.tasks.get(plan_ref="III.1.a")
    set_task_status(
        task=draft, status=TaskStatus.DONE, by=people["cchc"], now=timezone.now()
    )
    factories.DelegateFactory(point=people["hanoi"], role="chair")
    participant_services.submit_delegate_list(
        point=people["hanoi"],
        by=people["snv01"],
        now=at(plan.delegate_list_deadline, 3),
        expected_list_version=people["hanoi"].delegate_list.version,
    )
    OutboxMessage.objects.all().delete()  # the receipt and notice

    lists = plan.delegate_list_deadline
    dispatch(at(lists, 2))
    recipients = [r for r, _s in rows()]
    assert "snv@hanoi.gov.vn" not in recipients
    assert recipients.count("snv@hue.gov.vn") == 1
    assert not [s for _r, s in rows() if draft.title in s]


def test_before_the_lists_deadline_provinces_and_the_documents_task_are_reminded(
    people, plan
):
    documents = plan.tasks.get(plan_ref="III.1.b")
    lists = plan.delegate_list_deadline
    dispatch(at(lists, 1))
    hue = [s for r, s in rows() if r == "snv@hue.gov.vn"]
    assert hue == [
        f"Nhắc việc: danh sách đại biểu của {people['hue'].name} hết hạn lúc "
        f"{timezone.localtime(lists):%H:%M %d/%m/%Y}"
    ]
    if at(documents.deadline, 2) <= at(lists, 1) < documents.deadline:
        assert [r for r, s in rows() if documents.title in s] == ["cchc@moha.gov.vn"]


def test_compile_reminder_lists_the_provinces_still_missing(people, plan):
    compile_task = plan.tasks.get(plan_ref="III.1.c")
    factories.DelegateFactory(point=people["hanoi"], role="chair")
    participant_services.submit_delegate_list(
        point=people["hanoi"],
        by=people["snv01"],
        now=at(plan.delegate_list_deadline, 3),
        expected_list_version=people["hanoi"].delegate_list.version,
    )
    dispatch(at(compile_task.deadline, 0))
    row = OutboxMessage.objects.get(
        recipient="cchc@moha.gov.vn", subject__contains=compile_task.title
    )
    assert "62 tỉnh, thành phố chưa gửi danh sách đại biểu" in row.body_text
    assert "46 Tỉnh Thừa Thiên Huế" in row.body_text
    assert "01 Thành phố Hà Nội" not in row.body_text


def test_a_task_finished_between_dispatch_and_send_is_cancelled(people, plan):
    draft = plan.tasks.get(plan_ref="III.1.a")
    dispatch(at(draft.deadline, 1))
    row = OutboxMessage.objects.get(subject__contains=draft.title)
    set_task_status(
        task=draft, status=TaskStatus.DONE, by=people["cchc"], now=timezone.now()
    )
    with time_machine.travel(at(draft.deadline, 1, 8, 1), tick=False):
        send_queued()
    row.refresh_from_db()
    assert row.state == OutboxState.CANCELLED
    assert draft.title not in " ".join(m.subject for m in mail.outbox)


def test_a_list_submitted_between_dispatch_and_send_is_cancelled(people, plan):
    lists = plan.delegate_list_deadline
    dispatch(at(lists, 0))
    row = OutboxMessage.objects.get(recipient="snv@hue.gov.vn")
    factories.DelegateFactory(point=people["hue"], role="chair")
    participant_services.submit_delegate_list(
        point=people["hue"],
        by=people["snv46"],
        now=at(lists, 0, 9),
        expected_list_version=people["hue"].delegate_list.version,
    )
    with time_machine.travel(at(lists, 0, 9, 1), tick=False):
        send_queued()
    row.refresh_from_db()
    assert row.state == OutboxState.CANCELLED


def test_an_extension_moves_the_province_reminders(people, plan):
    lists = plan.delegate_list_deadline
    dispatch(at(lists, 0))
    old = OutboxMessage.objects.get(recipient="snv@hue.gov.vn")
    # Huế never submitted: its deadline is extended, not its list reopened.
    participant_services.extend_deadline(
        point=people["hue"],
        by=people["cchc"],
        now=at(lists, 0, 10),
        extend_to=lists + timedelta(days=1),
        reason="Bổ sung",
    )
    with time_machine.travel(at(lists, 0, 10, 1), tick=False):
        send_queued()
    old.refresh_from_db()
    assert old.state == OutboxState.CANCELLED  # for the old deadline
    dispatch(at(lists + timedelta(days=1), 0))
    new = OutboxMessage.objects.filter(
        recipient="snv@hue.gov.vn", key__startswith="reminder:"
    ).exclude(pk=old.pk)
    assert new.count() == 1


def test_a_rule_switched_off_or_moved_per_conference(people, plan):
    draft = plan.tasks.get(plan_ref="III.1.a")
    services.ensure_default_rules(conference=plan)
    rule = ReminderRule.objects.get(task=draft)
    rule.enabled = False
    rule.save()
    dispatch(at(draft.deadline, 0))
    assert not [s for _r, s in rows() if draft.title in s]
    rule.enabled = True
    rule.save()
    rule.offsets.all().delete()
    ReminderOffset.objects.create(rule=rule, days_before=0, at=time(14, 30))
    dispatch(at(draft.deadline, 0, 14, 29))
    assert not [s for _r, s in rows() if draft.title in s]
    dispatch(at(draft.deadline, 0, 14, 30))
    assert len([s for _r, s in rows() if draft.title in s]) == 1


def test_a_plan_loaded_on_another_day_moves_its_reminders(db):
    from tests.plan5774 import DEFAULT_PLAN, load_plan

    later = load_plan(path=DEFAULT_PLAN, day=datetime(2022, 12, 6).date())
    cchc = factories.organiser(username="cchc-t", email="cchc@moha.gov.vn")
    later.tasks.get(plan_ref="III.1.a").assignee_unit.members.add(cchc)
    draft = later.tasks.get(plan_ref="III.1.a")
    assert timezone.localtime(draft.deadline).date() >= datetime(2022, 12, 1).date()
    dispatch(at(draft.deadline, 2))
    assert len([s for _r, s in rows() if draft.title in s]) == 1


def test_the_daily_summary_lists_the_right_provinces(people, plan):
    lists = plan.delegate_list_deadline
    factories.DelegateFactory(point=people["hanoi"], role="chair")
    participant_services.submit_delegate_list(
        point=people["hanoi"],
        by=people["snv01"],
        now=at(lists, 2),
        expected_list_version=people["hanoi"].delegate_list.version,
    )
    participant_services.extend_deadline(
        point=people["hue"],
        by=people["cchc"],
        now=at(lists, -1, 9),
        extend_to=at(lists, -1, 23, 0),
        reason="Tỉnh xin thêm thời gian",
    )
    OutboxMessage.objects.all().delete()
    moment = at(lists, -1, 17)  # the day after the lists were due
    with time_machine.travel(moment, tick=False):
        assert services.send_daily_summary(now=timezone.now()) == 1
        assert services.send_daily_summary(now=timezone.now()) == 0
    row = OutboxMessage.objects.get()
    assert row.recipient == "cchc@moha.gov.vn"
    assert row.subject.startswith(
        f"Tổng hợp ngày {moment:%d/%m/%Y}: 1/63 điểm cầu đã gửi danh sách"
    )
    body = row.body_text
    late = body.split("Quá hạn")[1].split("Chưa gửi")[0]
    assert "Quá hạn (đã hết hạn, chưa gửi): 61" in body
    assert "46 Tỉnh Thừa Thiên Huế" not in late  # extended: still open
    assert "02 Tỉnh Hà Giang" in late
    assert "01 Thành phố Hà Nội" not in body
    assert "Chưa gửi, còn hạn: 1" in body
    assert "III.1.a" in body.split("Nhiệm vụ quá hạn")[1]


def test_the_summary_and_remind_now_read_the_one_deadline_rule(people, plan):
    lists = plan.delegate_list_deadline
    factories.DelegateFactory(point=people["hanoi"], role="chair")
    participant_services.submit_delegate_list(
        point=people["hanoi"],
        by=people["snv01"],
        now=at(lists, 2),
        expected_list_version=people["hanoi"].delegate_list.version,
    )
    # Reopened without a date after the deadline: open until the conference starts.
    participant_services.reopen_delegate_list(
        point=people["hanoi"], by=people["cchc"], now=lists, reason="Bổ sung"
    )
    provinces = plan.points.filter(unit__isnull=False)

    for moment in (lists - timedelta(minutes=1), lists + timedelta(minutes=1)):
        summary = services.summary_of(conference=plan, now=moment)
        status = dict(
            with_list_status(provinces, now=moment).values_list("pk", "list_status")
        )
        assert {p.pk for p in summary.late} == {
            pk for pk, s in status.items() if s == ListStatus.LATE
        }, moment
        assert people["hanoi"] in summary.not_yet
    assert len(summary.late) == 62

    participant_services.submit_delegate_list(
        point=people["hanoi"],
        by=people["snv01"],
        now=lists + timedelta(hours=1),
        expected_list_version=people["hanoi"].delegate_list.version,
    )
    assert remind_point_now(point=people["hanoi"], now=lists + timedelta(hours=2)) == 0


def test_no_summary_after_the_conference_started(people, plan):
    with time_machine.travel(plan.starts_at + timedelta(hours=9), tick=False):
        assert services.send_daily_summary(now=timezone.now()) == 0


def test_remind_now_twice_sends_one_message(people, plan):
    now = at(plan.delegate_list_deadline, 1, 10)
    assert remind_point_now(point=people["hue"], now=now) == 1
    assert remind_point_now(point=people["hue"], now=now) == 0
    assert remind_point_now(point=people["hue"], now=now + timedelta(minutes=9)) == 0
    assert remind_point_now(point=people["hue"], now=now + timedelta(minutes=11)) == 1
    # Every province not submitted: Huế was reminded a minute ago, Hà Nội was not.
    assert remind_late_now(conference=plan, now=now + timedelta(minutes=1)) == 1
    assert remind_late_now(conference=plan, now=now + timedelta(minutes=2)) == 0
    assert sorted(
        OutboxMessage.objects.filter(key__startswith="reminder:now:point-").values_list(
            "recipient", flat=True
        )
    ) == ["snv@hanoi.gov.vn", "snv@hue.gov.vn", "snv@hue.gov.vn"]
    assert (
        remind_unit_now(
            unit=people["vpb"].organisational_units.get(), conference=plan, now=now
        )
        == 1
    )
    assert (
        remind_unit_now(
            unit=people["vpb"].organisational_units.get(), conference=plan, now=now
        )
        == 0
    )
    assert people["hue"].delegate_list.status == RegistrationStatus.DRAFT
