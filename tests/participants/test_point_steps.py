"""The province's page as steps: 1. the point and its chair, 2. the delegates,
3. sending, refused (disabled, and by the server) without a chair and delegates;
a reopened list's reason and deadline on top; the documents first."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.enums import DelegateRole, RegistrationStatus
from participants.exceptions import ListNotEditable
from tests.factories import DelegateFactory, organiser

pytestmark = pytest.mark.django_db


def _page(client, point):
    response = client.get(reverse("participants:point_detail", args=[point.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_steps_come_in_order(open_conference, hanoi_client, hanoi_point):
    html = _page(hanoi_client, hanoi_point)
    positions = [
        html.index(f'data-testid="{name}"')
        for name in ("document-links", "step-point", "step-delegates", "step-send")
    ]
    assert positions == sorted(positions)


def test_step_one_offers_to_register_the_chair(
    open_conference, hanoi_client, hanoi_point
):
    html = _page(hanoi_client, hanoi_point)
    add = reverse("participants:delegate_add", args=[hanoi_point.pk])
    assert 'data-testid="add-chair"' in html
    assert f"{add}?role=chair" in html
    form = hanoi_client.get(f"{add}?role=chair").context["form"]
    assert form["role"].value() == DelegateRole.CHAIR


def test_step_one_names_the_chair_and_links_to_it(
    open_conference, hanoi_client, hanoi_point
):
    chair = DelegateFactory(
        point=hanoi_point, full_name="Nguyễn Hương Giang", role=DelegateRole.CHAIR
    )
    html = _page(hanoi_client, hanoi_point)
    step = html[html.index('data-testid="step-point"') :]
    step = step[: step.index('data-testid="step-delegates"')]
    assert "Nguyễn Hương Giang" in step
    assert (
        reverse("participants:delegate_edit", args=[hanoi_point.pk, chair.pk]) in step
    )


@pytest.mark.parametrize(
    ("roles", "reason"),
    [
        ((), "Danh sách chưa có đại biểu nào"),
        ((DelegateRole.ATTENDEE,), "Danh sách phải có đúng một người chủ trì"),
    ],
)
def test_send_is_disabled_with_the_reason_beside_it(
    open_conference, hanoi_client, hanoi_point, roles, reason
):
    for role in roles:
        DelegateFactory(point=hanoi_point, role=role)
    html = _page(hanoi_client, hanoi_point)
    button = html[html.index('data-testid="submit-list"') - 200 :]
    button = button[: button.index("</button>")]
    assert "disabled" in button
    assert reason in html[html.index('data-testid="submit-blocked"') :]
    assert reverse("participants:point_submit", args=[hanoi_point.pk]) not in html


def test_send_is_a_link_once_chair_and_delegates_exist(
    open_conference, hanoi_client, hanoi_point
):
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    DelegateFactory(point=hanoi_point, role=DelegateRole.ATTENDEE)
    html = _page(hanoi_client, hanoi_point)
    assert 'data-testid="submit-blocked"' not in html
    assert reverse("participants:point_submit", args=[hanoi_point.pk]) in html


def test_the_server_refuses_an_empty_list_in_vietnamese(
    open_conference, hanoi_client, hanoi_point, hanoi_staff
):
    with pytest.raises(ListNotEditable) as exc:
        services.submit_delegate_list(
            point=hanoi_point,
            by=hanoi_staff,
            now=timezone.now(),
            expected_list_version=hanoi_point.delegate_list.version,
        )
    assert exc.value.code == "no_delegates"
    response = hanoi_client.post(
        reverse("participants:point_submit", args=[hanoi_point.pk]),
        {"list_version": hanoi_point.delegate_list.version},
        follow=True,
    )
    assert "Danh sách chưa có đại biểu nào" in response.content.decode()
    hanoi_point.delegate_list.refresh_from_db()
    assert hanoi_point.delegate_list.status == RegistrationStatus.DRAFT


def test_a_reopened_list_shows_the_reason_and_new_deadline_on_top(
    open_conference, hanoi_client, hanoi_point, hanoi_staff
):
    DelegateFactory(point=hanoi_point, role=DelegateRole.CHAIR)
    now = timezone.now()
    services.submit_delegate_list(
        point=hanoi_point,
        by=hanoi_staff,
        now=now,
        expected_list_version=hanoi_point.delegate_list.version,
    )
    new_deadline = now + timedelta(days=4)
    services.reopen_delegate_list(
        point=hanoi_point,
        by=organiser(),
        now=now,
        reason="Bổ sung Giám đốc Sở Tư pháp",
        extend_to=new_deadline,
    )
    html = _page(hanoi_client, hanoi_point)
    top = html.index('data-testid="list-decision"')
    assert top < html.index('data-testid="deadline"')
    banner = html[top : html.index("</div>\n</div>", top)]
    assert "Bổ sung Giám đốc Sở Tư pháp" in banner
    assert timezone.localtime(new_deadline).strftime("%H:%M %d/%m/%Y") in banner
    assert "Danh sách đã được mở lại" in banner


def test_an_extended_draft_shows_the_reason(open_conference, hanoi_client, hanoi_point):
    now = timezone.now()
    services.extend_deadline(
        point=hanoi_point,
        by=organiser(),
        now=now,
        extend_to=now + timedelta(days=4),
        reason="Tỉnh đang họp",
    )
    html = _page(hanoi_client, hanoi_point)
    assert "Tỉnh đang họp" in html[html.index('data-testid="list-decision"') :]


def test_a_list_never_reopened_has_no_banner(
    open_conference, hanoi_client, hanoi_point
):
    assert 'data-testid="list-decision"' not in _page(hanoi_client, hanoi_point)


def test_documents_come_first_and_the_programme_folds(
    open_conference, hanoi_client, hanoi_point
):
    html = _page(hanoi_client, hanoi_point)
    links = html.index('data-testid="document-links"')
    for name in ("invitation-link", "programme-link", "documents-link"):
        assert (
            links
            < html.index(f'data-testid="{name}"')
            < html.index('data-testid="step-point"')
        )
    details = html.index('data-testid="agenda-details"')
    assert html.rindex("<details", 0, details + 1) == html.rindex("<", 0, details)
    assert details < html.index('data-testid="agenda"')
