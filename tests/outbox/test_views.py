"""The outbox pages: what was sent and what failed, resend, a send's progress;
404 for whoever lacks the outbox permission."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from outbox.enums import OutboxState
from outbox.models import OutboxMessage
from outbox.services import enqueue_mail, send_queued
from tests import factories
from tests.otp import login_verified

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    login_verified(client, user)
    return client


def _mail(key, recipient, **kwargs):
    enqueue_mail(
        key=key,
        recipients=[recipient],
        template="delegate_list_reopened",
        context={"point": {"name": "Điểm cầu Huế"}, "point_path": "/points/2/"},
        **kwargs,
    )


def test_outbox_page_shows_what_was_sent_and_what_failed(cchc_user):
    _mail("list-reopened:1:a", "a@x.vn", topic="list-reopened")
    _mail("reminder:now:point-1:x", "b@x.vn", topic="reminder")
    OutboxMessage.objects.filter(recipient="b@x.vn").update(
        state=OutboxState.FAILED, last_error="SMTPDataError: (550, b'No such user')"
    )
    client = _client(cchc_user)
    response = client.get(reverse("outbox:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "a@x.vn" in html and "b@x.vn" in html
    assert "No such user" in html
    failed = client.get(reverse("outbox:list"), {"state": "failed"})
    assert [m.recipient for m in failed.context["page"]] == ["b@x.vn"]
    reminders = client.get(reverse("outbox:list"), {"kind": "reminder"})
    assert [m.recipient for m in reminders.context["page"]] == ["b@x.vn"]
    found = client.get(reverse("outbox:list"), {"q": "a@x"})
    assert [m.recipient for m in found.context["page"]] == ["a@x.vn"]


def test_resend_queues_one_copy_even_on_a_double_click(cchc_user):
    _mail("list-reopened:1:a", "a@x.vn")
    send_queued()
    row = OutboxMessage.objects.get()
    client = _client(cchc_user)
    response = client.post(reverse("outbox:resend", args=[row.pk]))
    assert response.status_code == 302
    client.post(reverse("outbox:resend", args=[row.pk]))  # double click
    assert OutboxMessage.objects.filter(state=OutboxState.QUEUED).count() == 1


def test_the_progress_page_counts_the_send_by_state(cchc_user):
    batch = uuid.uuid4()
    for index in range(5):
        enqueue_mail(
            key=f"test:{index}",
            recipients=[f"p{index}@x.vn"],
            template="delegate_list_reopened",
            context={"point": {"name": "Huế"}, "point_path": "/points/2/"},
            batch=batch,
        )
    OutboxMessage.objects.filter(recipient__in=["p0@x.vn", "p1@x.vn"]).update(
        state=OutboxState.SENT
    )
    OutboxMessage.objects.filter(recipient="p2@x.vn").update(state=OutboxState.FAILED)
    client = _client(cchc_user)
    url = reverse("outbox:batch", args=[batch])

    html = client.get(url).content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()

    assert '<progress id="send-progress-bar" class="w-100" max="5" value="3">' in html
    for page in (html, fragment):
        assert 'data-testid="progress-queued">2</dd>' in page
        assert 'data-testid="progress-sent">2</dd>' in page
        assert 'data-testid="progress-failed">1</dd>' in page
        assert f'hx-get="{url}"' in page
    assert "<html" not in fragment
    OutboxMessage.objects.filter(state=OutboxState.QUEUED).update(
        state=OutboxState.SENT
    )
    finished = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-get" not in finished
    assert "Đã xong: 5/5" in finished


def test_the_filter_offers_the_topics_the_apps_registered(cchc_user):
    form = _client(cchc_user).get(reverse("outbox:list")).context["form"]
    topics = [value for value, _label in form.fields["kind"].choices]
    assert {"reminder", "summary", "list-submitted", "password-reset"} <= set(topics)
    assert {"programme", "invitation", "question-answered", "resend"} <= set(topics)


def test_the_outbox_permission_opens_the_pages_whatever_the_role(cchc_user):
    """The outbox checks its own permission, not a role: a role's group grants it."""
    from django.contrib.auth.models import Permission

    _mail("list-reopened:1:a", "a@x.vn")
    row = OutboxMessage.objects.get()
    other = factories.technician()
    urls = [reverse("outbox:list"), reverse("outbox:detail", args=[row.pk])]
    assert [_client(other).get(url).status_code for url in urls] == [404, 404]
    other.user_permissions.add(Permission.objects.get(codename="use_outbox"))
    other = type(other).objects.get(pk=other.pk)
    assert [_client(other).get(url).status_code for url in urls] == [200, 200]
    assert [_client(cchc_user).get(url).status_code for url in urls] == [200, 200]


def test_outbox_pages_are_404_for_everyone_else(cchc_user, conference, hanoi):
    _mail("list-reopened:1:a", "a@x.vn")
    row = OutboxMessage.objects.get()
    urls = [
        ("get", reverse("outbox:list")),
        ("get", reverse("outbox:detail", args=[row.pk])),
        ("post", reverse("outbox:resend", args=[row.pk])),
        ("get", reverse("outbox:batch", args=[row.batch])),
    ]
    member = factories.UserFactory(username="vpb-t")
    member.save()
    factories.OrganisationalUnitFactory(code="van-phong-bo").members.add(member)
    for user in [factories.province_staff(hanoi), member, factories.technician()]:
        client = _client(user)
        for method, url in urls:
            assert getattr(client, method)(url).status_code == 404, (user, url)
    for _method, url in urls:
        assert Client().get(url)["Location"].startswith(reverse("login"))
    assert OutboxMessage.objects.count() == 1
