"""The outbox asks reminders, by topic and with each row's `about`, whether a
reminder is still needed just before it goes; no key is read back."""

import importlib
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import enqueue_mail, send_queued
from reminders.enums import TOPIC
from reminders.models import ReminderRule
from tasks.enums import TaskStatus
from tasks.services import set_task_status
from tests.reminders.support import remind_unit_now
from tests.reminders.test_dispatch import at, dispatch

pytestmark = pytest.mark.django_db


def test_a_reminder_row_says_what_it_is_about(people, plan):
    draft = plan.tasks.get(plan_ref="III.1.a")
    dispatch(at(draft.deadline, 1))
    row = OutboxMessage.objects.get(subject__contains=draft.title)
    rule = ReminderRule.objects.get(task=draft)
    assert row.topic == TOPIC
    assert row.about == {
        "rule": rule.pk,
        "offset": row.about["offset"],
        "task": draft.pk,
        "deadline": draft.deadline.astimezone(UTC).isoformat(),
    }
    assert rule.offsets.filter(pk=row.about["offset"]).exists()


def test_a_reminder_whose_task_got_done_before_the_send_is_cancelled(people, plan):
    draft = plan.tasks.get(plan_ref="III.1.a")
    dispatch(at(draft.deadline, 1))
    set_task_status(
        task=draft, status=TaskStatus.DONE, by=people["cchc"], now=timezone.now()
    )
    with time_machine.travel(at(draft.deadline, 1, 8, 1), tick=False):
        counts = send_queued()
    assert counts.get(OutboxState.CANCELLED, 0) >= 1
    states = set(
        OutboxMessage.objects.filter(about__task=draft.pk).values_list(
            "state", flat=True
        )
    )
    assert states == {OutboxState.CANCELLED}
    assert all(draft.title not in m.subject for m in mail.outbox)


def test_a_disabled_rule_cancels_its_waiting_reminders(people, plan):
    lists = plan.delegate_list_deadline
    dispatch(at(lists, 0))
    ReminderRule.objects.filter(conference=plan, task=None).update(enabled=False)
    with time_machine.travel(at(lists, 0, 8, 1), tick=False):
        send_queued()
    assert OutboxMessage.objects.get(recipient="snv@hue.gov.vn").state == (
        OutboxState.CANCELLED
    )


def test_a_unit_reminded_now_is_always_sent(people, plan):
    unit = plan.tasks.get(plan_ref="III.1.a").assignee_unit
    moment = at(plan.delegate_list_deadline, 3)
    with time_machine.travel(moment, tick=False):
        assert remind_unit_now(unit=unit, conference=plan, now=moment)
        row = OutboxMessage.objects.get(recipient="cchc@moha.gov.vn")
        assert row.about == {"now": True, "unit": unit.pk}
        send_queued()
    row.refresh_from_db()
    assert row.state == OutboxState.SENT


def test_a_row_without_a_topic_is_sent_whatever_its_key_says(people, plan):
    """The key is only what makes a message happen once: it decides nothing."""
    draft = plan.tasks.get(plan_ref="III.1.a")
    set_task_status(
        task=draft, status=TaskStatus.DONE, by=people["cchc"], now=timezone.now()
    )
    enqueue_mail(
        key=f"reminder:1:1:task-{draft.pk}:20221117T1659",
        recipients=["a@x.vn"],
        template="reminder_unit",
        context={"unit": draft.assignee_unit, "tasks": [], "conference": plan},
    )
    assert send_queued() == {OutboxState.SENT: 1}


def test_the_migration_reads_what_old_reminder_keys_said():
    migration = importlib.import_module("outbox.migrations.0003_topic_and_about")
    deadline = datetime(2022, 11, 20, 16, 59, tzinfo=UTC).isoformat()
    assert migration._reminder_about("reminder:3:9:point-17:20221120T1659") == {
        "rule": 3,
        "offset": 9,
        "point": 17,
        "deadline": deadline,
    }
    assert migration._reminder_about("reminder:now:unit-4:20221118T0100") == {
        "now": True,
        "unit": 4,
    }
    assert migration._reminder_about("reminder:odd") == {}


def test_the_migration_gives_old_rows_their_topic_and_waiting_ones_their_about():
    from django.apps import apps as global_apps

    migration = importlib.import_module("outbox.migrations.0003_topic_and_about")
    for key, state in [
        ("reminder:3:9:point-17:20221120T1659", OutboxState.QUEUED),
        ("reminder:3:9:point-18:20221120T1659", OutboxState.SENT),
        ("password-reset:5:12", OutboxState.SENT),
        ("list-submitted:notice:17:2022-11-18T10:02:11", OutboxState.SENT),
        ("something-else:1", OutboxState.QUEUED),
    ]:
        OutboxMessage.objects.create(
            key=key, recipient="a@x.vn", subject="s", body_text="t", state=state
        )
    migration.fill_topics(global_apps, None)
    rows = {row.key: (row.topic, row.about) for row in OutboxMessage.objects.all()}
    assert rows == {
        "reminder:3:9:point-17:20221120T1659": (
            "reminder",
            {
                "rule": 3,
                "offset": 9,
                "point": 17,
                "deadline": "2022-11-20T16:59:00+00:00",
            },
        ),
        "reminder:3:9:point-18:20221120T1659": ("reminder", {}),
        "password-reset:5:12": ("password-reset", {"user": 5, "request": 12}),
        "list-submitted:notice:17:2022-11-18T10:02:11": ("list-submitted", {}),
        "something-else:1": ("", {}),
    }
