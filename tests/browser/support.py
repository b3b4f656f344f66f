"""Helpers of the browser tests: known passwords, the login form, the language."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.roles import is_administrator
from tests.otp import authenticator, current_code, login_verified, needs_second_step

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


def sign_in(page: Page, base_url: str, user: User | str) -> Page:
    """Sign `user` in without the login form, for the tests of what comes after it
    (test_login.py and test_two_factor.py go through the form): the session a test
    client's login makes, the second step passed for a Ministry account, set as the
    page's cookie; then the page the login lands on. One page load instead of the
    form's four."""
    if isinstance(user, str):
        user = User.objects.get(username=user)
    client = login_verified(Client(), user)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies(
        [{"name": name, "value": client.cookies[name].value, "url": base_url}]
    )
    # Where PortalLoginView sends each account.
    landing = "/admin/" if is_administrator(user) else "/"
    page.goto(f"{base_url}{landing}")
    return page


def screenshot(page: Page, name: str) -> None:
    """Keep a full-page picture in var/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / name, full_page=True)


def assert_vietnamese(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "vi")
