import pytest
from django.core import mail
from django.utils import timezone

from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import send_queued
from participants import services
from participants.enums import DelegateRole, RegistrationStatus
from tests.factories import DelegateFactory, organiser, province_staff


@pytest.mark.django_db
def test_submitting_queues_a_receipt_and_a_notice_each_to_its_own_address(
    open_conference, hanoi_point, hanoi, hue
):
    organiser(email="cchc1@moha.gov.vn")
    organiser(email="cchc2@moha.gov.vn")
    organiser(email="")
    staff = province_staff(hanoi, email="snv@hanoi.gov.vn")
    province_staff(hue, email="snv@hue.gov.vn")
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    DelegateFactory(point=hanoi_point)

    services.submit_delegate_list(
        point=hanoi_point,
        by=staff,
        now=timezone.now(),
        expected_list_version=hanoi_point.delegate_list.version,
    )

    rows = OutboxMessage.objects.order_by("recipient")
    assert [(r.recipient, r.state) for r in rows] == [
        ("cchc1@moha.gov.vn", OutboxState.QUEUED),
        ("cchc2@moha.gov.vn", OutboxState.QUEUED),
        ("snv@hanoi.gov.vn", OutboxState.QUEUED),
    ]
    assert send_queued() == {OutboxState.SENT: 3}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cchc1@moha.gov.vn",
        "cchc2@moha.gov.vn",
        "snv@hanoi.gov.vn",
    ]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    notice = next(m for m in mail.outbox if m.to == ["cchc1@moha.gov.vn"])
    assert notice.subject == f"{hanoi_point.name} đã gửi danh sách đại biểu"
    assert "2 đại biểu" in notice.body
    assert f"http://127.0.0.1:8000/points/{hanoi_point.pk}/" in notice.body
    receipt = next(m for m in mail.outbox if m.to == ["snv@hanoi.gov.vn"])
    assert receipt.subject == (
        f"Xác nhận: đã nhận danh sách đại biểu của {hanoi_point.name}"
    )


@pytest.mark.django_db
def test_a_failed_submission_queues_nothing(open_conference, hanoi_point, hanoi):
    organiser(email="cchc1@moha.gov.vn")
    staff = province_staff(hanoi, email="snv@hanoi.gov.vn")
    with pytest.raises(Exception):  # noqa: B017 — no chair: refused
        services.submit_delegate_list(
            point=hanoi_point,
            by=staff,
            now=timezone.now(),
            expected_list_version=hanoi_point.delegate_list.version,
        )
    assert OutboxMessage.objects.count() == 0


@pytest.mark.django_db
def test_reopening_with_an_extension_tells_the_province_the_deadline_and_reason(
    open_conference, hanoi_point, hanoi
):
    from datetime import timedelta

    province_staff(hanoi, email="snv@hanoi.gov.vn")
    hanoi_point.delegate_list.status = RegistrationStatus.SUBMITTED
    hanoi_point.delegate_list.save()
    now = timezone.now()
    services.reopen_delegate_list(
        point=hanoi_point,
        by=organiser(),
        now=now,
        extend_to=now + timedelta(days=4),
        reason="Bổ sung Phó Chủ tịch",
    )
    row = OutboxMessage.objects.get()
    assert row.recipient == "snv@hanoi.gov.vn"
    assert row.subject == f"Danh sách đại biểu của {hanoi_point.name} đã được mở lại"
    local = timezone.localtime(now + timedelta(days=4))
    assert f"Hạn mới: {local:%H:%M %d/%m/%Y}" in row.body_text
    assert "Lý do: Bổ sung Phó Chủ tịch" in row.body_text


@pytest.mark.django_db
def test_extending_a_draft_tells_the_province_until_when_and_why(
    open_conference, hanoi_point, hanoi
):
    from datetime import timedelta

    province_staff(hanoi, email="snv@hanoi.gov.vn")
    now = timezone.now()
    new = now + timedelta(days=4)
    services.extend_deadline(
        point=hanoi_point, by=organiser(), now=now, extend_to=new, reason="Bão lũ"
    )
    row = OutboxMessage.objects.get()
    local = timezone.localtime(new)
    assert (row.recipient, row.subject) == (
        "snv@hanoi.gov.vn",
        f"Danh sách đại biểu của {hanoi_point.name} được gia hạn gửi đến hết "
        f"{local:%H:%M %d/%m/%Y}",
    )
    assert "Lý do: Bão lũ" in row.body_text
