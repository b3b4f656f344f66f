"""Issue #16 (14): a double click on "Lưu" for a delegate without phone or e-mail
added the same person twice. The add form carries a one-time token: the same form
sent again creates nothing and leads back to the list."""

import re
import threading
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from participants import services
from participants.enums import Agency, DelegateRole
from participants.exceptions import AlreadyCreated
from participants.models import Delegate
from tests import factories
from tests.otp import login_verified

from .test_concurrency import in_own_session, result

ALREADY = "Biểu mẫu này đã được lưu trước đó: Lò Văn Pá chỉ có một lần trong danh sách."


def add_url(point) -> str:
    return reverse("participants:delegate_add", args=[point.pk])


def token_on(page) -> str:
    return re.search(
        r'name="creation_token" value="([0-9a-f-]{36})"', page.content.decode()
    ).group(1)


def form(token: str, **overrides):
    data = {
        "full_name": "Lò Văn Pá",
        "position": "Chuyên viên",
        "agency": Agency.HOME_AFFAIRS,
        "phone": "",
        "email": "",
        "role": DelegateRole.ATTENDEE,
        "creation_token": token,
    }
    data.update(overrides)
    return data


def names(point) -> list[str]:
    return list(point.delegates.values_list("full_name", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("button", ["save", "save_and_add"])
@pytest.mark.parametrize("phone", ["", "0977 000 111"])
def test_the_same_add_form_sent_twice_adds_the_delegate_once(
    open_conference, hanoi_client, hanoi_point, button, phone
):
    token = token_on(hanoi_client.get(add_url(hanoi_point)))
    data = {**form(token, phone=phone), button: "1"}

    first = hanoi_client.post(add_url(hanoi_point), data)
    second = hanoi_client.post(add_url(hanoi_point), data, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain == [(hanoi_point.get_absolute_url(), 302)]
    assert [str(m) for m in second.context["messages"]][-1] == ALREADY
    assert names(hanoi_point) == ["Lò Văn Pá"]
    assert str(Delegate.objects.get().creation_token) == token


@pytest.mark.django_db
def test_each_add_form_has_its_own_token(open_conference, hanoi_client, hanoi_point):
    first = token_on(hanoi_client.get(add_url(hanoi_point)))
    second = token_on(hanoi_client.get(add_url(hanoi_point)))
    assert first != second
    # Two forms filled in for two namesakes (no phone, no e-mail): both are kept.
    hanoi_client.post(add_url(hanoi_point), form(first))
    hanoi_client.post(add_url(hanoi_point), form(second))
    assert names(hanoi_point) == ["Lò Văn Pá", "Lò Văn Pá"]


@pytest.mark.django_db
def test_a_refused_form_keeps_its_token_for_the_corrected_send(
    open_conference, hanoi_client, hanoi_point
):
    token = token_on(hanoi_client.get(add_url(hanoi_point)))
    refused = hanoi_client.post(add_url(hanoi_point), form(token, full_name=""))
    assert refused.status_code == 200
    assert token_on(refused) == token
    assert hanoi_client.post(add_url(hanoi_point), form(token)).status_code == 302
    assert names(hanoi_point) == ["Lò Văn Pá"]


@pytest.mark.django_db
def test_the_service_creates_once_per_token(open_conference, hanoi_point, hanoi_staff):
    from django.utils import timezone

    token = uuid.uuid4()
    data = {k: v for k, v in form(str(token)).items() if k != "creation_token"}
    created = services.create_delegate(
        point=hanoi_point, data=data, by=hanoi_staff, now=timezone.now(), token=token
    )
    with pytest.raises(AlreadyCreated) as again:
        services.create_delegate(
            point=hanoi_point,
            data=data,
            by=hanoi_staff,
            now=timezone.now(),
            token=token,
        )
    assert again.value.delegate == created
    assert names(hanoi_point) == ["Lò Văn Pá"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_the_same_form_sent_twice_at_once_adds_the_delegate_once(
    open_conference, hanoi, hanoi_point, attempt
):
    client = Client()
    login_verified(client, factories.province_staff(hanoi, username="snv-01-a"))
    token = token_on(client.get(add_url(hanoi_point)))
    barrier = threading.Barrier(2)

    sends = [
        in_own_session(
            lambda: client.post(add_url(hanoi_point), form(token)), barrier=barrier
        )
        for _ in range(2)
    ]
    responses = [result(send) for send in sends]

    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {hanoi_point.get_absolute_url()}
    assert names(hanoi_point) == ["Lò Văn Pá"]
