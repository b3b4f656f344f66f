"""The Django admin: every model's pages, the programme inline's rules, user roles."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.enums import Role
from accounts.models import User
from agenda.models import AgendaSlot
from conference.enums import DocumentKind
from conference.models import (
    AdministrativeUnit,
    AdministrativeUnitSet,
    BridgePoint,
    Conference,
    ConferenceDocument,
)
from documents.models import BackdropSize, IssuedDocument, ProgrammeVersion, RenderJob
from participants.models import Delegate, DelegateImport, DelegateList
from plans.services.plan_loader import DEFAULT_PLAN, load_plan
from tasks.enums import TaskStatus
from tasks.models import OrganisationalUnit, Task
from tests import factories
from tests.otp import login_verified

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _vi(message: str, **params) -> str:
    """The message as the admin shows it: in Vietnamese once translated, escaped."""
    with translation.override("vi"):
        text = gettext(message)
    return escape(text % params if params else text)


@pytest.fixture
def superuser_client(client, db):
    user = factories.admin_user(username="quantri")
    login_verified(client, user)
    return client


@pytest.fixture
def plan(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    conference = load_plan(path=DEFAULT_PLAN)
    point = conference.points.get(unit__code="46")
    factories.DelegateFactory(
        point=point, full_name="Trần Thị Thanh Hương", position="Giám đốc Sở Nội vụ"
    )
    ConferenceDocument.objects.create(
        conference=conference,
        kind=DocumentKind.PROGRAMME,
        title="Chương trình Hội nghị",
        file=SimpleUploadedFile("chuong-trinh.pdf", b"%PDF-1.4 thu"),
    )
    factories.organiser(username="cchc-quantri", last_name="Vụ Cải cách hành chính")
    return conference


def _cases(conference):
    """(model, object, text the changelist shows for it) for each registered model."""
    return [
        (User, User.objects.get(username="cchc-quantri"), "cchc-quantri"),
        (Group, Group.objects.get(name="Sở Nội vụ"), "Sở Nội vụ"),
        (
            AdministrativeUnitSet,
            AdministrativeUnitSet.objects.get(code="vn-2025"),
            "34 tỉnh, thành phố trực thuộc Trung ương",
        ),
        (
            AdministrativeUnit,
            AdministrativeUnit.objects.get(unit_set__code="vn-2022", code="46"),
            "Thừa Thiên Huế",
        ),
        (Conference, conference, conference.short_title),
        (
            BridgePoint,
            conference.points.get(unit__code="46"),
            "Điểm cầu UBND tỉnh Thừa Thiên Huế",
        ),
        (
            ConferenceDocument,
            ConferenceDocument.objects.get(),
            "Chương trình Hội nghị",
        ),
        (
            DelegateList,
            DelegateList.objects.get(
                point__conference=conference, point__unit__code="46"
            ),
            "Điểm cầu UBND tỉnh Thừa Thiên Huế",
        ),
        (Delegate, Delegate.objects.get(), "Trần Thị Thanh Hương"),
        (
            AgendaSlot,
            conference.agenda_slots.get(order=2),
            "Tuyên bố lý do, giới thiệu đại biểu",
        ),
        (
            OrganisationalUnit,
            OrganisationalUnit.objects.get(code="tttt"),
            "Trung tâm Thông tin",
        ),
        (
            Task,
            conference.tasks.get(plan_ref="III.1.a"),
            "Dự thảo Giấy mời dự Hội nghị",
        ),
        (
            IssuedDocument,
            conference.issued_documents.get(kind="invitation"),
            "Nguyễn Trọng Thừa",
        ),
        (BackdropSize, BackdropSize.objects.get(width_mm=3200), "Màn hình 16:9"),
    ]


def _url(model, action: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def test_every_model_of_the_portal_is_registered():
    registered = set(admin.site._registry)
    models = {
        User, Group, AdministrativeUnitSet, AdministrativeUnit, Conference, BridgePoint,
        ConferenceDocument, Delegate, DelegateImport, DelegateList, AgendaSlot,
        OrganisationalUnit, Task, IssuedDocument, BackdropSize, ProgrammeVersion,
        RenderJob,
    }  # fmt: skip

    assert models <= registered


def test_changelist_and_change_page_of_every_model_show_the_data(
    superuser_client, plan
):
    for model, obj, text in _cases(plan):
        listing = superuser_client.get(_url(model, "changelist"))
        change = superuser_client.get(_url(model, "change", obj.pk))

        assert listing.status_code == 200, model
        assert escape(text) in listing.content.decode(), model
        assert change.status_code == 200, model
        assert escape(text) in change.content.decode(), model


def test_history_pages_of_points_and_delegates_answer(superuser_client, plan):
    point = plan.points.get(unit__code="46")
    delegate = Delegate.objects.get()

    for model, obj in (
        (BridgePoint, point),
        (DelegateList, point.delegate_list),
        (Delegate, delegate),
    ):
        response = superuser_client.get(_url(model, "history", obj.pk))
        assert response.status_code == 200
        assert escape(str(obj)) in response.content.decode()


def test_changelists_search_and_filter(superuser_client, plan):
    units = superuser_client.get(
        _url(AdministrativeUnit, "changelist"),
        {"q": "Gia Lai", "unit_set__id__exact": plan.unit_set_id},
    )
    delegates = superuser_client.get(_url(Delegate, "changelist"), {"q": "+8491"})
    tasks = superuser_client.get(
        _url(Task, "changelist"),
        {
            "assignee_unit__id__exact": OrganisationalUnit.objects.get(code="tttt").pk,
            "q": "phóng viên",
        },
    )

    assert [u.code for u in units.context["cl"].result_list] == ["64"]
    assert [d.full_name for d in delegates.context["cl"].result_list] == [
        "Trần Thị Thanh Hương"
    ]
    assert [t.plan_ref for t in tasks.context["cl"].result_list] == ["III.2bis.d"]


# ---------------------------------------------------------------- programme inline


def _conference_form(conference, slots, *, prefix="agenda_slots") -> dict:
    data = {
        "slug": conference.slug,
        "title": conference.title,
        "short_title": conference.short_title,
        "form": conference.form,
        "unit_set": conference.unit_set_id,
        "plan_number": conference.plan_number,
        "starts_at_0": "2022-11-22",
        "starts_at_1": "08:00",
        "connection_opens_at_0": "2022-11-22",
        "connection_opens_at_1": "07:30",
        "delegate_list_deadline_0": "2022-11-20",
        "delegate_list_deadline_1": "23:59",
        "main_venue": conference.main_venue,
        f"{prefix}-TOTAL_FORMS": str(len(slots)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        "_save": "Lưu",
    }
    for index, (order, day, start, end) in enumerate(slots):
        data.update(
            {
                f"{prefix}-{index}-order": str(order),
                f"{prefix}-{index}-starts_at_0": day,
                f"{prefix}-{index}-starts_at_1": start,
                f"{prefix}-{index}-ends_at_0": day,
                f"{prefix}-{index}-ends_at_1": end,
                f"{prefix}-{index}-content": f"Nội dung mục {order}",
            }
        )
    return data


def test_inline_refuses_overlapping_slots(superuser_client, conference):
    data = _conference_form(
        conference,
        [(1, "2022-11-22", "08:00", "08:15"), (2, "2022-11-22", "08:10", "08:20")],
    )

    response = superuser_client.post(_url(Conference, "change", conference.pk), data)

    assert response.status_code == 200
    message = _vi(
        "Slots %(first)s (%(first_time)s) and %(second)s (%(second_time)s) overlap.",
        first=1,
        first_time="08:00–08:15",
        second=2,
        second_time="08:10–08:20",
    )
    assert message in response.content.decode()
    assert AgendaSlot.objects.count() == 0


def test_inline_refuses_a_slot_off_the_day_of_a_new_conference(superuser_client, db):
    unit_set = factories.UnitSetFactory()
    draft = Conference(
        slug="hoi-nghi-moi",
        title="Hội nghị mới",
        short_title="Hội nghị mới",
        plan_number="1/KH-BNV",
        form="online",
        unit_set=unit_set,
        main_venue="Số 8 Tôn Thất Thuyết",
    )
    data = _conference_form(draft, [(1, "2022-11-23", "08:00", "08:10")])

    response = superuser_client.post(_url(Conference, "add"), data)

    assert response.status_code == 200
    message = _vi(
        "Slot %(order)s must be on the conference day (%(day)s).",
        order=1,
        day="22/11/2022",
    )
    assert message in response.content.decode()
    assert Conference.objects.count() == 0


def test_inline_saves_a_valid_programme(superuser_client, conference):
    data = _conference_form(
        conference,
        [(1, "2022-11-22", "07:30", "08:00"), (2, "2022-11-22", "08:00", "08:10")],
    )

    response = superuser_client.post(_url(Conference, "change", conference.pk), data)

    assert response.status_code == 302
    slots = [
        (s.order, s.starts_at, s.ends_at)
        for s in AgendaSlot.objects.filter(conference=conference).order_by("order")
    ]
    assert slots == [
        (
            1,
            datetime(2022, 11, 22, 7, 30, tzinfo=VN),
            datetime(2022, 11, 22, 8, tzinfo=VN),
        ),
        (
            2,
            datetime(2022, 11, 22, 8, tzinfo=VN),
            datetime(2022, 11, 22, 8, 10, tzinfo=VN),
        ),
    ]


def test_slot_admin_refuses_a_slot_overlapping_a_saved_one(
    superuser_client, conference
):
    factories.AgendaSlotFactory(
        conference=conference,
        order=1,
        starts_at=datetime(2022, 11, 22, 8, tzinfo=VN),
        ends_at=datetime(2022, 11, 22, 8, 30, tzinfo=VN),
    )
    data = {
        "conference": conference.pk,
        "order": "2",
        "starts_at_0": "2022-11-22",
        "starts_at_1": "08:20",
        "ends_at_0": "2022-11-22",
        "ends_at_1": "08:40",
        "content": "Phát biểu khai mạc Hội nghị",
    }

    response = superuser_client.post(_url(AgendaSlot, "add"), data)

    assert response.status_code == 200
    message = _vi(
        "Slots %(first)s (%(first_time)s) and %(second)s (%(second_time)s) overlap.",
        first=1,
        first_time="08:00–08:30",
        second=2,
        second_time="08:20–08:40",
    )
    assert message in response.content.decode()
    assert AgendaSlot.objects.count() == 1


# --------------------------------------------------------------------- users


PASSWORD = "Thu-nghiem-2022!"


def _new_user(username: str, role: str, province=None) -> dict:
    return {
        "username": username,
        "role": role,
        "province": province.pk if province else "",
        "usable_password": "true",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "_save": "Lưu",
    }


def test_adding_province_staff_without_a_province_is_refused(superuser_client, hanoi):
    response = superuser_client.post(
        _url(User, "add"), _new_user("snv-moi", Role.PROVINCE_STAFF)
    )

    assert response.status_code == 200
    message = _vi("A provincial Department of Home Affairs account needs its province.")
    assert message in response.content.decode()
    assert not User.objects.filter(username="snv-moi").exists()


def test_adding_province_staff_with_a_province_puts_them_in_the_group(
    superuser_client, hanoi
):
    response = superuser_client.post(
        _url(User, "add"), _new_user("snv-moi", Role.PROVINCE_STAFF, hanoi)
    )

    assert response.status_code == 302
    user = User.objects.get(username="snv-moi")
    assert (user.role, user.province, user.is_staff) == (
        Role.PROVINCE_STAFF,
        hanoi,
        False,
    )
    assert [g.name for g in user.groups.all()] == ["Sở Nội vụ"]
    assert user.check_password(PASSWORD)


def test_a_province_is_refused_for_other_roles(superuser_client, hanoi):
    response = superuser_client.post(
        _url(User, "add"), _new_user("cchc-moi", Role.ORGANISER, hanoi)
    )

    assert response.status_code == 200
    message = _vi(
        "Only a provincial Department of Home Affairs account belongs to a province."
    )
    assert message in response.content.decode()
    assert not User.objects.filter(username="cchc-moi").exists()


def _change_form(user, **changes) -> dict:
    data = {
        "username": user.username,
        "role": user.role,
        "province": user.province_id or "",
        "phone": user.phone,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "_save": "Lưu",
    }
    data.update(changes)
    return data


def test_changing_the_role_moves_the_user_to_the_role_s_group(superuser_client, hanoi):
    user = factories.organiser(username="doi-vai-tro")

    response = superuser_client.post(
        _url(User, "change", user.pk),
        _change_form(user, role=Role.PROVINCE_STAFF, province=hanoi.pk),
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.role, user.province) == (Role.PROVINCE_STAFF, hanoi)
    assert [g.name for g in user.groups.all()] == ["Sở Nội vụ"]


def test_changing_to_admin_makes_a_superuser_whatever_the_groups_posted(
    superuser_client, db
):
    user = factories.technician(username="len-quan-tri")
    province_group = Group.objects.get(name="Sở Nội vụ")

    superuser_client.post(
        _url(User, "change", user.pk),
        _change_form(user, role=Role.ADMIN, groups=[province_group.pk]),
    )

    user.refresh_from_db()
    assert (user.role, user.is_staff, user.is_superuser) == (Role.ADMIN, True, True)
    assert [g.name for g in user.groups.all()] == ["Quản trị"]


# --------------------------------------------------------------------- tasks


def test_task_admin_marking_done_fills_who_and_when(superuser_client, plan):
    task = plan.tasks.get(plan_ref="III.1.a")
    data = {
        "conference": plan.pk,
        "plan_ref": task.plan_ref,
        "title": task.title,
        "description": task.description,
        "assignee_unit": task.assignee_unit_id,
        "deadline_0": "2022-11-18",
        "deadline_1": "23:59",
        "deadline_note": task.deadline_note,
        "status": TaskStatus.DONE,
        "note": "",
        "_save": "Lưu",
    }
    before = timezone.now()

    response = superuser_client.post(_url(Task, "change", task.pk), data)

    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_by.username == response.wsgi_request.user.username
    assert before <= task.completed_at <= timezone.now()

    data["status"] = TaskStatus.IN_PROGRESS
    superuser_client.post(_url(Task, "change", task.pk), data)
    task.refresh_from_db()
    assert (task.completed_at, task.completed_by) == (None, None)


def test_admin_edits_make_the_province_forms_stale(superuser_client, hanoi_point):
    delegate = factories.DelegateFactory(point=hanoi_point, position="Chuyên viên")
    point_version, list_version = hanoi_point.version, hanoi_point.delegate_list.version

    superuser_client.post(
        _url(Delegate, "change", delegate.pk),
        {
            "point": hanoi_point.pk,
            "full_name": delegate.full_name,
            "position": "Trưởng phòng",
            "agency": delegate.agency,
            "agency_other": "",
            "phone": delegate.phone,
            "email": delegate.email,
            "role": delegate.role,
        },
    )
    superuser_client.post(
        _url(BridgePoint, "change", hanoi_point.pk),
        {
            "conference": hanoi_point.conference_id,
            "unit": hanoi_point.unit_id,
            "name": hanoi_point.name,
            "room": "Phòng 3",
            # The point's list, shown on the point's page.
            "delegate_list-TOTAL_FORMS": "1",
            "delegate_list-INITIAL_FORMS": "1",
            "delegate_list-MIN_NUM_FORMS": "0",
            "delegate_list-MAX_NUM_FORMS": "1",
            "delegate_list-0-point": hanoi_point.pk,
            "delegate_list-0-status": "draft",
        },
    )

    delegate.refresh_from_db()
    hanoi_point.refresh_from_db()
    assert (delegate.position, delegate.version) == ("Trưởng phòng", 2)
    assert (hanoi_point.room, hanoi_point.version) == ("Phòng 3", point_version + 1)
    assert hanoi_point.delegate_list.version == list_version + 1


def test_a_point_added_in_the_admin_gets_its_list(superuser_client, conference):
    unit = factories.UnitFactory(unit_set=conference.unit_set, code="27")

    response = superuser_client.post(
        _url(BridgePoint, "add"),
        {
            "conference": conference.pk,
            "unit": unit.pk,
            "name": "Điểm cầu UBND tỉnh Bắc Ninh",
            "delegate_list-TOTAL_FORMS": "0",
            "delegate_list-INITIAL_FORMS": "0",
            "delegate_list-MIN_NUM_FORMS": "0",
            "delegate_list-MAX_NUM_FORMS": "1",
        },
    )

    assert response.status_code == 302
    point = BridgePoint.objects.get(unit=unit)
    assert (point.delegate_list.status, point.delegate_list.version) == ("draft", 1)


def test_staged_imports_are_read_only_in_the_admin(superuser_client, hanoi_point):
    staged = DelegateImport.objects.create(
        point=hanoi_point,
        file_name="danh-sach.xlsx",
        mode="append",
        rows=[],
        errors={},
        list_version=1,
    )
    listing = superuser_client.get(_url(DelegateImport, "changelist"))
    assert "danh-sach.xlsx" in listing.content.decode()
    assert superuser_client.get(_url(DelegateImport, "add")).status_code == 403
    post = superuser_client.post(
        _url(DelegateImport, "change", staged.pk), {"file_name": "x"}
    )
    assert post.status_code == 403


# ------------------------------------------------- dates, wording, navigation


def test_slot_dates_are_read_day_first(superuser_client):
    conference = factories.ConferenceFactory(
        starts_at=datetime(2026, 12, 11, 8, tzinfo=VN),
        connection_opens_at=datetime(2026, 12, 11, 7, 30, tzinfo=VN),
        delegate_list_deadline=datetime(2026, 12, 9, 17, tzinfo=VN),
    )
    data = {
        "conference": conference.pk,
        "order": "1",
        "starts_at_0": "11/12/2026",
        "starts_at_1": "08:00",
        "ends_at_0": "11/12/2026",
        "ends_at_1": "08:15",
        "content": "Khai mạc",
    }

    response = superuser_client.post(_url(AgendaSlot, "add"), data)

    assert response.status_code == 302
    slot = AgendaSlot.objects.get()
    assert slot.starts_at == datetime(2026, 12, 11, 8, tzinfo=VN)


def test_change_pages_show_dates_day_first(superuser_client):
    conference = factories.ConferenceFactory(
        starts_at=datetime(2026, 12, 11, 8, tzinfo=VN)
    )

    page = superuser_client.get(_url(Conference, "change", conference.pk))

    assert 'name="starts_at_0" value="11/12/2026"' in page.content.decode()
    assert 'name="starts_at_1" value="08:00"' in page.content.decode()


def test_view_site_leads_to_the_portal_home(superuser_client):
    page = superuser_client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("home")}">Xem trang web</a>' in page


def test_admin_keeps_django_s_save_and_add_another(superuser_client, db):
    page = superuser_client.get(_url(Task, "add")).content.decode()
    assert "Lưu và thêm mới" in page
    assert "Lưu và thêm người khác" not in page


def test_admin_drop_downs_say_choose(superuser_client, db):
    page = superuser_client.get(_url(AgendaSlot, "add")).content.decode()
    assert '<option value="" selected>— Chọn —</option>' in page
    assert "---------" not in page


def test_admin_error_summary_is_in_vietnamese(superuser_client, hanoi):
    response = superuser_client.post(
        _url(User, "add"), _new_user("snv-moi", Role.PROVINCE_STAFF)
    )
    page = response.content.decode()
    assert "Vui lòng sửa các lỗi dưới đây." in page
    assert "Please correct" not in page


def test_admin_history_shows_values_as_people_read_them(superuser_client, hanoi_point):
    from participants import services

    staff = factories.province_staff(
        hanoi_point.unit, username="snv-01-ls", first_name="Trần An"
    )
    factories.DelegateFactory(point=hanoi_point, role="chair")
    hanoi_point.conference.delegate_list_deadline = datetime(2099, 1, 1, tzinfo=VN)
    hanoi_point.conference.save()
    hanoi_point.refresh_from_db()
    services.submit_delegate_list(
        point=hanoi_point,
        by=staff,
        now=datetime(2026, 11, 27, 14, 54, 3, tzinfo=VN),
        expected_list_version=hanoi_point.delegate_list.version,
    )

    # The list's history is on its own admin page (the point's page links to it).
    page = superuser_client.get(_url(DelegateList, "history", hanoi_point.pk))

    html = page.content.decode()
    assert "27/11/2026 14:54" in html
    assert "Trần An (Sở Nội vụ tỉnh Hà Nội)" in html
    assert "Đã gửi" in html
    assert "+00:00" not in html


def test_admin_calendar_speaks_vietnamese(superuser_client):
    catalogue = superuser_client.get(reverse("admin:jsi18n")).content.decode()
    assert '"Sunday": "Ch\\u1ee7 nh\\u1eadt"' in catalogue
    assert '"DATE_INPUT_FORMATS": [\n      "%d/%m/%Y",' in catalogue


def test_admin_cells_start_with_a_capital(superuser_client, hanoi_point):
    factories.DelegateFactory(point=hanoi_point, full_name="Vai Trò Hoa", role="chair")
    page = superuser_client.get(_url(Delegate, "changelist")).content.decode()
    assert '<td class="field-role">Chủ trì</td>' in page
