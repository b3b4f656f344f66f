"""Helpers of the browser tests: known passwords, the login form, the language."""

from playwright.sync_api import Page, expect

from accounts.models import User

PASSWORD = "mat-khau-thu-2022"


def with_password(user: User) -> User:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def log_in(page: Page, base_url: str, *, username: str, password: str = PASSWORD):
    """Sign in through the real login form and wait for the page it lands on."""
    page.goto(f"{base_url}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")


def assert_vietnamese(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "vi")
