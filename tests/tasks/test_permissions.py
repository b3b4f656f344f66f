"""Who sees the tasks page and who may change which task."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts.enums import ROLE_GROUPS, Role
from tasks.permissions import (
    can_change_task,
    can_manage_all_tasks,
    can_view_tasks,
    is_unit_member,
)
from tests import factories

from .support import member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def cchc_task(vu_cchc):
    return factories.TaskFactory(assignee_unit=vu_cchc)


@pytest.fixture
def vpb_task(van_phong_bo):
    return factories.TaskFactory(assignee_unit=van_phong_bo)


def _superuser_without_role():
    user = factories.UserFactory(username="root", is_superuser=True)
    user.save()
    return user


def test_organisers_admins_and_superusers_manage_every_task(cchc_task, vpb_task):
    for user in (
        factories.organiser(),
        factories.admin_user(),
        _superuser_without_role(),
    ):
        assert can_manage_all_tasks(user) is True, user.role
        assert can_view_tasks(user) is True, user.role
        assert [can_change_task(user, t) for t in (cchc_task, vpb_task)] == [
            True,
            True,
        ]


def test_an_organiser_whose_group_lost_change_task_manages_nothing(cchc_task):
    group = Group.objects.get(name=ROLE_GROUPS[Role.ORGANISER])
    group.permissions.remove(group.permissions.get(codename="change_task"))
    user = factories.organiser()

    assert (can_manage_all_tasks(user), can_view_tasks(user)) == (False, False)
    assert can_change_task(user, cchc_task) is False


def test_a_unit_member_sees_the_page_and_changes_only_its_units_tasks(
    vu_cchc, cchc_task, vpb_task
):
    for user in (
        member_of(vu_cchc, username="no-role"),
        member_of(vu_cchc, factories.technician(username="tttt-member")),
    ):
        assert (is_unit_member(user), can_manage_all_tasks(user)) == (True, False)
        assert can_view_tasks(user) is True
        assert (can_change_task(user, cchc_task), can_change_task(user, vpb_task)) == (
            True,
            False,
        )


def test_users_outside_every_unit_see_no_tasks(cchc_task, hanoi):
    stranger = factories.UserFactory(username="stranger")
    stranger.save()
    for user in (
        AnonymousUser(),
        stranger,
        factories.technician(),
        factories.province_staff(hanoi),
    ):
        assert (is_unit_member(user), can_view_tasks(user)) == (False, False)
        assert can_change_task(user, cchc_task) is False


def test_province_staff_never_see_tasks_even_as_a_unit_member(
    vu_cchc, cchc_task, hanoi
):
    staff = member_of(vu_cchc, factories.province_staff(hanoi))

    assert is_unit_member(staff) is True
    assert (can_view_tasks(staff), can_change_task(staff, cchc_task)) == (False, False)
