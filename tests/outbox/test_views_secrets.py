"""Issue #16 (1): the organiser took over `admin` by reading a reset link in the
outbox. Replayed: the link is in no page, no key, no header, cannot be resent, and
still reaches its owner, working."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import password_reset
from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import message_id, send_queued
from tests import factories
from tests.otp import login_verified

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r"https://hoinghi\.moha\.gov\.vn(/password/reset/([^/\s]+)/([^/\s]+)/)"
)
ANY_RESET_LINK = re.compile(r"/password/reset/[^/\"'\s<]+/[^/\"'\s<]+/")
NEW_PASSWORD = "Quan-tri-moi-2022!"


def _client(user):
    client = Client()
    login_verified(client, user)
    return client


def _pages_of(client, row) -> list[str]:
    return [
        client.get(url).content.decode()
        for url in (
            reverse("outbox:list"),
            reverse("outbox:list") + "?kind=password-reset",
            reverse("outbox:detail", args=[row.pk]),
        )
    ]


def test_a_reset_link_of_admin_is_in_no_outbox_page_key_or_header(
    cchc_user,
    settings,
    smtp_sink,
):
    settings.PORTAL_BASE_URL = "https://hoinghi.moha.gov.vn"
    factories.admin_user(username="admin", email="admin@demo.invalid")

    # Anonymous: ask for admin's password to be reset; a worker sends it.
    Client().post(reverse("password_reset"), {"email": "admin@demo.invalid"})
    password_reset.answer_requests(now=timezone.now())
    assert send_queued() == {OutboxState.SENT: 1}

    delivered = smtp_sink.messages()[0]
    link, uid, token = LINK.search(
        delivered.get_body(("plain",)).get_content()
    ).groups()
    row = OutboxMessage.objects.order_by("-created_at", "-pk").first()
    assert row.recipient == "admin@demo.invalid"

    # As Vụ CCHC: the newest outbox row, its page and the list.
    cchc = _client(cchc_user)
    for html in _pages_of(cchc, row):
        assert token not in html
        assert f"{uid}/" not in html
        assert ANY_RESET_LINK.search(html) is None
    detail = _pages_of(cchc, row)[2]
    assert "admin@demo.invalid" in detail
    assert "Đã gửi" in detail or "đã gửi" in detail
    assert 'data-testid="secret-message"' in detail
    assert f'action="/outbox/{row.pk}/resend/"' not in _pages_of(cchc, row)[0]

    # Resend is refused: no copy of the message is written.
    assert cchc.post(reverse("outbox:resend", args=[row.pk])).status_code == 404
    assert OutboxMessage.objects.count() == 1

    # Neither the key nor any header of the delivered message carries the token.
    assert token not in row.key
    assert "X-Portal-Key" not in delivered
    for name, value in delivered.items():
        assert token not in str(value), name
    assert delivered["Message-ID"] == message_id(row)

    # Another administrator's view of the row in the admin, and its resend action
    # (admin's own sign-in would change last_login, which ends the link anyway).
    admin_client = _client(factories.admin_user(username="quantri-2"))
    change = admin_client.get(
        reverse("admin:outbox_outboxmessage_change", args=[row.pk])
    ).content.decode()
    assert change.count("admin@demo.invalid") >= 1
    assert token not in change and ANY_RESET_LINK.search(change) is None
    admin_client.post(
        reverse("admin:outbox_outboxmessage_changelist"),
        {"action": "resend_selected", "_selected_action": [row.pk]},
    )
    assert OutboxMessage.objects.count() == 1

    # The owner, and only the owner, has a link that works.
    owner = Client()
    form = owner.get(link, follow=True)
    owner.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    signed_in = Client().post(
        reverse("login"), {"username": "admin", "password": NEW_PASSWORD}
    )
    assert signed_in["Location"] == reverse("admin:index")


def test_an_ordinary_e_mail_still_shows_its_text_and_can_be_resent(cchc_user):
    from outbox.services import enqueue_mail

    enqueue_mail(
        key="list-reopened:1:a",
        recipients=["a@x.vn"],
        template="delegate_list_reopened",
        context={"point": {"name": "Điểm cầu Huế"}, "point_path": "/points/2/"},
    )
    send_queued()
    row = OutboxMessage.objects.get()
    cchc = _client(cchc_user)

    detail = cchc.get(reverse("outbox:detail", args=[row.pk]))

    assert "http://127.0.0.1:8000/points/2/" in detail.content.decode()
    assert cchc.post(reverse("outbox:resend", args=[row.pk])).status_code == 302
    assert OutboxMessage.objects.count() == 2
