"""Every point has exactly one delegate list: opened with the point, at most one (the
list's key is its point's), gone with it."""

import pytest
from django.db import IntegrityError

from conference.models import BridgePoint
from participants.enums import RegistrationStatus
from participants.models import DelegateList
from participants.services import open_delegate_lists
from tests import factories

pytestmark = pytest.mark.django_db


def test_open_delegate_lists_opens_a_draft_for_each_point_without_one(conference):
    made_without = [
        BridgePoint.objects.create(
            conference=conference,
            unit=factories.UnitFactory(unit_set=conference.unit_set),
            name=f"Điểm cầu {n}",
        )
        for n in range(3)
    ]
    with_list = factories.BridgePointFactory(conference=conference)
    with_list.delegate_list.status = RegistrationStatus.SUBMITTED
    with_list.delegate_list.save()

    opened = open_delegate_lists(conference=conference)

    assert opened == 3
    assert dict(
        DelegateList.objects.filter(point__conference=conference).values_list(
            "point_id", "status"
        )
    ) == {
        **{p.pk: RegistrationStatus.DRAFT for p in made_without},
        with_list.pk: RegistrationStatus.SUBMITTED,
    }
    assert open_delegate_lists(conference=conference) == 0


def test_a_point_never_has_a_second_list(hanoi_point):
    with pytest.raises(IntegrityError):
        DelegateList.objects.create(point=hanoi_point)


def test_a_list_goes_with_its_point(hanoi_point):
    hanoi_point.delete()

    assert not DelegateList.objects.exists()
