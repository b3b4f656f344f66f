"""The registration's permissions live on the list (participants.DelegateList), the
technicians' on the readiness app: each role keeps exactly what it could do."""

import pytest

from participants.permissions import (
    can_manage_point,
    can_reopen_list,
    can_view_delegates,
    can_view_rollup,
)
from readiness.permissions import can_record_readiness
from tests import factories

pytestmark = pytest.mark.django_db


def test_only_own_province_staff_manage_a_point(
    hanoi_staff, hue_staff, hanoi_point, main_point
):
    assert can_manage_point(hanoi_staff, hanoi_point)
    assert not can_manage_point(hue_staff, hanoi_point)
    assert not can_manage_point(factories.organiser(), hanoi_point)
    assert not can_manage_point(hanoi_staff, main_point)


def test_only_the_organisers_reopen_a_province_list(
    hanoi_staff, hanoi_point, main_point
):
    organiser = factories.organiser()

    assert can_reopen_list(organiser, hanoi_point)
    assert not can_reopen_list(organiser, main_point)
    assert not can_reopen_list(hanoi_staff, hanoi_point)
    assert not can_reopen_list(factories.technician(), hanoi_point)


def test_each_role_keeps_its_rights_from_the_apps_that_use_them(hanoi_staff):
    roles = {
        "province": hanoi_staff,
        "organiser": factories.organiser(),
        "technician": factories.technician(),
    }

    rights = {
        name: (can_view_rollup(u), can_view_delegates(u), can_record_readiness(u))
        for name, u in roles.items()
    }

    assert rights == {
        "province": (False, True, False),
        "organiser": (True, True, False),
        "technician": (False, False, True),
    }
