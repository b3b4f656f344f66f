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
