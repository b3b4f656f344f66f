import pytest
from django.core import mail

from participants.enums import DelegateRole
from participants.tasks import notify_delegate_list_submitted
from tests.factories import DelegateFactory, organiser


@pytest.mark.django_db
def test_notify_sends_one_mail_to_each_organiser_with_an_address(hanoi_point):
    organiser(email="cchc1@moha.gov.vn")
    organiser(email="cchc2@moha.gov.vn")
    organiser(email="")
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    DelegateFactory(point=hanoi_point)

    sent = notify_delegate_list_submitted(point_id=hanoi_point.pk)

    assert sent == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["cchc1@moha.gov.vn", "cchc2@moha.gov.vn"]
    assert message.subject == f"{hanoi_point.name} đã gửi danh sách đại biểu"
    assert "2 đại biểu" in message.body


@pytest.mark.django_db
def test_notify_for_a_missing_point_sends_nothing():
    organiser(email="cchc1@moha.gov.vn")
    assert notify_delegate_list_submitted(point_id=999999) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_abandoned_staged_imports_are_deleted_after_a_day(hanoi_point):
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from participants.models import DelegateImport
    from participants.tasks import delete_abandoned_imports

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
    schedule = settings.CELERY_BEAT_SCHEDULE["delete-abandoned-imports"]
    assert schedule == {
        "task": "participants.delete_abandoned_imports",
        "schedule": 3600.0,
    }
