"""One deadline rule: the SQL annotation and the model's methods agree at every moment."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conference.models import BridgePoint
from participants.enums import ListStatus, RegistrationStatus
from participants.selectors import with_list_status
from tests import factories

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DEADLINE = datetime(2022, 11, 20, 23, 59, tzinfo=VN)  # the factory conference's
STARTS = datetime(2022, 11, 22, 8, 0, tzinfo=VN)
EXTENDED = datetime(2022, 11, 21, 12, 0, tzinfo=VN)
SECOND = timedelta(seconds=1)

BEFORE = DEADLINE - timedelta(days=1)
AT = DEADLINE
AFTER = DEADLINE + SECOND
BEFORE_EXTENSION = EXTENDED - SECOND
AFTER_EXTENSION = EXTENDED + SECOND
BEFORE_START = STARTS - SECOND
AFTER_START = STARTS + SECOND

# (stored status, extended to, has delegates) -> {moment: expected status}
CASES = {
    "untouched": (
        RegistrationStatus.DRAFT,
        None,
        False,
        {
            BEFORE: ListStatus.NOT_STARTED,
            AT: ListStatus.NOT_STARTED,
            AFTER: ListStatus.LATE,
        },
    ),
    "draft": (
        RegistrationStatus.DRAFT,
        None,
        True,
        {BEFORE: ListStatus.DRAFT, AT: ListStatus.DRAFT, AFTER: ListStatus.LATE},
    ),
    "draft_extended": (
        RegistrationStatus.DRAFT,
        EXTENDED,
        True,
        {
            AFTER: ListStatus.DRAFT,
            BEFORE_EXTENSION: ListStatus.DRAFT,
            EXTENDED: ListStatus.DRAFT,
            AFTER_EXTENSION: ListStatus.LATE,
        },
    ),
    "submitted": (
        RegistrationStatus.SUBMITTED,
        None,
        True,
        {
            BEFORE: ListStatus.SUBMITTED,
            AFTER: ListStatus.SUBMITTED,
            AFTER_START: ListStatus.SUBMITTED,
        },
    ),
    "reopened_without_date": (
        RegistrationStatus.REOPENED,
        None,
        True,
        {
            BEFORE: ListStatus.REOPENED,
            AFTER: ListStatus.REOPENED,
            BEFORE_START: ListStatus.REOPENED,
            STARTS: ListStatus.REOPENED,
            AFTER_START: ListStatus.LATE,
        },
    ),
    "reopened_with_date": (
        RegistrationStatus.REOPENED,
        EXTENDED,
        False,
        {
            AFTER: ListStatus.REOPENED,
            EXTENDED: ListStatus.REOPENED,
            AFTER_EXTENSION: ListStatus.LATE,
            BEFORE_START: ListStatus.LATE,
        },
    ),
}


def _point(stored, extended_to, has_delegates):
    point = factories.BridgePointFactory(
        delegate_list__status=stored, delegate_list__deadline_extended_to=extended_to
    )
    if has_delegates:
        factories.DelegateFactory(point=point)
    return point


@pytest.mark.parametrize("case", sorted(CASES))
def test_sql_and_python_give_the_same_status_at_every_moment(case):
    stored, extended_to, has_delegates, expected = CASES[case]
    point = _point(stored, extended_to, has_delegates)

    for moment, status in expected.items():
        annotated = with_list_status(BridgePoint.objects.all(), now=moment).get(
            pk=point.pk
        )
        fresh = BridgePoint.objects.get(pk=point.pk).delegate_list
        assert (annotated.list_status, fresh.status_at(now=moment)) == (
            status,
            status,
        ), moment
        assert annotated.effective_deadline == fresh.deadline
        assert fresh.is_open_for_changes(now=moment) == (
            status not in (ListStatus.SUBMITTED, ListStatus.LATE)
        )


def test_reopened_without_a_date_is_open_until_the_conference_starts():
    delegate_list = _point(RegistrationStatus.REOPENED, None, True).delegate_list

    assert delegate_list.deadline == STARTS
    assert delegate_list.is_open_for_changes(now=AFTER)


def test_late_points_can_be_counted_in_one_query(django_assert_num_queries):
    _point(RegistrationStatus.DRAFT, None, True)
    _point(RegistrationStatus.DRAFT, EXTENDED, True)
    _point(RegistrationStatus.SUBMITTED, None, True)

    with django_assert_num_queries(1):
        late = (
            with_list_status(BridgePoint.objects.all(), now=AFTER)
            .filter(list_status=ListStatus.LATE)
            .count()
        )

    assert late == 1
