"""One e-mail template, one kind of context: a province's list reminder reads the
same whether a rule or "remind now" sent it."""

import pytest
import time_machine

from outbox.models import OutboxMessage
from tests.reminders.support import remind_point_now
from tests.reminders.test_dispatch import at, dispatch

pytestmark = pytest.mark.django_db


def test_a_rules_reminder_and_a_remind_now_read_the_same(people, plan):
    hue = people["hue"]
    lists = plan.delegate_list_deadline
    dispatch(at(lists, 0))
    by_rule = OutboxMessage.objects.get(recipient="snv@hue.gov.vn")
    moment = at(lists, 0, 9)
    with time_machine.travel(moment, tick=False):
        assert remind_point_now(point=hue, now=moment) == 1
    by_hand = OutboxMessage.objects.exclude(pk=by_rule.pk).get(
        recipient="snv@hue.gov.vn"
    )
    assert (by_hand.subject, by_hand.body_text, by_hand.body_html) == (
        by_rule.subject,
        by_rule.body_text,
        by_rule.body_html,
    )
    assert hue.name in by_rule.subject
    assert f"{hue.get_absolute_url()}" in by_rule.body_text
    assert plan.short_title in by_rule.body_text
