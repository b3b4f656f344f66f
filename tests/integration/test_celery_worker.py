"""Tasks sent through Redis and run by a real worker."""

import time

import pytest
from celery.signals import task_postrun
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from conference.enums import UnitKind
from participants.tasks import notify_delegate_list_submitted
from tests import factories

pytestmark = pytest.mark.integration

WAIT_SECONDS = 10


def _wait_for_outbox(count: int) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_notify_delegate_list_submitted_mails_organisers_through_worker(
    celery_worker_on_redis,
):
    factories.organiser(username="cchc-mail", email="vucchc@moha.gov.vn")
    factories.organiser(
        username="cchc-inactive", email="off@moha.gov.vn", is_active=False
    )
    factories.organiser(username="cchc-no-email", email="")
    factories.technician(username="tttt-mail", email="tttt@moha.gov.vn")
    conference = factories.ConferenceFactory()
    unit = factories.UnitFactory(
        unit_set=conference.unit_set,
        code="01",
        name="Hà Nội",
        kind=UnitKind.CENTRAL_CITY,
    )
    point = factories.BridgePointFactory(conference=conference, unit=unit)

    notify_delegate_list_submitted.delay(point_id=point.pk)
    _wait_for_outbox(1)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vucchc@moha.gov.vn"]
    with translation.override("vi"):
        expected_subject = gettext("%(name)s submitted its delegate list") % {
            "name": "Điểm cầu Thành phố Hà Nội"
        }
    assert message.subject == expected_subject
    assert "Điểm cầu Thành phố Hà Nội" in message.subject


def test_notify_delegate_list_submitted_for_missing_point_sends_nothing(
    celery_worker_on_redis,
):
    factories.organiser(username="cchc-mail", email="vucchc@moha.gov.vn")
    events = []

    def record(task_id, task, retval, state, **kwargs):
        events.append((task.name, state, retval))

    task_postrun.connect(record, weak=False)
    try:
        notify_delegate_list_submitted.delay(point_id=987654321)
        deadline = time.monotonic() + WAIT_SECONDS
        while not events and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        task_postrun.disconnect(record)

    assert events == [("participants.notify_delegate_list_submitted", "SUCCESS", 0)]
    assert mail.outbox == []
