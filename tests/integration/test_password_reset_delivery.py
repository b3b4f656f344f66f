"""Issue #16 (1) end to end: an anonymous reset request for `admin`, a real worker on
Redis answering it and sending through a real SMTP server (aiosmtpd). Vụ CCHC sees
that a reset went to admin@demo.invalid, never its link; the owner's link works."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import message_id
from tests import factories
from tests.otp import login_verified

pytestmark = pytest.mark.integration

LINK = re.compile(
    r"https://hoinghi\.moha\.gov\.vn(/password/reset/([^/\s]+)/([^/\s]+)/)"
)
ANY_RESET_LINK = re.compile(r"/password/reset/[^/\"'\s<]+/[^/\"'\s<]+/")
NEW_PASSWORD = "Quan-tri-moi-2022!"


def _wait(predicate, seconds=20):
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.05)
    return predicate()


def test_the_organiser_cannot_take_over_admin_and_admin_can_reset(
    celery_worker_on_redis,
    smtp_sink,
    settings,
):
    settings.PORTAL_BASE_URL = "https://hoinghi.moha.gov.vn"
    factories.admin_user(username="admin", email="admin@demo.invalid")
    cchc = Client()
    login_verified(
        cchc, factories.organiser(username="cchc", email="cchc@demo.invalid")
    )

    asked = Client().post(reverse("password_reset"), {"email": "admin@demo.invalid"})

    assert asked["Location"] == reverse("password_reset_done")
    assert _wait(lambda: len(smtp_sink.received) == 1)
    assert _wait(lambda: OutboxMessage.objects.filter(state=OutboxState.SENT).exists())
    row = OutboxMessage.objects.order_by("-created_at", "-pk").first()
    delivered = smtp_sink.messages()[0]
    link, uid, token = LINK.search(
        delivered.get_body(("plain",)).get_content()
    ).groups()

    pages = [
        cchc.get(reverse("outbox:list")).content.decode(),
        cchc.get(reverse("outbox:detail", args=[row.pk])).content.decode(),
    ]
    for html in pages:
        assert "admin@demo.invalid" in html
        assert token not in html and f"{uid}/" not in html
        assert ANY_RESET_LINK.search(html) is None
    assert cchc.post(reverse("outbox:resend", args=[row.pk])).status_code == 404
    assert OutboxMessage.objects.count() == 1
    assert token not in row.key
    assert [name for name, value in delivered.items() if token in str(value)] == []
    assert delivered["Message-ID"] == message_id(row)

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
