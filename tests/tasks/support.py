"""Helpers of the tasks tests: a unit's member, a moment of the conference week."""

from datetime import datetime

from tasks.models import OrganisationalUnit
from tests import factories
from tests.factories import VN


def member_of(unit: OrganisationalUnit, user=None, **kwargs):
    """A user (a new one without a role unless given) added to the unit."""
    if user is None:
        user = factories.UserFactory(**kwargs)
        user.save()
    unit.members.add(user)
    return user


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A moment of November 2022 in Hà Nội."""
    return datetime(2022, 11, day, hour, minute, tzinfo=VN)
