"""Playwright on Debian's Chromium against pytest-django's live server.

`playwright install` cannot download browsers here and is never needed: the tests
drive /usr/bin/chromium (Debian's package `chromium`, installed by .ci/run).
"""

import os
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import User
from conference.enums import UnitKind
from conference.models import BridgePoint, Conference
from tests import factories

from .support import sign_in

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(reason: str) -> None:
    # In CI a missing browser means the suite did not run what it claims to run.
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing browser is a failure)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        _missing(f"{CHROMIUM} is missing: apt-get install chromium")
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Vietnamese user's browser, in the country's time zone.
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
        "viewport": {"width": 1280, "height": 800},
    }


@dataclass
class PortalData:
    conference: Conference
    main_point: BridgePoint
    province_point: BridgePoint


@pytest.fixture
def portal(live_server) -> PortalData:
    """A conference two weeks ahead, so it is the current one, with two points."""
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=14)
    conference = factories.ConferenceFactory(
        slug="hoi-nghi-cchc-2022",
        starts_at=starts_at,
        delegate_list_deadline=starts_at - timedelta(days=2),
    )
    hanoi = factories.UnitFactory(
        unit_set=conference.unit_set,
        code="01",
        name="Hà Nội",
        kind=UnitKind.CENTRAL_CITY,
    )
    return PortalData(
        conference=conference,
        main_point=factories.MainPointFactory(conference=conference),
        province_point=factories.BridgePointFactory(conference=conference, unit=hanoi),
    )


@pytest.fixture
def login(page: Page, live_server):
    """Sign `user` in on the test's page, without the form (support.sign_in);
    return the page."""

    def _login(user: User) -> Page:
        return sign_in(page, live_server.url, user)

    return _login
