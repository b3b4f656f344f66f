"""Helpers of the browser tests: known passwords, the login form, the language."""

from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.otp import authenticator, current_code, needs_second_step

PASSWORD = "mat-khau-thu-2022"
# Each test writes its own names, so parallel workers never write the same file.
SCREENSHOTS = settings.BASE_DIR / "var" / "screenshots"


def with_password(user: User) -> User:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def log_in(page: Page, base_url: str, *, username: str, password: str = PASSWORD):
    """Sign in through the real login form, and its second step with the code of the
    user's authenticator (made first when the account needs one: every Ministry
    account); wait for the page it lands on."""
    user = User.objects.filter(username=username).first()
    device = authenticator(user) if user and needs_second_step(user) else None
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    if device is not None and "/login/verify/" in page.url:
        page.locator("input[name=otp_token]").fill(current_code(device))
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state("load")


def screenshot(page: Page, name: str) -> None:
    """Keep a full-page picture in var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)


def assert_vietnamese(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "vi")
