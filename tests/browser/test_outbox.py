"""Vụ CCHC's "Nhắc ngay" to every late province: a confirmation naming how many it
reaches, then the send's progress, polled by htmx under the portal's CSP."""

import pytest
from playwright.sync_api import expect

from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from tests import factories

from .support import with_password

pytestmark = pytest.mark.browser


def test_remind_every_late_province_confirms_then_shows_progress(
    portal, login, live_server
):
    factories.province_staff(portal.province_point.unit, email="snv@hanoi.gov.vn")
    page = login(with_password(factories.organiser(username="cchc-remind")))
    page.set_default_timeout(15_000)
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.goto(f"{live_server.url}/outbox/")
    page.get_by_test_id("remind-now").get_by_role("button").click()

    expect(page.get_by_test_id("audience-addresses")).to_have_text("1")
    expect(page.get_by_test_id("audience-provinces")).to_have_text("1")
    assert OutboxMessage.objects.count() == 0
    page.get_by_test_id("confirm-send").click()

    expect(page.get_by_test_id("send-progress")).to_contain_text("Đang gửi: 0/1")
    # The worker's part, done here: the page keeps polling until nothing waits.
    OutboxMessage.objects.update(state=OutboxState.SENT)
    expect(page.get_by_test_id("send-progress")).to_contain_text("Đã xong: 1/1")
    expect(page.get_by_test_id("progress-sent")).to_have_text("1")
    assert violations == []
