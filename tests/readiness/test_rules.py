"""The readiness rule in Python and in SQL give the same answer for every case."""

import itertools

import pytest

from conference.models import BridgePoint
from readiness.enums import Readiness
from readiness.enums import TestResult as Result
from readiness.models import ConnectionTest, PointReadiness
from readiness.rules import readiness_of
from readiness.selectors import with_readiness
from tests import factories

pytestmark = pytest.mark.django_db

RESULTS = [None, Result.OK, Result.PROBLEM, Result.FAILED]


@pytest.mark.parametrize(
    "first, second, complete, expected",
    [
        (None, None, True, Readiness.NOT_TESTED),
        (Result.OK, None, True, Readiness.IN_PROGRESS),
        (Result.PROBLEM, None, True, Readiness.PROBLEM),
        (Result.FAILED, Result.OK, True, Readiness.READY),
        (Result.OK, Result.FAILED, True, Readiness.PROBLEM),
        (Result.OK, Result.OK, False, Readiness.IN_PROGRESS),
        (Result.OK, Result.OK, True, Readiness.READY),
    ],
)
def test_readiness_of(first, second, complete, expected):
    assert (
        readiness_of(
            first=first,
            second=second,
            has_contact=complete,
            rehearsal_signed_off=complete,
            staff_on_site=complete,
        )
        == expected
    )


def test_sql_agrees_with_python_for_every_combination(conference):
    cases = {}
    for index, (first, second, contact, rehearsal, staff) in enumerate(
        itertools.product(RESULTS, RESULTS, [False, True], [False, True], [False, True])
    ):
        point = factories.BridgePointFactory(
            conference=conference,
            unit=factories.UnitFactory(
                unit_set=conference.unit_set, code=f"{index:03d}"
            ),
            technical_contact_name="",
        )
        PointReadiness.objects.create(
            point=point,
            contact_name="Lê Kỹ Thuật" if contact else "",
            rehearsal_signed_off=rehearsal,
            staff_on_site=staff,
        )
        for round_, result in ((1, first), (2, second)):
            if result is not None:
                ConnectionTest.objects.create(
                    point=point,
                    round=round_,
                    result=result,
                    tested_at=conference.starts_at,
                    engineer="Kỹ sư",
                )
        cases[point.pk] = readiness_of(
            first=first,
            second=second,
            has_contact=contact,
            rehearsal_signed_off=rehearsal,
            staff_on_site=staff,
        )
    in_sql = dict(
        with_readiness(BridgePoint.objects.filter(conference=conference)).values_list(
            "pk", "readiness_level"
        )
    )
    assert in_sql == {pk: level.value for pk, level in cases.items()}
    assert len(cases) == 128


def test_province_contact_counts_as_technical_contact(conference, hanoi_point):
    hanoi_point.technical_contact_name = "Vũ Kỹ Thuật"
    hanoi_point.save()
    point = with_readiness(BridgePoint.objects.filter(pk=hanoi_point.pk)).get()
    assert (point.has_contact, point.readiness_level) == (True, "not_tested")
