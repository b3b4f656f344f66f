"""The participants' periodic task: staged Excel files nobody confirmed are deleted."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from participants.models import DelegateImport
from participants.schedule import CLEANUP_TASK_NAME, ensure_periodic_tasks
from participants.tasks import delete_abandoned_imports


@pytest.mark.django_db
def test_abandoned_staged_imports_are_deleted_after_a_day(hanoi_point):
    def staged(status, hours_ago):
        row = DelegateImport.objects.create(
            point=hanoi_point,
            file_name=f"{status}-{hours_ago}.xlsx",
            mode=DelegateImport.Mode.APPEND,
            list_version=1,
            status=status,
        )
        DelegateImport.objects.filter(pk=row.pk).update(
            created_at=timezone.now() - timedelta(hours=hours_ago)
        )

    staged(DelegateImport.Status.PENDING, 25)
    staged(DelegateImport.Status.DISCARDED, 30)
    staged(DelegateImport.Status.PENDING, 2)
    staged(DelegateImport.Status.APPLIED, 48)

    assert delete_abandoned_imports() == 2
    assert sorted(DelegateImport.objects.values_list("file_name", flat=True)) == [
        "applied-48.xlsx",
        "pending-2.xlsx",
    ]


@pytest.mark.django_db
def test_the_cleanup_runs_hourly_from_beat():
    ensure_periodic_tasks()  # also run after migrate
    task = PeriodicTask.objects.get(name=CLEANUP_TASK_NAME)
    assert task.task == "participants.delete_abandoned_imports"
    assert (task.interval.every, task.interval.period) == (1, "hours")
    assert task.enabled
