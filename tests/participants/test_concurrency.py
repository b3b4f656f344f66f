"""Issue #7 (4, 5) on PostgreSQL with two real sessions: each request runs in its
own thread, so on its own database connection, and the data is committed.

4: a replace import confirmed after another session added a delegate deleted
   that delegate without a word.
5: a save without its version overwrote blindly what another session saved.
"""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from participants.enums import Agency, DelegateRole, RegistrationStatus
from participants.models import Delegate, DelegateImport
from tests import factories
from tests.otp import login_verified

from .test_excel_support import upload, workbook_bytes

pytestmark = pytest.mark.django_db(transaction=True)

ADDED_LATER = "Phan Văn Thêm Sau"


def in_own_session(fn, *, barrier: threading.Barrier | None = None):
    """Run fn in a thread of its own, hence its own database connection."""
    outcome = {}

    def run():
        try:
            if barrier is not None:
                barrier.wait(timeout=30)
            outcome["value"] = fn()
        except BaseException as exc:  # re-raised in the test's thread
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def result(started):
    thread, outcome = started
    thread.join(timeout=60)
    assert not thread.is_alive()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def run(fn):
    return result(in_own_session(fn))


@pytest.fixture
def sessions(open_conference, hanoi, hanoi_point):
    """Two people of the same province, each logged in in their own browser."""
    first, second = Client(), Client()
    login_verified(first, factories.province_staff(hanoi, username="snv-01-a"))
    login_verified(second, factories.province_staff(hanoi, username="snv-01-b"))
    return first, second


def add_delegate(client, point, full_name=ADDED_LATER, phone="0977 000 111"):
    return client.post(
        reverse("participants:delegate_add", args=[point.pk]),
        {
            "full_name": full_name,
            "position": "Chuyên viên",
            "agency": Agency.HOME_AFFAIRS,
            "phone": phone,
            "email": "",
            "role": DelegateRole.ATTENDEE,
        },
    )


def preview_url(point, delegate_import):
    return reverse(
        "participants:delegate_import_preview",
        kwargs={"pk": point.pk, "import_id": delegate_import.pk},
    )


def seen_list_version(html: str) -> str:
    return re.search(r'name="list_version" value="(\d+)"', html).group(1)


def stage_replace(client, point):
    chair = [
        1,
        "Nguyễn Văn Hùng",
        "Giám đốc",
        "Sở Nội vụ",
        "",
        "0912 345 678",
        "",
        "Chủ trì",
    ]
    response = client.post(
        reverse("participants:delegate_import", args=[point.pk]),
        {"file": upload(workbook_bytes([chair])), "mode": "replace"},
    )
    assert response.status_code == 302
    return DelegateImport.objects.latest("pk")


def test_replace_confirm_after_another_session_added_someone_is_refused(
    sessions, hanoi_point
):
    first, second = sessions
    factories.DelegateFactory(point=hanoi_point, full_name="Đỗ Thu Trang")
    delegate_import = run(lambda: stage_replace(first, hanoi_point))
    preview = preview_url(hanoi_point, delegate_import)
    page = run(lambda: first.get(preview)).content.decode()
    assert "Khi xác nhận, 1 đại biểu hiện có trong danh sách sẽ được thay thế" in page
    seen = seen_list_version(page)

    # Meanwhile, in another browser, a colleague adds a delegate.
    assert run(lambda: add_delegate(second, hanoi_point)).status_code == 302

    response = run(
        lambda: first.post(preview, {"action": "confirm", "list_version": seen})
    )

    assert response.status_code == 302
    assert response["Location"] == preview
    assert sorted(Delegate.objects.values_list("full_name", flat=True)) == [
        "Phan Văn Thêm Sau",
        "Đỗ Thu Trang",
    ]
    delegate_import.refresh_from_db()
    assert delegate_import.status == DelegateImport.Status.PENDING
    # The preview shown again counts the list as it is now; confirming that is
    # the province's own, informed action.
    again = run(lambda: first.get(preview)).content.decode()
    assert "Danh sách đã được người khác thay đổi sau khi xem trước" in again
    assert "Khi xác nhận, 2 đại biểu hiện có trong danh sách sẽ được thay thế" in again
    confirmed = run(
        lambda: first.post(
            preview, {"action": "confirm", "list_version": seen_list_version(again)}
        )
    )
    assert confirmed["Location"] == hanoi_point.get_absolute_url()
    assert list(Delegate.objects.values_list("full_name", flat=True)) == [
        "Nguyễn Văn Hùng"
    ]


@pytest.mark.parametrize("attempt", range(3))
def test_a_delegate_added_while_a_replace_is_confirmed_is_never_lost(
    sessions, hanoi_point, attempt
):
    first, second = sessions
    factories.DelegateFactory(point=hanoi_point, full_name="Đỗ Thu Trang")
    delegate_import = run(lambda: stage_replace(first, hanoi_point))
    preview = preview_url(hanoi_point, delegate_import)
    seen = seen_list_version(run(lambda: first.get(preview)).content.decode())
    barrier = threading.Barrier(2)

    confirm = in_own_session(
        lambda: first.post(preview, {"action": "confirm", "list_version": seen}),
        barrier=barrier,
    )
    added = in_own_session(lambda: add_delegate(second, hanoi_point), barrier=barrier)
    result(confirm)
    assert result(added).status_code == 302

    names = set(Delegate.objects.values_list("full_name", flat=True))
    assert ADDED_LATER in names
    delegate_import.refresh_from_db()
    if delegate_import.status == DelegateImport.Status.APPLIED:
        # The replace ran first; the colleague's delegate came after it.
        assert names == {"Nguyễn Văn Hùng", ADDED_LATER}
    else:
        assert names == {"Đỗ Thu Trang", ADDED_LATER}


def test_an_edit_without_its_version_never_overwrites_another_sessions_save(
    sessions, hanoi_point
):
    first, second = sessions
    delegate = factories.DelegateFactory(point=hanoi_point, position="Chuyên viên")
    edit = reverse("participants:delegate_edit", args=[hanoi_point.pk, delegate.pk])
    form = {
        "full_name": delegate.full_name,
        "agency": delegate.agency,
        "phone": "",
        "email": "",
        "role": delegate.role,
    }
    assert run(lambda: first.get(edit)).status_code == 200
    saved = run(
        lambda: second.post(edit, {**form, "position": "Trưởng phòng", "version": 1})
    )
    assert saved.status_code == 302

    blind = run(lambda: first.post(edit, {**form, "position": "Phó phòng"}))
    stale = run(
        lambda: first.post(edit, {**form, "position": "Phó phòng", "version": 1})
    )

    for response in (blind, stale):
        assert response.status_code == 200
        assert 'value="Phó phòng"' in response.content.decode()
    delegate.refresh_from_db()
    assert (delegate.position, delegate.version) == ("Trưởng phòng", 2)


@pytest.mark.parametrize("attempt", range(3))
def test_a_versionless_edit_racing_a_save_is_refused(sessions, hanoi_point, attempt):
    first, second = sessions
    delegate = factories.DelegateFactory(point=hanoi_point, position="Chuyên viên")
    edit = reverse("participants:delegate_edit", args=[hanoi_point.pk, delegate.pk])
    form = {
        "full_name": delegate.full_name,
        "agency": delegate.agency,
        "phone": "",
        "email": "",
        "role": delegate.role,
    }
    barrier = threading.Barrier(2)

    blind = in_own_session(
        lambda: first.post(edit, {**form, "position": "Phó phòng", "version": "x"}),
        barrier=barrier,
    )
    saved = in_own_session(
        lambda: second.post(edit, {**form, "position": "Trưởng phòng", "version": 1}),
        barrier=barrier,
    )

    assert result(blind).status_code == 200
    assert result(saved).status_code == 302
    delegate.refresh_from_db()
    assert (delegate.position, delegate.version) == ("Trưởng phòng", 2)


@pytest.mark.parametrize("attempt", range(3))
def test_a_submit_racing_an_addition_never_vouches_for_a_list_it_did_not_see(
    sessions, hanoi_point, attempt
):
    first, second = sessions
    factories.DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    hanoi_point.refresh_from_db()
    seen = hanoi_point.delegate_list.version
    barrier = threading.Barrier(2)

    submit = in_own_session(
        lambda: first.post(
            reverse("participants:point_submit", args=[hanoi_point.pk]),
            {"list_version": seen},
        ),
        barrier=barrier,
    )
    added = in_own_session(lambda: add_delegate(second, hanoi_point), barrier=barrier)
    result(submit)
    result(added)

    hanoi_point.refresh_from_db()
    submitted = hanoi_point.delegate_list.status == RegistrationStatus.SUBMITTED
    added_later = Delegate.objects.filter(full_name=ADDED_LATER).exists()
    assert submitted != added_later  # exactly one of the two went through
