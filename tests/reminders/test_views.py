import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from documents.services import rendered
from outbox.models import OutboxMessage
from outbox.services import enqueue_mail, send_queued
from reminders.invitations import conference_ics, send_invitations
from tests import factories
from tests.documents import pdfcheck
from tests.otp import login_verified

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _client(user):
    client = Client()
    login_verified(client, user)
    return client


def _mail(key, recipient):
    enqueue_mail(
        key=key,
        recipients=[recipient],
        template="delegate_list_reopened",
        context={"point": {"name": "Điểm cầu Huế"}, "point_path": "/points/2/"},
    )


def test_remind_now_double_click_sends_one_message(people, plan):
    client = _client(people["cchc"])
    url = reverse("reminders:remind_now", args=[plan.slug])
    target = {"target": f"point:{people['hue'].pk}", "confirmed": "1"}
    client.post(url, target)
    client.post(url, target)
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "snv@hue.gov.vn"
    ]
    assert client.post(url, {"target": "nonsense", "confirmed": "1"}).status_code == 404


def test_outbox_pages_are_404_for_everyone_else(people, plan):
    _mail("list-reopened:1:a", "a@x.vn")
    row = OutboxMessage.objects.get()
    urls = [
        ("get", reverse("outbox:list")),
        ("get", reverse("outbox:detail", args=[row.pk])),
        ("post", reverse("outbox:resend", args=[row.pk])),
        ("post", reverse("reminders:remind_now", args=[plan.slug])),
        ("post", reverse("reminders:send_invitations", args=[plan.slug])),
    ]
    for user in [people["snv01"], people["vpb"], factories.technician()]:
        client = _client(user)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (user, url)
    assert OutboxMessage.objects.count() == 1


def test_invitation_carries_the_conference_as_an_ics_event(
    people, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # the documents' cache starts empty
    assert send_invitations(conference=plan) == 2  # Hà Nội and Huế have accounts
    assert send_invitations(conference=plan) == 0
    row = OutboxMessage.objects.get(recipient="snv@hue.gov.vn")
    assert row.subject == f"Giấy mời: {plan.short_title}"
    assert [a["filename"] for a in row.attachments] == [
        "giay-moi-46-thua-thien-hue.pdf",
        "hoi-nghi.ics",
    ]
    send_queued()
    from django.core import mail

    message = next(m for m in mail.outbox if m.to == ["snv@hue.gov.vn"])
    assert "PDF" in message.body
    # The province's own invitation, the very file its documents page serves.
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("giay-moi-46-thua-thien-hue.pdf", "application/pdf")
    text = " ".join(PdfReader(io.BytesIO(content)).pages[0].extract_text().split())
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thừa Thiên Huế" in text
    assert content == rendered.invitation(people["hue"]).read()
    # Only the two provinces with an address had theirs rendered.
    assert pdfcheck.cached_pdfs() == 2
    name, content, mimetype = message.attachments[1]
    content = content.encode() if isinstance(content, str) else content
    assert (name, mimetype) == ("hoi-nghi.ics", "text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start == datetime(2022, 11, 22, 8, 0, tzinfo=VN)
    assert str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert "TZID=Asia/Ho_Chi_Minh" in content.decode()
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(event["location"]) == plan.main_venue
    assert "Kết nối đường truyền: 07:30 ngày 22/11/2022" in str(event["description"])
    alarm = event.walk("VALARM")[0]
    assert alarm.decoded("trigger") == timedelta(minutes=-30)
    assert event.decoded("dtend") > start


def test_ics_of_a_conference_moved_in_time(plan):
    plan.starts_at = timezone.make_aware(datetime(2025, 6, 3, 8, 0))
    plan.connection_opens_at = timezone.make_aware(datetime(2025, 6, 3, 7, 30))
    content = conference_ics(plan).decode()
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20250603T080000" in content
