import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants.enums import Agency, DelegateRole, RegistrationStatus
from tests.factories import DelegateFactory
from tests.otp import login_verified

pytestmark = pytest.mark.django_db

# Every route of the province's pages, with how it is reached.
POINT_ROUTES = [
    ("participants:point_detail", "get"),
    ("participants:point_edit", "get"),
    ("participants:point_edit", "post"),
    ("participants:point_submit", "post"),
    ("participants:point_reopen", "post"),
    ("participants:point_history", "get"),
    ("participants:delegate_add", "get"),
    ("participants:delegate_add", "post"),
]
DELEGATE_ROUTES = [
    ("participants:delegate_edit", "get"),
    ("participants:delegate_edit", "post"),
    ("participants:delegate_delete", "get"),
    ("participants:delegate_delete", "post"),
]


def _all_urls(point, delegate):
    for name, method in POINT_ROUTES:
        yield reverse(name, kwargs={"pk": point.pk}), method
    for name, method in DELEGATE_ROUTES:
        yield reverse(name, kwargs={"pk": point.pk, "delegate_pk": delegate.pk}), method


def test_other_province_gets_404_on_every_route(
    open_conference, hanoi_client, hue_point, hanoi_point
):
    hue_delegate = DelegateFactory(point=hue_point, full_name="Hồ Văn Huế")
    for url, method in _all_urls(hue_point, hue_delegate):
        response = getattr(hanoi_client, method)(url, {"full_name": "X"})
        assert response.status_code == 404, (url, method)
    # Mixing ids: another province's delegate under one's own point is not found either.
    url = reverse(
        "participants:delegate_edit",
        kwargs={"pk": hanoi_point.pk, "delegate_pk": hue_delegate.pk},
    )
    assert hanoi_client.post(url, {"full_name": "X"}).status_code == 404
    hue_delegate.refresh_from_db()
    assert hue_delegate.full_name == "Hồ Văn Huế"


def test_anonymous_is_sent_to_login_on_every_route(
    open_conference, client, hanoi_point
):
    delegate = DelegateFactory(point=hanoi_point)
    for url, method in _all_urls(hanoi_point, delegate):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (url, method)
        assert response["Location"].startswith(reverse("login")), url


def test_organiser_sees_but_cannot_change_a_province_list(
    open_conference, organiser_client, hanoi_point
):
    delegate = DelegateFactory(point=hanoi_point)
    detail = organiser_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    )
    assert detail.status_code == 200
    assert delegate.full_name in detail.content.decode()
    for name in (
        "participants:delegate_add",
        "participants:point_edit",
        "participants:point_submit",
    ):
        assert (
            organiser_client.post(reverse(name, args=[hanoi_point.pk])).status_code
            == 403
        )
    assert hanoi_point.delegates.count() == 1


def test_province_cannot_reopen_its_own_list(
    open_conference, hanoi_client, hanoi_point
):
    hanoi_point.delegate_list.status = RegistrationStatus.SUBMITTED
    hanoi_point.delegate_list.save()
    url = reverse("participants:point_reopen", args=[hanoi_point.pk])

    response = hanoi_client.post(url, {"reason": "tự mở lại", "extend_to": ""})

    assert response.status_code == 403
    hanoi_point.refresh_from_db()
    assert (
        hanoi_point.delegate_list.status,
        hanoi_point.delegate_list.deadline_extended_to,
    ) == (
        RegistrationStatus.SUBMITTED,
        None,
    )


def test_point_page_groups_delegates_by_agency_in_plan_order(
    open_conference, hanoi_client, hanoi_point
):
    DelegateFactory(point=hanoi_point, full_name="Người Tư Pháp", agency=Agency.JUSTICE)
    DelegateFactory(
        point=hanoi_point,
        full_name="Giám Đốc Nội Vụ",
        agency=Agency.HOME_AFFAIRS,
        role=DelegateRole.CHAIR,
    )
    DelegateFactory(
        point=hanoi_point,
        full_name="Khách Xây Dựng",
        agency=Agency.OTHER,
        agency_other="Sở Xây dựng",
        role=DelegateRole.GUEST,
    )
    DelegateFactory(
        point=hanoi_point,
        full_name="Chánh Văn Phòng",
        agency=Agency.PEOPLES_COMMITTEE_OFFICE,
    )

    response = hanoi_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    )

    html = response.content.decode()
    html = html[html.index('data-testid="delegate-table"') :]
    order = [
        html.index(name)
        for name in (
            "Chánh Văn Phòng",
            "Giám Đốc Nội Vụ",
            "Người Tư Pháp",
            "Khách Xây Dựng",
        )
    ]
    assert order == sorted(order)
    assert [g.label for g in response.context["groups"]] == [
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Sở Xây dựng",
    ]
    assert response.context["chair"].full_name == "Giám Đốc Nội Vụ"
    assert response.context["status"] == "draft"


def test_add_delegate_through_the_form(open_conference, hanoi_client, hanoi_point):
    response = hanoi_client.post(
        reverse("participants:delegate_add", args=[hanoi_point.pk]),
        {
            "full_name": " Nguyễn  Văn Chủ ",
            "position": "Giám đốc Sở Nội vụ",
            "agency": Agency.HOME_AFFAIRS,
            "phone": "0912.345.678",
            "email": "",
            "role": DelegateRole.CHAIR,
        },
    )
    assert response.status_code == 302
    delegate = hanoi_point.delegates.get()
    assert (delegate.full_name, delegate.phone, delegate.role) == (
        "Nguyễn Văn Chủ",
        "+84912345678",
        DelegateRole.CHAIR,
    )


def test_add_delegate_with_errors_keeps_what_was_typed(
    open_conference, hanoi_client, hanoi_point
):
    response = hanoi_client.post(
        reverse("participants:delegate_add", args=[hanoi_point.pk]),
        {
            "full_name": "Lê Thị Nhập",
            "agency": Agency.HOME_AFFAIRS,
            "phone": "12",
            "role": "attendee",
        },
    )
    assert response.status_code == 200
    assert "Lê Thị Nhập" in response.content.decode()
    assert "không phải số điện thoại hợp lệ" in response.content.decode()
    assert hanoi_point.delegates.count() == 0


def test_stale_edit_form_is_refused_with_a_message(
    open_conference, hanoi_client, hanoi_point
):
    delegate = DelegateFactory(point=hanoi_point, position="Chuyên viên")
    url = reverse("participants:delegate_edit", args=[hanoi_point.pk, delegate.pk])
    base = {
        "full_name": delegate.full_name,
        "agency": delegate.agency,
        "phone": delegate.phone,
        "email": delegate.email,
        "role": delegate.role,
        "version": delegate.version,
    }
    first = hanoi_client.post(url, {**base, "position": "Trưởng phòng"})
    assert first.status_code == 302
    second = hanoi_client.post(url, {**base, "position": "Phó phòng"})
    assert second.status_code == 200
    assert "Người khác đã thay đổi" in second.content.decode()
    delegate.refresh_from_db()
    assert delegate.position == "Trưởng phòng"


def test_delete_delegate(open_conference, hanoi_client, hanoi_point):
    delegate = DelegateFactory(point=hanoi_point)
    url = reverse("participants:delegate_delete", args=[hanoi_point.pk, delegate.pk])
    assert hanoi_client.post(url, {"version": delegate.version}).status_code == 302
    assert hanoi_point.delegates.count() == 0


def test_submit_then_list_is_locked(open_conference, hanoi_client, hanoi_point):
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    hanoi_point.refresh_from_db()
    response = hanoi_client.post(
        reverse("participants:point_submit", args=[hanoi_point.pk]),
        {"list_version": hanoi_point.delegate_list.version},
        follow=True,
    )
    assert "đã được gửi" in response.content.decode()
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.SUBMITTED
    add = hanoi_client.post(
        reverse("participants:delegate_add", args=[hanoi_point.pk]),
        {
            "full_name": "Muộn Văn Thêm",
            "agency": Agency.HOME_AFFAIRS,
            "role": "attendee",
        },
    )
    assert "Danh sách đã được gửi và chỉ có thể xem" in add.content.decode()
    assert hanoi_point.delegates.count() == 1
    page = hanoi_client.get(reverse("participants:point_detail", args=[hanoi_point.pk]))
    assert 'data-testid="list-locked"' in page.content.decode()
    assert 'data-testid="add-delegate"' not in page.content.decode()


def test_changes_after_deadline_are_refused_keeping_what_was_typed(
    conference, hanoi_client, hanoi_point
):
    # The fixture's conference is the plan's: its deadline, 20/11/2022, has passed.
    response = hanoi_client.post(
        reverse("participants:delegate_add", args=[hanoi_point.pk]),
        {
            "full_name": "Muộn Văn Thêm",
            "agency": Agency.HOME_AFFAIRS,
            "role": "attendee",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã quá hạn gửi danh sách đại biểu" in html
    assert 'value="Muộn Văn Thêm"' in html
    assert hanoi_point.delegates.count() == 0


def test_opening_a_change_page_after_deadline_sends_back_with_a_message(
    conference, hanoi_client, hanoi_point
):
    response = hanoi_client.get(
        reverse("participants:delegate_add", args=[hanoi_point.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == hanoi_point.get_absolute_url()
    assert "Đã quá hạn gửi danh sách đại biểu" in response.content.decode()


def test_organiser_reopens_with_extension(
    far_conference, organiser_client, hanoi_client, hanoi_point
):
    hanoi_point.delegate_list.status = RegistrationStatus.SUBMITTED
    hanoi_point.delegate_list.save()
    response = organiser_client.post(
        reverse("participants:point_reopen", args=[hanoi_point.pk]),
        {"extend_to": "01/01/2099 10:00", "reason": "Bổ sung đại biểu"},
    )
    assert response.status_code == 302
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.REOPENED
    extended = timezone.localtime(hanoi_point.delegate_list.deadline_extended_to)
    assert extended.isoformat() == "2099-01-01T10:00:00+07:00"
    add = hanoi_client.post(
        reverse("participants:delegate_add", args=[hanoi_point.pk]),
        {
            "full_name": "Được Gia Hạn",
            "agency": Agency.HOME_AFFAIRS,
            "role": "attendee",
        },
    )
    assert add.status_code == 302
    assert hanoi_point.delegates.get().full_name == "Được Gia Hạn"


def test_organiser_extends_with_a_reason_in_dd_mm_yyyy(
    far_conference, organiser_client, hanoi_client, hanoi_point
):
    missing_reason = organiser_client.post(
        reverse("participants:point_reopen", args=[hanoi_point.pk]),
        {"extend_to": "01/01/2099 10:00"},
    )
    assert missing_reason.status_code == 200
    assert list(missing_reason.context["form"].errors) == ["reason"]
    response = organiser_client.post(
        reverse("participants:point_reopen", args=[hanoi_point.pk])
        + "?back=/conferences/x/rollup/%3Fstatus%3Ddraft",
        {"extend_to": "01/01/2099 10:00", "reason": "Tỉnh xin gia hạn"},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        hanoi_point.get_absolute_url() + "?back=%2Fconferences%2Fx%2Frollup%2F"
        "%3Fstatus%3Ddraft"
    )
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT
    history = organiser_client.get(
        reverse("participants:point_history", args=[hanoi_point.pk])
    )
    assert "Tỉnh xin gia hạn" in history.content.decode()
    extended = timezone.localtime(hanoi_point.delegate_list.deadline_extended_to)
    assert extended.isoformat() == "2099-01-01T10:00:00+07:00"
    add = hanoi_client.post(
        reverse("participants:delegate_add", args=[hanoi_point.pk]),
        {
            "full_name": "Được Gia Hạn",
            "agency": Agency.HOME_AFFAIRS,
            "role": "attendee",
        },
    )
    assert add.status_code == 302
    assert hanoi_point.delegates.get().full_name == "Được Gia Hạn"


def test_a_draft_is_extended_never_reopened(
    far_conference, organiser_client, hanoi_client, hanoi_point
):
    """Issue #7 (9): "reopening" a list never submitted kept it open until the
    conference started; the page offers only the extension, and a reopen without
    a deadline is refused."""
    page = organiser_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    ).content.decode()
    assert 'data-testid="extend-deadline"' in page
    assert 'data-testid="reopen-list"' not in page

    refused = organiser_client.post(
        reverse("participants:point_reopen", args=[hanoi_point.pk]), {"extend_to": ""}
    )
    assert refused.status_code == 200
    assert "Trường này là bắt buộc." in refused.content.decode()
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT
    assert hanoi_point.delegate_list.deadline_extended_to is None

    extended = organiser_client.post(
        reverse("participants:point_reopen", args=[hanoi_point.pk]),
        {"extend_to": "01/01/2099 10:00", "reason": "Tỉnh xin gia hạn"},
    )
    assert extended.status_code == 302
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT
    assert timezone.localtime(
        hanoi_point.delegate_list.deadline_extended_to
    ).isoformat() == ("2099-01-01T10:00:00+07:00")


def test_point_details_edit(open_conference, hanoi_client, hanoi_point):
    response = hanoi_client.post(
        reverse("participants:point_edit", args=[hanoi_point.pk]),
        {
            "room": "Phòng họp trực tuyến tầng 3",
            "address": "12 Lê Lai, Hoàn Kiếm",
            "technical_contact_name": "Vũ Kỹ Thuật",
            "technical_contact_phone": "024 3825 1234",
            "version": hanoi_point.version,
        },
    )
    assert response.status_code == 302
    hanoi_point.refresh_from_db()
    assert hanoi_point.room == "Phòng họp trực tuyến tầng 3"
    assert hanoi_point.technical_contact_phone == "+842438251234"


def test_history_page_shows_who_changed_what(
    open_conference, hanoi_client, hanoi_staff, hanoi_point
):
    url = reverse("participants:delegate_add", args=[hanoi_point.pk])
    hanoi_client.post(
        url,
        {
            "full_name": "Lịch Sử Một",
            "agency": Agency.FINANCE,
            "role": "attendee",
            "position": "Chuyên viên",
        },
    )
    delegate = hanoi_point.delegates.get()
    hanoi_client.post(
        reverse("participants:delegate_edit", args=[hanoi_point.pk, delegate.pk]),
        {
            "full_name": "Lịch Sử Một",
            "agency": Agency.FINANCE,
            "role": "attendee",
            "position": "Trưởng phòng",
            "version": delegate.version,
        },
    )
    response = hanoi_client.get(
        reverse("participants:point_history", args=[hanoi_point.pk])
    )
    entries = [
        e for e in response.context["entries"] if e.subject == "đại biểu Lịch Sử Một"
    ]
    assert [e.action for e in entries] == ["đã sửa", "đã thêm"]
    assert all(e.who == "snv-01-test (Sở Nội vụ tỉnh Hà Nội)" for e in entries)
    change = entries[0].changes[0]
    assert (change.old, change.new) == ("Chuyên viên", "Trưởng phòng")


def test_point_page_query_count_does_not_grow(
    open_conference, hanoi_client, hanoi_point
):
    url = reverse("participants:point_detail", args=[hanoi_point.pk])

    def queries_with(total):
        while hanoi_point.delegates.count() < total:
            DelegateFactory(
                point=hanoi_point,
                agency=list(Agency)[hanoi_point.delegates.count() % 6],
                agency_other="Sở Y tế",
            )
        hanoi_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = hanoi_client.get(url)
        assert response.context["delegate_count"] == total
        return len(queries)

    assert queries_with(3) == queries_with(30)


def test_technicians_do_not_see_delegates_personal_data(
    open_conference, technician_client, hanoi_point
):
    DelegateFactory(point=hanoi_point, phone="+84912345678")
    for name in ("point_detail", "point_history", "delegate_export"):
        url = reverse(f"participants:{name}", args=[hanoi_point.pk])
        assert technician_client.get(url).status_code == 403, name


def test_organiser_can_extend_a_draft_before_its_deadline(
    open_conference, organiser_client, hanoi_client, hanoi_point
):
    page = organiser_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    )
    assert (
        reverse("participants:point_reopen", args=[hanoi_point.pk])
        in page.content.decode()
    )
    province_page = hanoi_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    )
    assert (
        reverse("participants:point_reopen", args=[hanoi_point.pk])
        not in province_page.content.decode()
    )


# -- issue 11: confirmation, wording, warnings ----------------------------------------


def test_submit_asks_for_confirmation_showing_counts_and_chair(
    open_conference, hanoi_client, hanoi_point
):
    DelegateFactory(
        point=hanoi_point,
        role=DelegateRole.CHAIR,
        full_name="Nguyễn Văn Chủ",
        position="Giám đốc",
    )
    DelegateFactory(point=hanoi_point, agency=Agency.JUSTICE)
    detail = hanoi_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    ).content.decode()
    submit_url = reverse("participants:point_submit", args=[hanoi_point.pk])
    assert f'href="{submit_url}" data-testid="submit-list"' in detail

    page = hanoi_client.get(submit_url).content.decode()

    assert '<dd class="col-sm-8" data-testid="submit-count">2</dd>' in page
    assert "Nguyễn Văn Chủ, Giám đốc" in page
    assert "Phòng họp, địa chỉ và cán bộ kỹ thuật vẫn sửa được sau khi gửi." in page
    hanoi_point.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT


def test_submitted_page_says_room_and_contact_stay_editable(
    open_conference, hanoi_client, hanoi_point
):
    hanoi_point.delegate_list.status = RegistrationStatus.SUBMITTED
    hanoi_point.delegate_list.save()
    page = hanoi_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    ).content.decode()
    assert "Phòng họp, địa chỉ và cán bộ kỹ thuật vẫn sửa được." in page


def test_reopen_message_names_a_city_as_a_city(
    open_conference, organiser_client, hanoi, hanoi_point
):
    hanoi.kind = "central_city"
    hanoi.save()
    hanoi_point.delegate_list.status = RegistrationStatus.SUBMITTED
    hanoi_point.delegate_list.save()
    response = organiser_client.post(
        reverse("participants:point_reopen", args=[hanoi_point.pk]),
        {"reason": "Bổ sung đại biểu"},
        follow=True,
    )
    assert "Đã mở lại danh sách cho thành phố Hà Nội." in response.content.decode()


def test_reopen_reads_a_day_first_deadline(
    far_conference, organiser_client, hanoi_point
):
    organiser_client.post(
        reverse("participants:point_reopen", args=[hanoi_point.pk]),
        {"extend_to": "11/12/2098 17:30", "reason": "Tỉnh xin gia hạn"},
    )
    hanoi_point.refresh_from_db()
    extended = timezone.localtime(hanoi_point.delegate_list.deadline_extended_to)
    assert extended.isoformat() == "2098-12-11T17:30:00+07:00"


def test_reopen_field_is_a_text_input_not_the_browser_s_picker(
    open_conference, organiser_client, hanoi_point
):
    page = organiser_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    ).content.decode()
    assert 'type="text" name="extend_to"' in page
    assert 'placeholder="ngày/tháng/năm giờ:phút"' in page
    assert "datetime-local" not in page


def test_same_name_with_another_phone_is_saved_with_a_warning(
    open_conference, hanoi_client, hanoi_point
):
    DelegateFactory(point=hanoi_point, full_name="Trần Văn Trùng", phone="+84912000001")
    response = hanoi_client.post(
        reverse("participants:delegate_add", args=[hanoi_point.pk]),
        {
            "full_name": "trần văn trùng",
            # Kept as typed (the form otherwise offers "Trần Văn Trùng" first).
            "keep_name_as_typed": "on",
            "agency": Agency.HOME_AFFAIRS,
            "phone": "0912 000 002",
            "role": "attendee",
        },
        follow=True,
    )
    assert hanoi_point.delegates.count() == 2
    assert (
        "Danh sách đã có Trần Văn Trùng với số điện thoại khác."
        in response.content.decode()
    )


def test_delegate_form_wording(open_conference, hanoi_client, hanoi_point):
    page = hanoi_client.get(
        reverse("participants:delegate_add", args=[hanoi_point.pk])
    ).content.decode()
    assert "Lưu và thêm người khác" in page
    assert '<option value="" selected>— Chọn —</option>' in page
    assert "---------" not in page


def test_a_bad_email_is_called_not_valid(open_conference, hanoi_client, hanoi_point):
    response = hanoi_client.post(
        reverse("participants:delegate_add", args=[hanoi_point.pk]),
        {
            "full_name": "Sai Thư",
            "agency": Agency.HOME_AFFAIRS,
            "email": "sai@",
            "role": "attendee",
        },
    )
    page = response.content.decode()
    assert "Địa chỉ email không hợp lệ." in page
    assert "Nhập địa chỉ email." not in page


def test_delegate_cells_carry_labels_and_capitalised_roles(
    open_conference, hanoi_client, hanoi_point
):
    DelegateFactory(point=hanoi_point, full_name="Khách Mời Một", role="guest")
    page = hanoi_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    ).content.decode()
    assert '<td class="fw-semibold" data-label="Họ và tên">Khách Mời Một</td>' in page
    assert '<td data-label="Vai trò">Khách mời</td>' in page


def test_header_does_not_repeat_the_province(open_conference, hanoi, hanoi_point):
    from django.test import Client

    from tests.factories import province_staff

    user = province_staff(
        hanoi, username="snv-01-ten", first_name="Sở Nội vụ Tỉnh Hà Nội"
    )
    client = Client()
    login_verified(client, user)
    page = client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    ).content.decode()
    assert 'data-testid="current-user">Sở Nội vụ Tỉnh Hà Nội</span>' in page


def test_province_gives_its_room_capacity(open_conference, hanoi_point, hanoi_client):
    url = reverse("participants:point_edit", args=[hanoi_point.pk])
    form = {
        "room": "Phòng họp trực tuyến tầng 3",
        "address": "12 Lê Lai",
        "technical_contact_name": "",
        "technical_contact_phone": "",
        "version": 1,
    }
    refused = hanoi_client.post(url, {**form, "room_capacity": 2001})
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["room_capacity"]
    assert hanoi_client.post(url, {**form, "room_capacity": 120}).status_code == 302
    hanoi_point.refresh_from_db()
    assert hanoi_point.room_capacity == 120
    page = hanoi_client.get(hanoi_point.get_absolute_url()).content.decode()
    assert "(120 chỗ ngồi)" in page
