"""Issue #20: a Ministry account enrols its phone through the real pages (key read
off the page, as an authenticator app would), then signs in with a code."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests import factories

from .support import PASSWORD, with_password

pytestmark = pytest.mark.browser


def _code_from(secret: str, *, steps_ahead: int = 0) -> str:
    """What an app with this key shows now (or that many 30-second steps later)."""
    totp = TOTP(b32decode(secret.replace(" ", "")), 30, 0, 6, 0)
    totp.time = totp.time + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_ministry_account_enrols_then_signs_in_with_its_code(
    portal, page, live_server
):
    with_password(factories.technician(username="tttt-phone"))
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill("tttt-phone")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(f"{live_server.url}/account/two-factor/setup/?next=%2F")
    expect(page.get_by_test_id("two-factor-required")).to_be_visible()
    qr = page.get_by_test_id("two-factor-qr")
    expect(qr).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth > 0", qr.element_handle())
    secret = page.get_by_test_id("two-factor-secret").inner_text()
    page.locator("input[name=otp_token]").fill(_code_from(secret))
    page.locator("main form[data-testid=two-factor-setup] button").click()

    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(10)
    page.get_by_role("link", name="Tiếp tục").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()

    page.locator("nav form button").click()  # log out
    page.goto(f"{live_server.url}/login/")
    page.locator("input[name=username]").fill("tttt-phone")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("two-factor-verify")).to_be_visible()
    # The enrolment's code is spent: the app's next one (within the tolerance).
    page.locator("input[name=otp_token]").fill(_code_from(secret, steps_ahead=1))
    page.locator("main form[data-testid=two-factor-verify] button").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    assert violations == []
