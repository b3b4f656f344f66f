"""Reopening or extending a province's list tells its staff through the outbox."""

from datetime import datetime

import pytest

from outbox.models import OutboxMessage
from participants import services
from participants.enums import DelegateRole
from tests import factories
from tests.factories import VN

pytestmark = pytest.mark.django_db

NOW = datetime(2022, 11, 19, 9, 0, tzinfo=VN)


def _staff(point, username, email):
    user = factories.province_staff(point.unit, username=username)
    user.email = email
    user.save()
    return user


def test_extend_mails_the_province_once_with_reason_and_deadline(
    hanoi_point, hue_point
):
    _staff(hanoi_point, "snv-01-a", "snv01@hanoi.gov.vn")
    _staff(hue_point, "snv-46-a", "snv46@hue.gov.vn")
    cchc = factories.organiser(username="cchc-mail")
    services.extend_deadline(
        point=hanoi_point,
        by=cchc,
        now=NOW,
        extend_to=datetime(2022, 11, 21, 17, 0, tzinfo=VN),
        reason="Tỉnh đang xin ý kiến",
    )
    rows = list(OutboxMessage.objects.all())
    assert [r.recipient for r in rows] == ["snv01@hanoi.gov.vn"]
    assert "gia hạn" in rows[0].subject.lower()
    assert "Tỉnh đang xin ý kiến" in rows[0].body_text
    assert "17:00 21/11/2022" in rows[0].body_text


def test_reopen_mails_the_province(hanoi_point, hanoi_staff):
    _staff(hanoi_point, "snv-01-b", "lanhdao@hanoi.gov.vn")
    factories.DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    hanoi_point.refresh_from_db()
    services.submit_delegate_list(
        point=hanoi_point,
        by=hanoi_staff,
        now=NOW,
        expected_list_version=hanoi_point.delegate_list.version,
    )
    services.reopen_delegate_list(
        point=hanoi_point,
        by=factories.organiser(username="cchc-mail2"),
        now=NOW,
        reason="Thiếu đại biểu Sở Tư pháp",
    )
    row = OutboxMessage.objects.get(key__startswith="list-reopened")
    assert row.recipient == "lanhdao@hanoi.gov.vn"
    assert "Thiếu đại biểu Sở Tư pháp" in row.body_text
