import pytest
from django.contrib.auth.models import AnonymousUser

from conference.permissions import points_visible_to
from tests import factories

pytestmark = pytest.mark.django_db


def test_province_staff_see_only_their_own_point(
    hanoi_staff, hanoi_point, hue_point, main_point
):
    assert list(points_visible_to(hanoi_staff)) == [hanoi_point]


def test_organiser_and_technician_see_every_point(hanoi_point, hue_point, main_point):
    for user in (factories.organiser(), factories.technician()):
        assert set(points_visible_to(user)) == {hanoi_point, hue_point, main_point}


def test_anonymous_and_roleless_users_see_nothing(hanoi_point):
    assert list(points_visible_to(AnonymousUser())) == []
    assert list(points_visible_to(factories.UserFactory())) == []


def test_a_province_staff_account_must_have_a_province():
    from django.db import IntegrityError

    from accounts.enums import Role

    user = factories.UserFactory()
    user.role = Role.PROVINCE_STAFF
    with pytest.raises(IntegrityError):
        user.save()
