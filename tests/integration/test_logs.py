"""Issue #20: the request id travels into the tasks a request enqueues, and no log
line of a password reset or a login, web or worker, holds a secret."""

import logging
import re
import time

import pytest
from celery.signals import task_success
from django.core import mail
from django.test import Client
from django.urls import reverse

from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from tests import factories
from tests.logcapture import json_log_lines
from tests.otp import authenticator, current_code

pytestmark = pytest.mark.integration

NEW_PASSWORD = "Mat-khau-moi-2022!"


def _wait(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


def _log_inside_the_task(sender=None, **kwargs):
    # What any line a task logs looks like (Celery's own "succeeded" line is
    # switched off for good once a worker of an earlier test built the tracer at
    # WARNING, in this process).
    logging.getLogger("tests.worker").info("task %s ran", sender.name)


def test_a_reset_and_a_login_log_no_secret_and_the_task_carries_the_request_id(
    celery_worker_on_redis, settings
):
    task_success.connect(_log_inside_the_task, weak=False)
    try:
        _reset_and_login(settings)
    finally:
        task_success.disconnect(_log_inside_the_task)


def _reset_and_login(settings):
    settings.PORTAL_BASE_URL = "https://hoinghi.moha.gov.vn"
    user = factories.organiser(username="cchc-logs", email="logs@moha.gov.vn")
    device = authenticator(user)
    client = Client()
    with json_log_lines() as captured:
        client.post(
            reverse("password_reset"),
            {"email": "logs@moha.gov.vn"},
            HTTP_X_REQUEST_ID="reset-request-0001",
        )
        assert _wait(
            lambda: OutboxMessage.objects.filter(state=OutboxState.SENT).exists()
        )
        time.sleep(0.3)  # the worker's last line of the task
        # The link exists only in the e-mail the relay got, never in the row.
        [delivered] = mail.outbox
        reset_url = re.search(
            r"https://hoinghi\.moha\.gov\.vn/password/reset/\S+/", delivered.body
        ).group(0)
        assert reset_url not in OutboxMessage.objects.get().body_text
        uidb64, token = reset_url.rstrip("/").rsplit("/", 2)[-2:]
        form = client.get(reset_url.removeprefix(settings.PORTAL_BASE_URL), follow=True)
        client.post(
            form.redirect_chain[-1][0],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        client.post(
            reverse("login"), {"username": "cchc-logs", "password": NEW_PASSWORD}
        )
        code = current_code(device)
        response = client.post(reverse("two_factor_verify"), {"otp_token": code})
        assert response.status_code == 302

    raw = captured["raw"]
    for secret in (reset_url, token, f"{uidb64}/{token}", NEW_PASSWORD, code):
        assert secret not in raw
    assert "secret-pass-123" not in raw
    task_lines = [
        line
        for line in captured["lines"]
        if line.get("task") == "outbox.send_queued"
        and line["request_id"] == "reset-request-0001"
    ]
    assert task_lines, captured["lines"]
    assert "task outbox.send_queued ran" in [line["message"] for line in task_lines]
    web = [line for line in captured["lines"] if line["logger"] == "portal.access"]
    assert [line["route"] for line in web] == [
        "password/reset/",
        "password/reset/<uidb64>/<token>/",
        "password/reset/<uidb64>/<token>/",
        "password/reset/<uidb64>/<token>/",
        "login/",
        "login/verify/",
    ]
    assert web[-1]["user_id"] == user.pk
    assert web[-1]["role"] == "organiser"
