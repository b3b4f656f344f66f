"""Shared fixtures: a small conference with two provinces, and a client per role."""

import pytest
from django.test import Client

from accounts.services import sync_role_groups
from tests import factories


@pytest.fixture(autouse=True)
def _role_groups(db):
    # The test database is migrated once, but each test's transaction starts clean.
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
    client.force_login(user)
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
