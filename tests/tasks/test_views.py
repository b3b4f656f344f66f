from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from participants import services as participant_services
from tasks.enums import TaskStatus
from tasks.models import OrganisationalUnit
from tests import factories

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _member(code, **kwargs):
    user = factories.UserFactory(**kwargs)
    user.save()
    OrganisationalUnit.objects.get(code=code).members.add(user)
    return user


def _url(plan):
    return reverse("tasks:task_list", args=[plan.slug])


def test_organiser_sees_every_task_grouped_by_unit_and_each_province(plan):
    with time_machine.travel(datetime(2022, 11, 19, 9, 0, tzinfo=VN)):
        client = _client(factories.organiser())
        response = client.get(_url(plan))
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [g.unit.code for g in groups] == [
        "vu-cchc",
        "van-phong-bo",
        "tttt",
        "don-vi-thuoc-bo",
        "ubnd-tinh",
    ]
    refs = [t.plan_ref for g in groups for t in g.tasks]
    assert sorted(refs) == sorted(plan.tasks.values_list("plan_ref", flat=True))
    assert len(response.context["provinces"]) == 63
    html = response.content.decode()
    task = plan.tasks.get(plan_ref="III.1.a")
    assert task.deadline_note in html
    # The invitation draft is past its deadline on 19/11 and not done: it stands out.
    assert 'data-testid="task-III.1.a" data-status="todo" data-overdue="1"' in html
    assert 'data-testid="task-III.2.a" data-status="todo">' in html


def test_province_task_is_done_when_submitted_and_open_when_reopened(plan):
    hanoi = plan.points.get(unit__code="01")
    staff = factories.province_staff(hanoi.unit)
    factories.DelegateFactory(point=hanoi, role="chair")
    now = datetime(2022, 11, 16, 10, 0, tzinfo=VN)
    participant_services.submit_delegate_list(
        point=hanoi, by=staff, now=now, expected_list_version=hanoi.list_version
    )
    with time_machine.travel(now):
        client = _client(factories.organiser())
        rows = {
            r.point.unit.code: r for r in client.get(_url(plan)).context["provinces"]
        }
    assert (rows["01"].done, rows["01"].finished_by, rows["01"].finished_at) == (
        True,
        staff,
        now,
    )
    assert rows["02"].done is False
    participant_services.reopen_delegate_list(
        point=hanoi, by=factories.organiser(), now=now, reason="Bổ sung đại biểu"
    )
    with time_machine.travel(now):
        rows = {
            r.point.unit.code: r for r in client.get(_url(plan)).context["provinces"]
        }
    assert (rows["01"].done, rows["01"].status) == (False, "reopened")


def test_member_marks_own_task_done_with_a_note_and_the_portal_fills_who_and_when(
    plan,
):
    vpb = _member("van-phong-bo", username="vpb-test")
    task = plan.tasks.get(plan_ref="III.2.a")
    moment = datetime(2022, 11, 20, 15, 0, tzinfo=VN)
    with time_machine.travel(moment, tick=False):
        client = _client(vpb)
        response = client.post(
            reverse("tasks:task_status", args=[task.pk]),
            {"status": TaskStatus.DONE, "note": "Đã gửi Cục Quản trị"},
        )
    assert response.status_code == 302, response.content
    assert response.url == _url(plan)
    task.refresh_from_db()
    assert (task.status, task.completed_by, task.completed_at, task.note) == (
        TaskStatus.DONE,
        vpb,
        moment,
        "Đã gửi Cục Quản trị",
    )
    with time_machine.travel(moment, tick=False):
        client.post(
            reverse("tasks:task_status", args=[task.pk]),
            {"status": TaskStatus.IN_PROGRESS, "note": ""},
        )
    task.refresh_from_db()
    assert (task.status, task.completed_by, task.completed_at) == (
        TaskStatus.IN_PROGRESS,
        None,
        None,
    )


def test_member_may_not_change_another_units_task_nor_cancel(plan):
    vpb = _member("van-phong-bo", username="vpb-test")
    client = _client(vpb)
    other = plan.tasks.get(plan_ref="III.1.a")
    own = plan.tasks.get(plan_ref="III.2.a")
    url = reverse("tasks:task_status", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": TaskStatus.DONE}).status_code == 404
    response = client.post(
        reverse("tasks:task_status", args=[own.pk]), {"status": TaskStatus.CANCELLED}
    )
    assert response.status_code == 200  # the form refuses the choice
    other.refresh_from_db()
    own.refresh_from_db()
    assert (other.status, own.status) == (TaskStatus.TODO, TaskStatus.TODO)


def test_organiser_edits_any_task(plan):
    task = plan.tasks.get(plan_ref="III.2bis.b")
    client = _client(factories.organiser())
    client.post(
        reverse("tasks:task_status", args=[task.pk]),
        {"status": TaskStatus.CANCELLED, "note": "Không cần"},
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED


def test_province_staff_and_strangers_get_404_for_the_tasks_page(plan):
    hanoi = plan.points.get(unit__code="01")
    staff = factories.province_staff(hanoi.unit)
    assert _client(staff).get(_url(plan)).status_code == 404
    task = plan.tasks.get(plan_ref="III.4.b")
    assert (
        _client(staff)
        .post(reverse("tasks:task_status", args=[task.pk]), {"status": "done"})
        .status_code
        == 404
    )
    stranger = factories.UserFactory()
    stranger.save()
    assert _client(stranger).get(_url(plan)).status_code == 404
    assert Client().get(_url(plan)).status_code == 302


def test_unit_member_sees_the_tasks_link_and_page(plan):
    tttt = _member("tttt", username="tttt-test")
    client = _client(tttt)
    response = client.get(_url(plan))
    assert response.status_code == 200
    editable = {
        t.plan_ref for g in response.context["groups"] for t in g.tasks if t.editable
    }
    assert editable == {"III.2bis.a", "III.2bis.b", "III.2bis.c", "III.2bis.d"}


def test_a_unit_member_without_a_role_lands_on_the_tasks_page(plan):
    vpb = _member("van-phong-bo", username="vpb-home")
    with time_machine.travel(datetime(2022, 11, 16, 9, 0, tzinfo=VN)):
        client = _client(vpb)
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url == _url(plan)
        page = client.get(response.url)
    assert f'href="{_url(plan)}"' in page.content.decode()  # in the navigation
