"""Writes of tasks: a status and who finished it, unit members, the plan's rows."""

import pytest
from django.core.exceptions import ValidationError

from tasks import services
from tasks.enums import TaskStatus
from tasks.models import OrganisationalUnit, Task
from tests import factories

from .support import at, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(vu_cchc):
    return factories.TaskFactory(assignee_unit=vu_cchc, note="Chờ ý kiến Vụ trưởng")


def test_set_task_status_done_records_who_and_when_and_strips_the_note(task, vu_cchc):
    member = member_of(vu_cchc, username="cchc-1")

    returned = services.set_task_status(
        task=task, status=TaskStatus.DONE, by=member, now=at(16), note="  Đã gửi  "
    )

    task.refresh_from_db()
    assert returned == task
    assert (
        task.status,
        task.completed_by,
        task.completed_at,
        task.updated_by,
        task.updated_at,
        task.note,
    ) == (TaskStatus.DONE, member, at(16), member, at(16), "Đã gửi")


def test_set_task_status_done_again_keeps_the_first_completion(task, vu_cchc):
    first = member_of(vu_cchc, username="cchc-1")
    second = member_of(vu_cchc, username="cchc-2")
    services.set_task_status(task=task, status=TaskStatus.DONE, by=first, now=at(16))

    services.set_task_status(task=task, status=TaskStatus.DONE, by=second, now=at(17))

    task.refresh_from_db()
    assert (task.completed_by, task.completed_at) == (first, at(16))
    assert (task.updated_by, task.updated_at) == (second, at(17))


@pytest.mark.parametrize(
    "status", [TaskStatus.TODO, TaskStatus.IN_PROGRESS, TaskStatus.CANCELLED]
)
def test_set_task_status_away_from_done_clears_the_completion(task, vu_cchc, status):
    member = member_of(vu_cchc, username="cchc-1")
    services.set_task_status(task=task, status=TaskStatus.DONE, by=member, now=at(16))

    services.set_task_status(task=task, status=status, by=member, now=at(17))

    task.refresh_from_db()
    assert (task.status, task.completed_by, task.completed_at) == (status, None, None)


def test_set_task_status_without_a_note_keeps_the_note(task, vu_cchc):
    member = member_of(vu_cchc, username="cchc-1")

    services.set_task_status(
        task=task, status=TaskStatus.IN_PROGRESS, by=member, now=at(16)
    )

    task.refresh_from_db()
    assert (task.status, task.note) == (TaskStatus.IN_PROGRESS, "Chờ ý kiến Vụ trưởng")


def test_set_task_status_refuses_an_unknown_status_and_changes_nothing(task, vu_cchc):
    member = member_of(vu_cchc, username="cchc-1")

    with pytest.raises(ValidationError) as refused:
        services.set_task_status(task=task, status="finished", by=member, now=at(16))

    assert list(refused.value.message_dict) == ["status"]
    task.refresh_from_db()
    assert (task.status, task.updated_at, task.updated_by) == (
        TaskStatus.TODO,
        None,
        None,
    )


def test_set_task_status_works_on_the_row_not_a_stale_copy(task, vu_cchc):
    member = member_of(vu_cchc, username="cchc-1")
    stale = Task.objects.get(pk=task.pk)
    Task.objects.filter(pk=task.pk).update(title="Dự thảo Giấy mời (sửa)")

    services.set_task_status(
        task=stale, status=TaskStatus.IN_PROGRESS, by=member, now=at(16)
    )

    task.refresh_from_db()
    assert (task.title, task.status) == ("Dự thảo Giấy mời (sửa)", "in_progress")


def test_set_unit_members_adds_to_the_named_units_and_skips_unknown_codes(
    vu_cchc, van_phong_bo
):
    kept = member_of(vu_cchc, username="cchc-1")
    new = factories.UserFactory(username="cchc-2")
    new.save()
    vpb = factories.UserFactory(username="vpb-1")
    vpb.save()

    services.set_unit_members(
        members_by_code={
            "vu-cchc": [new],
            "van-phong-bo": [vpb],
            "khong-co": [vpb],
        }
    )

    assert sorted(vu_cchc.members.values_list("username", flat=True)) == [
        kept.username,
        new.username,
    ]
    assert list(van_phong_bo.members.values_list("username", flat=True)) == ["vpb-1"]
    assert not OrganisationalUnit.objects.filter(code="khong-co").exists()


def test_save_organisational_unit_creates_then_updates_by_code(db):
    created = services.save_organisational_unit(
        code="tttt",
        values={"name": "Trung tâm Thông tin", "short_name": "TTTT", "order": 3},
    )
    updated = services.save_organisational_unit(
        code="tttt",
        values={"name": "Trung tâm Thông tin", "short_name": "TT TT", "order": 4},
    )

    assert updated.pk == created.pk
    assert list(
        OrganisationalUnit.objects.values_list("code", "short_name", "order")
    ) == [("tttt", "TT TT", 4)]


def test_save_organisational_unit_refuses_a_name_too_long(db):
    with pytest.raises(ValidationError) as refused:
        services.save_organisational_unit(
            code="tttt", values={"name": "x" * 201, "short_name": "TTTT"}
        )

    assert list(refused.value.message_dict) == ["name"]
    assert OrganisationalUnit.objects.count() == 0


def test_save_plan_task_creates_then_updates_at_its_plan_ref(conference, vu_cchc):
    other = factories.ConferenceFactory()
    values = {
        "title": "Dự thảo Giấy mời",
        "assignee_unit": vu_cchc,
        "deadline": at(17, 17),
    }
    created = services.save_plan_task(
        conference=conference, plan_ref="III.1.a", values=values
    )
    in_other = services.save_plan_task(
        conference=other, plan_ref="III.1.a", values=values
    )

    updated = services.save_plan_task(
        conference=conference,
        plan_ref="III.1.a",
        values={**values, "title": "Dự thảo và phát hành Giấy mời"},
    )

    assert updated.pk == created.pk != in_other.pk
    assert sorted(
        Task.objects.values_list("conference_id", "plan_ref", "title")
    ) == sorted(
        [
            (conference.pk, "III.1.a", "Dự thảo và phát hành Giấy mời"),
            (other.pk, "III.1.a", "Dự thảo Giấy mời"),
        ]
    )
