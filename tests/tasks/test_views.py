from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants import services as participant_services
from tasks import services
from tasks.enums import TaskStatus
from tasks.models import OrganisationalUnit
from tests import factories
from tests.otp import login_verified

from .support import member_of

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _client(user):
    client = Client()
    login_verified(client, user)
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
        point=hanoi,
        by=staff,
        now=now,
        expected_list_version=hanoi.delegate_list.version,
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


# ---------------------------------------------------------------- on a small world


@pytest.fixture
def cchc_task(conference, vu_cchc):
    return factories.TaskFactory(
        conference=conference,
        plan_ref="III.1.a",
        assignee_unit=vu_cchc,
        note="Chờ ý kiến",
    )


@pytest.fixture
def vpb_task(conference, van_phong_bo):
    return factories.TaskFactory(
        conference=conference, plan_ref="III.2.a", assignee_unit=van_phong_bo
    )


def _status_url(task):
    return reverse("tasks:task_status", args=[task.pk])


def _unchanged(task) -> bool:
    before = (task.status, task.note, task.updated_at, task.updated_by_id)
    task.refresh_from_db()
    return (task.status, task.note, task.updated_at, task.updated_by_id) == before


def test_anonymous_is_sent_to_the_login_page_and_changes_nothing(conference, cchc_task):
    client = Client()
    for url in (_url(conference), _status_url(cchc_task)):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, f"/login/?next={url}")
    response = client.post(_status_url(cchc_task), {"status": TaskStatus.DONE})
    assert response.status_code == 302
    assert _unchanged(cchc_task)


def test_a_technician_outside_every_unit_gets_404_and_changes_nothing(
    conference, cchc_task
):
    client = _client(factories.technician())

    assert client.get(_url(conference)).status_code == 404
    assert client.get(_status_url(cchc_task)).status_code == 404
    response = client.post(_status_url(cchc_task), {"status": TaskStatus.DONE})
    assert response.status_code == 404
    assert _unchanged(cchc_task)


def test_province_staff_in_a_unit_still_get_404(conference, cchc_task, vu_cchc, hanoi):
    staff = member_of(vu_cchc, factories.province_staff(hanoi))
    client = _client(staff)

    assert client.get(_url(conference)).status_code == 404
    response = client.post(_status_url(cchc_task), {"status": TaskStatus.DONE})
    assert response.status_code == 404
    assert _unchanged(cchc_task)


def test_a_technician_in_a_unit_changes_its_tasks_and_no_other(
    conference, cchc_task, vpb_task, vu_cchc
):
    client = _client(member_of(vu_cchc, factories.technician()))

    assert client.get(_url(conference)).status_code == 200
    assert client.get(_status_url(cchc_task)).status_code == 200
    response = client.post(_status_url(vpb_task), {"status": TaskStatus.DONE})
    assert response.status_code == 404
    assert _unchanged(vpb_task)


def test_an_unknown_conference_or_task_is_404(organiser_client, cchc_task):
    assert organiser_client.get("/conferences/khong-co/tasks/").status_code == 404
    assert organiser_client.get("/tasks/999999/status/").status_code == 404


def test_status_page_starts_from_the_task_s_status_and_note(
    organiser_client, cchc_task
):
    cchc_task.status = TaskStatus.IN_PROGRESS
    cchc_task.save()

    response = organiser_client.get(_status_url(cchc_task))

    assert response.status_code == 200
    assert response.context["task"] == cchc_task
    form = response.context["form"]
    assert (form["status"].value(), form["note"].value()) == (
        "in_progress",
        "Chờ ý kiến",
    )
    # Vụ CCHC may also cancel a task.
    assert TaskStatus.CANCELLED in dict(form.fields["status"].choices)


def test_a_refused_status_shows_the_form_again_and_changes_nothing(
    organiser_client, cchc_task
):
    response = organiser_client.post(
        _status_url(cchc_task), {"status": "finished", "note": "Xong"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["status"]
    assert _unchanged(cchc_task)


def test_organiser_cancels_a_task_with_a_note_and_is_told(conference, cchc_task):
    organiser = factories.organiser()
    client = _client(organiser)
    moment = datetime(2022, 11, 18, 10, 30, tzinfo=VN)

    with time_machine.travel(moment, tick=False):
        response = client.post(
            _status_url(cchc_task),
            {"status": TaskStatus.CANCELLED, "note": "Không cần nữa"},
            follow=True,
        )

    assert response.redirect_chain == [(_url(conference), 302)]
    assert [str(m) for m in response.context["messages"]] == ["Đã cập nhật nhiệm vụ."]
    cchc_task.refresh_from_db()
    assert (
        cchc_task.status,
        cchc_task.note,
        cchc_task.updated_by,
        cchc_task.updated_at,
        cchc_task.completed_at,
    ) == (TaskStatus.CANCELLED, "Không cần nữa", organiser, moment, None)


def _grow(conference, *, units: int, tasks_per_unit: int, provinces: int):
    """Add units with tasks, half of them done, and provinces, half submitted."""
    done_at = datetime(2022, 11, 16, 9, 0, tzinfo=VN)
    first_unit = OrganisationalUnit.objects.filter(code__startswith="don-vi-").count()
    for u in range(first_unit, first_unit + units):
        unit = factories.OrganisationalUnitFactory(
            code=f"don-vi-{u}", name=f"Đơn vị {u}", short_name=f"ĐV {u}", order=u
        )
        for t in range(tasks_per_unit):
            done = t % 2 == 1
            factories.TaskFactory(
                conference=conference,
                plan_ref=f"IV.{u}.{t}",
                assignee_unit=unit,
                status=TaskStatus.DONE if done else TaskStatus.TODO,
                completed_at=done_at if done else None,
                completed_by=factories.organiser() if done else None,
                updated_by=factories.organiser(),
            )
    first_point = conference.points.count()
    for p in range(first_point, first_point + provinces):
        unit = factories.UnitFactory(
            unit_set=conference.unit_set, code=f"{p + 10:02d}", name=f"Tỉnh {p}"
        )
        point = factories.BridgePointFactory(conference=conference, unit=unit)
        factories.DelegateFactory(point=point, role="chair")
        if p % 2:
            point.refresh_from_db()
            participant_services.submit_delegate_list(
                point=point,
                by=factories.province_staff(unit),
                now=done_at,
                expected_list_version=point.delegate_list.version,
            )


@pytest.mark.parametrize("viewer", ["organiser", "member"])
def test_task_list_query_count_does_not_grow(conference, vu_cchc, viewer):
    user = factories.organiser() if viewer == "organiser" else factories.technician()
    member_of(vu_cchc, user)
    client = _client(user)
    url = _url(conference)

    def queries_with(**size):
        _grow(conference, **size)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return (
            sum(len(g.tasks) for g in response.context["groups"]),
            len(response.context["provinces"]),
            len(queries),
        )

    small = queries_with(units=1, tasks_per_unit=2, provinces=2)
    large = queries_with(units=3, tasks_per_unit=10, provinces=10)

    assert (small[:2], large[:2]) == ((2, 2), (32, 12))
    assert large[2] == small[2]


def test_a_task_or_list_finished_by_an_account_since_deleted_still_lists(
    conference, cchc_task, hanoi_point, organiser_client
):
    done_at = datetime(2022, 11, 16, 9, 0, tzinfo=VN)
    gone = factories.organiser(username="da-nghi")
    services.set_task_status(
        task=cchc_task, status=TaskStatus.DONE, by=gone, now=done_at
    )
    staff = factories.province_staff(hanoi_point.unit, username="snv-01-da-nghi")
    factories.DelegateFactory(point=hanoi_point, role="chair")
    hanoi_point.refresh_from_db()
    participant_services.submit_delegate_list(
        point=hanoi_point,
        by=staff,
        now=done_at,
        expected_list_version=hanoi_point.delegate_list.version,
    )
    gone.delete()
    staff.delete()

    response = organiser_client.get(_url(conference))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<td>—, 09:00 16/11/2022</td>") == 2


def test_the_plans_words_stand_apart_from_the_live_deadline(organiser_client):
    """Issue #18: after `load_plan --date`, "Trước ngày 18/11/2022" is the plan's
    text, shown as the plan's, beside the live deadline of the moved conference."""
    from datetime import date

    from tests.plan5774 import load_plan

    conference = load_plan(day=date(2026, 12, 22))
    task = conference.tasks.get(deadline_note="Trước ngày 18/11/2022")

    page = organiser_client.get(
        reverse("tasks:task_list", args=[conference.slug])
    ).content.decode()

    row = page.split(f'data-testid="task-{task.plan_ref}"')[1].split("</tr>")[0]
    live = timezone.localtime(task.deadline).strftime("%H:%M %d/%m/%Y")
    assert f'<span data-testid="live-deadline">{live}</span>' in row
    assert live.endswith("/12/2026")
    assert (
        '<div class="small text-muted" data-testid="plan-words">'
        f"Kế hoạch {conference.plan_number} ghi: “Trước ngày 18/11/2022”</div>"
    ) in row
