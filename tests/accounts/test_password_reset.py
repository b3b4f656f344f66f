"""Issue #16 (1, 2): password reset through the outbox with the link made at send
time, throttled, the same answer for any address, and a way back in for a user
locked out by someone else's wrong passwords."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import password_reset, reset_requests
from accounts.models import PasswordResetRequest
from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import send_queued
from tests import factories

pytestmark = pytest.mark.django_db

OLD_PASSWORD = "secret-pass-123"
NEW_PASSWORD = "Mat-khau-moi-2022!"
LINK = re.compile(r"https://hoinghi\.moha\.gov\.vn(/password/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = "https://hoinghi.moha.gov.vn"


@pytest.fixture
def staff(hanoi):
    return factories.province_staff(
        hanoi, username="snv-quen", email="quen@snv.hanoi.gov.vn", first_name="Lê Quên"
    )


def _ask(client, email, *, address="203.113.0.10"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def _answer_and_send():
    """What the worker does: answer the requests, then send the outbox."""
    password_reset.answer_requests(now=timezone.now())
    return send_queued()


def _set_password(client, link, password=NEW_PASSWORD):
    form = client.get(link, follow=True)
    assert "Chọn mật khẩu mới" in form.content.decode()
    return client.post(
        form.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


def test_reset_request_records_it_and_leaves_the_sending_to_a_worker(
    client, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = _ask(client, " Quen@SNV.hanoi.gov.vn ")

    assert response["Location"] == reverse("password_reset_done")
    request = PasswordResetRequest.objects.get()
    assert (request.email, request.ip_address, request.processed_at) == (
        "quen@snv.hanoi.gov.vn",
        "203.113.0.10",
        None,
    )
    assert callbacks == [reset_requests.hand_to_worker]
    assert OutboxMessage.objects.count() == 0


def test_reset_page_answers_the_same_whether_the_address_has_an_account(client, staff):
    answers, queries = [], []
    for email in ("quen@snv.hanoi.gov.vn", "khong-co@snv.hanoi.gov.vn"):
        with CaptureQueriesContext(connection) as captured:
            response = _ask(Client(), email)
        answers.append((response.status_code, response["Location"], response.content))
        # The same statements, only the address typed differs.
        queries.append(
            [
                re.sub(r"\d+", "N", re.sub(r"'[^']*'", "?", q["sql"]))
                for q in captured.captured_queries
            ]
        )

    assert answers[0] == answers[1] == (302, reverse("password_reset_done"), b"")
    assert queries[0] == queries[1]
    assert not [q for q in queries[0] if "accounts_user" in q or "outbox" in q]


def test_the_outbox_row_holds_no_link_and_the_sent_e_mail_one_that_works(client, staff):
    _ask(client, "quen@snv.hanoi.gov.vn")

    assert _answer_and_send() == {OutboxState.SENT: 1}

    row = OutboxMessage.objects.get()
    request = PasswordResetRequest.objects.get()
    assert row.key == f"password-reset:{staff.pk}:{request.pk}"
    assert (row.secret_filler, row.secret_ref) == ("password_reset", str(staff.pk))
    assert row.subject == "Chọn mật khẩu mới cho Cổng hội nghị trực tuyến"
    for stored in (row.key, row.subject, row.body_text, row.body_html, row.last_error):
        assert "/password/reset/" not in stored
    message = mail.outbox[0]
    assert message.to == ["quen@snv.hanoi.gov.vn"]
    link = LINK.search(message.body).group(1)
    assert f'href="https://hoinghi.moha.gov.vn{link}"' in message.alternatives[0][0]
    assert "X-Portal-Key" not in message.extra_headers
    assert link not in str(message.extra_headers)

    _set_password(client, link)

    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    request.refresh_from_db()
    assert request.processed_at is not None


def test_an_unknown_address_gets_nothing(client, staff):
    _ask(client, "khong-co@snv.hanoi.gov.vn")

    assert _answer_and_send() == {}
    assert OutboxMessage.objects.count() == 0
    assert PasswordResetRequest.objects.get().processed_at is not None


def test_a_request_is_answered_once_whatever_runs_twice(client, staff):
    _ask(client, "quen@snv.hanoi.gov.vn")

    assert password_reset.answer_requests(now=timezone.now()) == 1
    assert password_reset.answer_requests(now=timezone.now()) == 0
    assert OutboxMessage.objects.count() == 1


def test_each_attempt_gets_a_fresh_link_kept_nowhere(client, staff, smtp_sink):
    smtp_sink.fail_codes = [451]
    _ask(client, "quen@snv.hanoi.gov.vn")

    assert _answer_and_send() == {OutboxState.QUEUED: 1}
    row = OutboxMessage.objects.get()
    assert row.last_error.startswith("SMTPDataError: (451")
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert send_queued() == {OutboxState.SENT: 1}

    delivered = smtp_sink.messages()[0]
    link = LINK.search(delivered.get_body(("plain",)).get_content()).group(1)
    row.refresh_from_db()
    assert link not in row.body_text + row.body_html + row.last_error
    _set_password(client, link)
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)


def test_an_account_deactivated_before_the_send_gets_nothing(client, staff):
    _ask(client, "quen@snv.hanoi.gov.vn")
    password_reset.answer_requests(now=timezone.now())
    staff.is_active = False
    staff.save()

    assert send_queued() == {OutboxState.CANCELLED: 1}
    assert mail.outbox == []


def test_an_address_changed_before_the_send_gets_no_link(client, staff):
    _ask(client, "quen@snv.hanoi.gov.vn")
    password_reset.answer_requests(now=timezone.now())
    staff.email = "moi@snv.hanoi.gov.vn"
    staff.save()

    assert send_queued() == {OutboxState.CANCELLED: 1}
    assert mail.outbox == []


def test_requests_for_one_address_are_throttled(client, staff, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 3
    for address in (
        "quen@snv.hanoi.gov.vn",
        "QUEN@snv.hanoi.gov.vn",
        "quen@snv.hanoi.gov.vn",
    ):
        assert _ask(client, address).status_code == 302

    refused = _ask(client, "Quen@snv.hanoi.gov.vn", address="198.51.100.7")

    assert refused.status_code == 429
    assert (
        "Có quá nhiều yêu cầu đặt lại mật khẩu từ địa chỉ email này hoặc từ máy tính "
        "này. Vui lòng thử lại sau 60 phút."
    ) in refused.content.decode()
    assert PasswordResetRequest.objects.count() == 3
    # Another address is not held up by it.
    assert _ask(client, "khac@snv.hanoi.gov.vn").status_code == 302


def test_requests_from_one_client_are_throttled(client, settings):
    settings.PASSWORD_RESET_MAX_PER_IP = 4
    for index in range(4):
        assert _ask(client, f"thu{index}@x.vn").status_code == 302

    assert _ask(client, "thu9@x.vn").status_code == 429
    assert _ask(client, "thu9@x.vn", address="198.51.100.7").status_code == 302


def test_the_throttle_forgets_requests_older_than_the_window(client, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 1
    assert _ask(client, "a@x.vn").status_code == 302
    assert _ask(client, "a@x.vn").status_code == 429

    PasswordResetRequest.objects.update(
        requested_at=timezone.now() - timedelta(minutes=61)
    )

    assert _ask(client, "a@x.vn").status_code == 302


def test_reset_e_mails_to_one_account_are_throttled(client, staff, settings):
    settings.PASSWORD_RESET_MAX_PER_ADDRESS = 10
    settings.PASSWORD_RESET_MAX_PER_ACCOUNT = 2
    for address in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        _ask(client, "quen@snv.hanoi.gov.vn", address=address)

    assert password_reset.answer_requests(now=timezone.now()) == 2
    assert OutboxMessage.objects.count() == 2


def test_a_user_locked_out_by_someone_else_gets_in_through_the_reset(client, staff):
    attacker = Client()
    for _attempt in range(10):
        attacker.post(
            reverse("login"),
            {"username": "snv-quen", "password": "doan-bua"},
            REMOTE_ADDR="203.113.0.10",
        )
    owner = Client()
    login = {"username": "snv-quen", "password": OLD_PASSWORD}
    locked = owner.post(reverse("login"), login, REMOTE_ADDR="203.113.0.10")
    assert locked.status_code == 429

    _ask(owner, "quen@snv.hanoi.gov.vn")
    _answer_and_send()
    _set_password(owner, LINK.search(mail.outbox[0].body).group(1))

    response = owner.post(
        reverse("login"),
        {"username": "snv-quen", "password": NEW_PASSWORD},
        REMOTE_ADDR="203.113.0.10",
    )
    assert response.status_code == 302
    assert "_auth_user_id" in owner.session


def test_a_request_made_while_the_broker_is_down_is_answered_by_beat(
    client, staff, django_capture_on_commit_callbacks
):
    from django_celery_beat.models import PeriodicTask

    from accounts.schedule import ANSWER_RESETS_TASK_NAME, ensure_periodic_tasks

    # Nothing listens on port 1: the hand-off to a worker fails fast and quietly.
    from config import celery_app

    celery_app.conf.broker_write_url = "redis://127.0.0.1:1/0"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = _ask(client, "quen@snv.hanoi.gov.vn")
    finally:
        celery_app.conf.broker_write_url = None
    assert response["Location"] == reverse("password_reset_done")
    assert PasswordResetRequest.objects.get().processed_at is None

    ensure_periodic_tasks()  # also run after migrate
    entry = PeriodicTask.objects.get(name=ANSWER_RESETS_TASK_NAME)
    assert (entry.task, entry.interval.every, entry.interval.period) == (
        "accounts.answer_password_resets",
        1,
        "minutes",
    )
    # What that beat entry runs, once the broker is back:
    from accounts.tasks import answer_password_resets

    assert answer_password_resets() == 1
    assert OutboxMessage.objects.get().recipient == "quen@snv.hanoi.gov.vn"
