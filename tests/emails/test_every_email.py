"""Issue #18 (e-mails): every kind of e-mail, made by its real caller and sent by
the outbox's sender to a real SMTP server, reads as the Ministry writes: from
"Bộ Nội vụ – Hội nghị trực tuyến", "Kính gửi: <the recipient unit>" first, the
signature last, an absolute link wherever it mentions a page, and quotation
marks as Vietnamese typesetting has them."""

import re
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts import password_reset, reset_requests
from documents.services.programme import publish_programme
from outbox.models import OutboxMessage
from outbox.services import send_queued
from participants import notifications
from questions.enums import QuestionKind, QuestionStatus, Topic
from questions.services import questions
from reminders.invitations import send_invitations
from reminders.services.dispatch import dispatch_due
from reminders.services.summary import send_daily_summary
from tasks.models import OrganisationalUnit
from tests.reminders.support import remind_point_now, remind_unit_now

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
# Plan 5774's registration is open; the lists are due 19/11 23:59; Vụ CCHC's first
# task (before 18/11) is on its last day, past its 08:00 reminder.
NOW = datetime(2022, 11, 17, 8, 5, tzinfo=VN)
EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"
HUE_DEPARTMENT = "Sở Nội vụ tỉnh Thừa Thiên Huế"
ORGANISERS = "Vụ Cải cách hành chính"
# Words that send the reader to a page of the portal: "trang" (but not "trang
# trọng"), "Cổng thông tin", "Cổng hội nghị".
MENTIONS_A_PAGE = re.compile(r"\btrang\b(?! trọng)|\bcổng\b", re.IGNORECASE)
URL = re.compile(r"https?://[^\s<>\"]+")
HREF = re.compile(r'href="([^"]*)"')


def _hue(people):
    return people["hue"]


def _submitted(people, plan):
    notifications.list_submitted(point=_hue(people))


def _reopened(people, plan):
    notifications.list_reopened(point=_hue(people), reason="Bổ sung", at=NOW)


def _extended(people, plan):
    notifications.deadline_extended(point=_hue(people), reason="Bổ sung", at=NOW)


def _question(people, plan):
    asked = questions.submit_question(
        point=_hue(people),
        data={
            "kind": QuestionKind.QUESTION,
            "topic": Topic.SCORING,
            "text": 'Tiêu chí "1.3" chấm thế nào?',
        },
        by=people["snv46"],
        now=NOW,
    )
    questions.triage_question(
        question=asked,
        status=QuestionStatus.ANSWERED_IN_WRITING,
        answer="Theo kế hoạch năm.",
        is_public=False,
        published_text="",
        expected_version=asked.version,
        by=people["cchc"],
        now=NOW,
    )


def _password_reset(people, plan):
    staff = people["snv46"]
    staff.first_name, staff.last_name = "Nguyễn Văn An", ""
    staff.save()
    reset_requests.request_reset(email=staff.email, ip_address=None, now=NOW)
    password_reset.answer_requests(now=NOW)


def _unit(people, plan):
    remind_unit_now(
        unit=OrganisationalUnit.objects.get(code="van-phong-bo"),
        conference=plan,
        now=NOW,
    )


def _task(people, plan):
    dispatch_due(now=NOW)
    # The rule's list reminders are the other kind's: keep the task's alone.
    OutboxMessage.objects.filter(about__has_key="point").delete()


# kind -> (what makes it, whom it is addressed to, the recipient it is checked at)
KINDS: dict[str, tuple[Callable, str, str]] = {
    "daily_summary": (
        lambda people, plan: send_daily_summary(now=NOW),
        ORGANISERS,
        "cchc@moha.gov.vn",
    ),
    "delegate_list_submitted": (_submitted, ORGANISERS, "cchc@moha.gov.vn"),
    "delegate_list_receipt": (_submitted, HUE_DEPARTMENT, "snv@hue.gov.vn"),
    "delegate_list_reopened": (_reopened, HUE_DEPARTMENT, "snv@hue.gov.vn"),
    "delegate_list_extended": (_extended, HUE_DEPARTMENT, "snv@hue.gov.vn"),
    "invitation": (
        lambda people, plan: send_invitations(conference=plan, now=NOW),
        "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
        "snv@hue.gov.vn",
    ),
    "password_reset": (_password_reset, "Nguyễn Văn An", "snv@hue.gov.vn"),
    "programme_published": (
        lambda people, plan: publish_programme(
            conference=plan, by=people["cchc"], now=NOW
        ),
        HUE_DEPARTMENT,
        "snv@hue.gov.vn",
    ),
    "question_answered": (_question, HUE_DEPARTMENT, "snv@hue.gov.vn"),
    "reminder_delegate_list": (
        lambda people, plan: remind_point_now(point=_hue(people), now=NOW),
        HUE_DEPARTMENT,
        "snv@hue.gov.vn",
    ),
    "reminder_task": (_task, "Vụ Cải cách hành chính, Bộ Nội vụ", "cchc@moha.gov.vn"),
    "reminder_unit": (_unit, "Văn phòng Bộ Nội vụ", "vpb@moha.gov.vn"),
}


def test_every_kind_of_e_mail_is_checked_here():
    templates = {
        p.name.removesuffix("_subject.txt") for p in EMAILS.glob("*_subject.txt")
    }
    assert set(KINDS) == templates


def _sent(kind, people, plan, sink) -> list[EmailMessage]:
    """The messages of `kind` its caller made, as the SMTP server received them."""
    make, _addressee, recipient = KINDS[kind]
    make(people, plan)
    send_queued()
    found = [
        message
        for (rcpts, _content), message in zip(
            sink.received, sink.messages(), strict=True
        )
        if rcpts == (recipient,)
    ]
    assert found, (kind, [m["Subject"] for m in sink.messages()])
    return found


def _body(text: str) -> str:
    """The message without its signature (which always links the portal)."""
    return text.split("\n-- \n")[0].split("<p>-- <br>")[0]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_e_mail_reads_as_the_ministry_writes(
    kind, people, plan, smtp_sink, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.PORTAL_BASE_URL = "https://hoinghi.moha.gov.vn"
    _make, addressee, _recipient = KINDS[kind]
    for message in _sent(kind, people, plan, smtp_sink):
        _reads_as_the_ministry_writes(kind, message, addressee)


def _reads_as_the_ministry_writes(kind, message, addressee):
    # SMTP carries CRLF line ends.
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    html = message.get_body(("html",)).get_content().replace("\r\n", "\n")
    base = settings.PORTAL_BASE_URL

    # From the Ministry's conference portal, by name.
    [sender] = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        "Bộ Nội vụ – Hội nghị trực tuyến",
        "hoinghi@moha.gov.vn",
    )
    # "Kính gửi" first, the signature last, in both parts.
    assert text.splitlines()[0] == f"Kính gửi: {addressee}"
    assert f"<body>\n<p>Kính gửi: {addressee}</p>" in html
    assert "\n-- \nVụ Cải cách hành chính – Bộ Nội vụ\n" in text
    assert text.rstrip().endswith(f": {base}/")
    assert "<p>-- <br>Vụ Cải cách hành chính – Bộ Nội vụ<br>" in html
    # A page mentioned is a page linked, absolutely, in both parts.
    if MENTIONS_A_PAGE.search(_body(text)):
        assert [u for u in URL.findall(_body(text)) if len(u.split("/")) > 3], kind
    if MENTIONS_A_PAGE.search(_body(html)):
        assert [h for h in HREF.findall(_body(html)) if len(h.split("/")) > 3], kind
    assert [u for u in URL.findall(text) if not u.startswith(f"{base}/")] == []
    assert [h for h in HREF.findall(html) if not h.startswith(f"{base}/")] == []
    # The text part is text: nothing escaped for HTML, and quotes nest “ ‘ ’ ”.
    for part in (text, message["Subject"]):
        assert not re.search(r"&(quot|amp|lt|gt|#x?\d+);", part), part
        assert '"' not in part.replace('"1.3"', ""), part
        assert not re.search(r"“[^”]*“", part), part  # never “ … “ … ”


def test_what_counts_as_mentioning_a_page():
    assert MENTIONS_A_PAGE.search("Mở danh sách trên Cổng thông tin: …")
    assert MENTIONS_A_PAGE.search("Đánh dấu hoàn thành trên trang nhiệm vụ: …")
    assert not MENTIONS_A_PAGE.search("Hội nghị trang trọng, thiết thực.")
