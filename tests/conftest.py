"""Shared fixtures: a small conference with two provinces, and a client per role."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.enums import ROLE_GROUPS
from accounts.services import sync_role_groups
from tests import factories
from tests.otp import login_verified


def _django_group(item: pytest.Item) -> int:
    """pytest-django's order: 0 database, 1 transactional (it flushes), 2 neither."""
    marker = item.get_closest_marker("django_db")
    options = {}
    if marker is not None:
        names = ("transaction", "reset_sequences")
        options = {**dict(zip(names, marker.args, strict=False)), **marker.kwargs}
    fixtures = getattr(item, "fixturenames", ())
    if (
        options.get("transaction")
        or options.get("reset_sequences")
        or {"transactional_db", "live_server"} & set(fixtures)
    ):
        return 1
    return 0 if marker is not None or "db" in fixtures else 2


def _weight(item: pytest.Item) -> int:
    if item.get_closest_marker("slow"):
        return 2
    return 1 if item.get_closest_marker("browser") else 0


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first within pytest-django's groups.

    xdist hands tests out in this order: a long test started last would keep one
    worker busy while the others are done. The groups themselves stay in order (a
    transactional test's flush must come after the tests that read the data the
    migrations seeded); if they are not where this hook expects, nothing moves.
    """
    groups = [_django_group(item) for item in items]
    if groups != sorted(groups):
        return
    weights = {id(item): _weight(item) for item in items}
    items.sort(key=lambda item: (_django_group(item), -weights[id(item)]))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database (one per xdist worker) with each role's group, committed
    once instead of written again in every test's transaction."""
    with django_db_blocker.unblock():
        sync_role_groups()


@pytest.fixture(autouse=True)
def _role_groups(db):
    # A transactional test's flush empties the groups; the tests after it write
    # them again (one query when they are there).
    if Group.objects.filter(name__in=ROLE_GROUPS.values()).count() != len(ROLE_GROUPS):
        sync_role_groups()


@pytest.fixture
def conference(db):
    return factories.ConferenceFactory()


@pytest.fixture
def main_point(conference):
    return factories.MainPointFactory(conference=conference)


@pytest.fixture
def hanoi(conference):
    return factories.UnitFactory(unit_set=conference.unit_set, code="01", name="Hà Nội")


@pytest.fixture
def hue(conference):
    return factories.UnitFactory(
        unit_set=conference.unit_set, code="46", name="Thừa Thiên Huế"
    )


@pytest.fixture
def hanoi_point(conference, hanoi):
    return factories.BridgePointFactory(conference=conference, unit=hanoi)


@pytest.fixture
def hue_point(conference, hue):
    return factories.BridgePointFactory(conference=conference, unit=hue)


def _client_for(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


@pytest.fixture
def hanoi_staff(hanoi):
    return factories.province_staff(hanoi, username="snv-01-test")


@pytest.fixture
def hanoi_client(hanoi_staff):
    return _client_for(hanoi_staff)


@pytest.fixture
def hue_staff(hue):
    return factories.province_staff(hue, username="snv-46-test")


@pytest.fixture
def hue_client(hue_staff):
    return _client_for(hue_staff)


@pytest.fixture
def organiser_client(db):
    return _client_for(factories.organiser(username="cchc-test"))


@pytest.fixture
def technician_client(db):
    return _client_for(factories.technician(username="tttt-test"))


@pytest.fixture
def admin_client_role(db):
    return _client_for(factories.admin_user(username="admin-test"))
