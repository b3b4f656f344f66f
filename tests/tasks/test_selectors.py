"""Reads of tasks: the plan's tasks by deadline and by unit, each province's list as
its task, and the addresses a unit's reminders go to."""

import pytest

from participants import services as participant_services
from participants.enums import DelegateRole
from tasks.enums import TaskStatus
from tasks.selectors import (
    has_task_in,
    province_list_tasks,
    tasks_by_unit,
    tasks_of_conference,
    unit_addresses,
)
from tests import factories

from .support import at, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(conference, vu_cchc, van_phong_bo):
    """Three tasks of Vụ CCHC and one of Văn phòng Bộ, and one of another conference."""
    factories.TaskFactory(
        conference=factories.ConferenceFactory(), plan_ref="I.1", assignee_unit=vu_cchc
    )
    return {
        task.plan_ref: task
        for task in (
            factories.TaskFactory(
                conference=conference,
                plan_ref="III.1.b",
                assignee_unit=vu_cchc,
                deadline=at(18, 17),
            ),
            factories.TaskFactory(
                conference=conference,
                plan_ref="III.1.a",
                assignee_unit=vu_cchc,
                deadline=at(17, 17),
            ),
            factories.TaskFactory(
                conference=conference,
                plan_ref="III.1.c",
                assignee_unit=vu_cchc,
                deadline=None,
                deadline_note="Trước ngày Hội nghị",
            ),
            factories.TaskFactory(
                conference=conference,
                plan_ref="III.2.a",
                assignee_unit=van_phong_bo,
                deadline=at(17, 17),
                status=TaskStatus.DONE,
                completed_at=at(17, 10),
            ),
        )
    }


def test_tasks_of_conference_by_deadline_then_ref_undated_last(conference, tasks):
    assert [t.plan_ref for t in tasks_of_conference(conference=conference)] == [
        "III.1.a",
        "III.2.a",
        "III.1.b",
        "III.1.c",
    ]


def test_tasks_by_unit_groups_in_the_units_order_and_flags_overdue(
    conference, tasks, vu_cchc, van_phong_bo
):
    groups = tasks_by_unit(conference=conference, now=at(18, 9))

    assert [(g.unit, [t.plan_ref for t in g.tasks]) for g in groups] == [
        (vu_cchc, ["III.1.a", "III.1.b", "III.1.c"]),
        (van_phong_bo, ["III.2.a"]),
    ]
    # Past its deadline and not finished; a done task is never overdue.
    assert {t.plan_ref: t.overdue for g in groups for t in g.tasks} == {
        "III.1.a": True,
        "III.1.b": False,
        "III.1.c": False,
        "III.2.a": False,
    }


def test_tasks_by_unit_marks_editable_what_the_user_may_change(
    conference, tasks, vu_cchc
):
    member = member_of(vu_cchc, username="cchc-1")

    def editable(user):
        groups = tasks_by_unit(conference=conference, now=at(18), user=user)
        return sorted(t.plan_ref for g in groups for t in g.tasks if t.editable)

    assert editable(member) == ["III.1.a", "III.1.b", "III.1.c"]
    assert editable(factories.organiser()) == [
        "III.1.a",
        "III.1.b",
        "III.1.c",
        "III.2.a",
    ]
    assert editable(None) == []


def test_tasks_by_unit_of_a_conference_without_tasks_is_empty(conference):
    assert tasks_by_unit(conference=conference, now=at(18)) == []


@pytest.fixture
def provinces(conference, main_point):
    """Four provinces' points: one submitted, one draft, one empty, one reopened."""
    points = {}
    for code, name in (
        ("01", "Hà Nội"),
        ("02", "Hà Giang"),
        ("04", "Cao Bằng"),
        ("06", "Bắc Kạn"),
    ):
        unit = factories.UnitFactory(unit_set=conference.unit_set, code=code, name=name)
        points[code] = factories.BridgePointFactory(conference=conference, unit=unit)
    for code in ("01", "02", "06"):
        factories.DelegateFactory(point=points[code], role=DelegateRole.CHAIR)
    staff = factories.province_staff(points["01"].unit, username="snv-01")
    for code in ("01", "06"):
        point = points[code]
        point.refresh_from_db()
        participant_services.submit_delegate_list(
            point=point,
            by=staff,
            now=at(18),
            expected_list_version=point.delegate_list.version,
        )
    participant_services.reopen_delegate_list(
        point=points["06"], by=factories.organiser(), now=at(19), reason="Bổ sung"
    )
    return points, staff


def test_province_list_tasks_before_the_deadline(conference, provinces):
    points, staff = provinces

    rows = province_list_tasks(conference=conference, now=at(19, 12))

    assert [
        (r.point, r.status, r.done, r.overdue, r.finished_by, r.finished_at)
        for r in rows
    ] == [
        (points["01"], "submitted", True, False, staff, at(18)),
        (points["02"], "draft", False, False, None, None),
        (points["04"], "not_started", False, False, None, None),
        (points["06"], "reopened", False, False, None, None),
    ]
    assert [r.deadline for r in rows] == [
        conference.delegate_list_deadline,
        conference.delegate_list_deadline,
        conference.delegate_list_deadline,
        conference.starts_at,  # reopened without a date: until the conference
    ]


def test_province_list_tasks_after_the_deadline_are_late_unless_submitted(
    conference, provinces
):
    rows = province_list_tasks(conference=conference, now=at(21))

    assert [(r.point.unit.code, r.status, r.overdue) for r in rows] == [
        ("01", "submitted", False),
        ("02", "late", True),
        ("04", "late", True),
        ("06", "reopened", False),
    ]


def test_unit_addresses_are_the_unit_s_then_its_active_members(vu_cchc):
    vu_cchc.email = "vucchc@moha.gov.vn"
    vu_cchc.save()
    member_of(vu_cchc, username="a", email="a@moha.gov.vn")
    member_of(vu_cchc, username="no-mail", email="")
    member_of(vu_cchc, username="gone", email="gone@moha.gov.vn", is_active=False)
    member_of(vu_cchc, username="b", email="b@moha.gov.vn")

    assert unit_addresses(vu_cchc) == [
        "vucchc@moha.gov.vn",
        "a@moha.gov.vn",
        "b@moha.gov.vn",
    ]


def test_unit_addresses_of_a_unit_without_e_mail_or_members_is_empty(van_phong_bo):
    assert unit_addresses(van_phong_bo) == []


def test_has_task_in_only_for_a_member_of_a_unit_with_a_task_of_that_conference(
    conference, vu_cchc, van_phong_bo
):
    factories.TaskFactory(conference=conference, plan_ref="I.1", assignee_unit=vu_cchc)
    factories.TaskFactory(
        conference=factories.ConferenceFactory(),
        plan_ref="I.1",
        assignee_unit=van_phong_bo,
    )
    cchc = member_of(vu_cchc, username="cchc-1")
    vpb = member_of(van_phong_bo, username="vpb-1")  # a task, of another conference
    outsider = factories.UserFactory(username="outsider")
    outsider.save()

    assert [has_task_in(conference, member=user) for user in (cchc, vpb, outsider)] == [
        True,
        False,
        False,
    ]
