import json

import pytest
from django_celery_beat.models import PeriodicTask

from outbox.schedule import ensure_periodic_tasks as ensure_outbox
from reminders.schedule import ensure_periodic_tasks as ensure_reminders

pytestmark = pytest.mark.django_db


def test_beat_entries_are_in_the_database_and_an_admin_change_is_kept(settings):
    assert settings.CELERY_BEAT_SCHEDULER == (
        "django_celery_beat.schedulers:DatabaseScheduler"
    )
    PeriodicTask.objects.all().delete()
    ensure_outbox()
    ensure_reminders()
    tasks = {t.task: t for t in PeriodicTask.objects.all()}
    assert set(tasks) == {
        "outbox.send_queued",
        "outbox.sweep_stuck",
        "reminders.dispatch_due",
        "reminders.daily_summary",
    }
    assert (
        tasks["outbox.send_queued"].interval.every,
        tasks["outbox.send_queued"].interval.period,
    ) == (1, "minutes")
    summary = tasks["reminders.daily_summary"].crontab
    assert (summary.minute, summary.hour, str(summary.timezone)) == (
        "0",
        "17",
        "Asia/Ho_Chi_Minh",
    )
    assert json.loads(tasks["reminders.dispatch_due"].kwargs) == {}
    # An admin switches the dispatcher off: a later migrate keeps it off.
    PeriodicTask.objects.filter(task="reminders.dispatch_due").update(enabled=False)
    ensure_reminders()
    assert PeriodicTask.objects.get(task="reminders.dispatch_due").enabled is False
