import io
from datetime import datetime
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
    # Huế gave no room yet: its People's Committee's online room, as the plan says.
    assert str(event["location"]) == (
        "Phòng họp trực tuyến của Ủy ban nhân dân tỉnh Thừa Thiên Huế"
    )
    assert "Kết nối đường truyền: 07:30 ngày 22/11/2022" in str(event["description"])
    alarm = event.walk("VALARM")[0]
    # Half an hour before the 07:30 connection, not at it nor at the opening.
    assert start + alarm.decoded("trigger") == datetime(2022, 11, 22, 7, 0, tzinfo=VN)
    assert event.decoded("dtend") > start


def _ics_event(content: bytes):
    return icalendar.Calendar.from_ical(content).walk("VEVENT")[0]


def test_ics_location_is_the_recipients_own_bridge_point(people, plan):
    hue = people["hue"]
    hue.room = "Phòng họp trực tuyến, tầng 3"
    hue.address = "16 Lê Lợi, thành phố Huế"
    hue.save()

    event = _ics_event(conference_ics(plan, point=hue))

    assert str(event["location"]) == (
        "Phòng họp trực tuyến, tầng 3, 16 Lê Lợi, thành phố Huế"
    )
    assert plan.main_venue not in str(event["location"])
    assert "Điểm cầu của đơn vị: Phòng họp trực tuyến, tầng 3" in str(
        event["description"]
    )
    # The Ministry's own calendar (no point) meets at the main venue.
    assert str(_ics_event(conference_ics(plan))["location"]) == plan.main_venue


def test_ics_alarm_rings_before_the_connection_of_a_moved_conference(plan):
    plan.starts_at = timezone.make_aware(datetime(2025, 6, 3, 9, 0))
    plan.connection_opens_at = timezone.make_aware(datetime(2025, 6, 3, 8, 15))

    event = _ics_event(conference_ics(plan))

    [alarm] = event.walk("VALARM")
    assert alarm["action"] == "DISPLAY"
    ring = event.decoded("dtstart") + alarm.decoded("trigger")
    assert ring == datetime(2025, 6, 3, 7, 45, tzinfo=VN)
    assert "08:15" in str(alarm["description"])


def test_invitation_e_mail_to_a_city_is_addressed_to_its_peoples_committee(
    people, plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    send_invitations(conference=plan)
    row = OutboxMessage.objects.get(recipient="snv@hanoi.gov.vn")
    assert row.body_text.startswith("Kính gửi: Ủy ban nhân dân thành phố Hà Nội\n")
    assert "chỉ đạo Sở Nội vụ thành phố Hà Nội gửi danh sách" in row.body_text
    assert "tham dự “Hội nghị triển khai Đề án ‘Xác định Chỉ số" in row.body_text


def test_ics_of_a_conference_moved_in_time(plan):
    plan.starts_at = timezone.make_aware(datetime(2025, 6, 3, 8, 0))
    plan.connection_opens_at = timezone.make_aware(datetime(2025, 6, 3, 7, 30))
    content = conference_ics(plan).decode()
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20250603T080000" in content
