"""Shared fixtures: a small conference with two provinces, and a client per role."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from accounts.enums import ROLE_GROUPS
from accounts.services import sync_role_groups
from tests import factories
from tests.otp import login_verified

# The heavier a kind of test, the earlier it starts.
_WEIGHTS = (("slow", 3), ("browser", 2), ("integration", 1))


def _weight(item: pytest.Item) -> int:
    return next(
        (weight for name, weight in _WEIGHTS if item.get_closest_marker(name)), 0
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]):
    """The heaviest tests first, the rest in the order pytest gave them.

    A wrapper, so that it sorts after every other plugin, pytest's own grouping of
    the tests by fixture included (a plain hook ran before it and was undone).

    `make test` runs pytest-xdist with --maxschedchunk=1: each worker takes the
    next test when it has fewer than two left, so a long test never starts while
    the other worker has nothing else to do. pytest-django's order (transactional
    tests last) is not kept: a transactional test's flush empties the tables, and
    each fixture writes what it needs (the role groups below, the backdrop sizes in
    tests/documents), so no test depends on running before one.
    """
    result = yield
    weights = {id(item): _weight(item) for item in items}
    items.sort(key=lambda item: -weights[id(item)])
    return result


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database (one per xdist worker) with each role's group, committed
    once instead of written again in every test's transaction."""
    with django_db_blocker.unblock():
        sync_role_groups()


@pytest.fixture(autouse=True)
def _role_groups(db):
    # A transactional test's flush empties the groups; the tests after it on the
    # same worker write them again (one query when they are there).
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
