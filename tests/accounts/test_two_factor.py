"""Issue #20: two-factor sign-in, required for every Ministry account, optional for
provinces; recovery codes; the lock and the password reset still hold with it."""

import re
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import password_reset, two_factor
from accounts.demo import DEMO_TOTP_KEY
from accounts.services import create_demo_accounts
from outbox.services import send_queued
from tests import factories
from tests.otp import authenticator, code_at, current_code

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's


def password_step(client: Client, username: str, *, url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": PASSWORD}
    )


def code_step(client: Client, code: str, *, next_url: str = ""):
    return client.post(
        reverse("two_factor_verify"), {"otp_token": code, "next": next_url}
    )


def wrong_code(device: TOTPDevice) -> str:
    """A six-digit code the device accepts at no moment near now."""
    valid = {code_at(device, step_offset=o) for o in range(-3, 4)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in valid)


def test_every_ministry_role_must_use_a_second_factor_and_provinces_need_not(hanoi):
    accounts = {
        "admin": factories.admin_user(),
        "organiser": factories.organiser(),
        "technician": factories.technician(),
        "ministry unit member": factories.UserFactory(),  # no portal role: Văn phòng Bộ
        "province": factories.province_staff(hanoi),
    }
    assert {
        name: two_factor.requires_two_factor(user) for name, user in accounts.items()
    } == {
        "admin": True,
        "organiser": True,
        "technician": True,
        "ministry unit member": True,
        "province": False,
    }


def test_a_ministry_account_without_a_device_is_sent_to_enrolment_and_nothing_else(
    conference,
):
    factories.organiser(username="cchc-2fa")
    client = Client()

    response = password_step(client, "cchc-2fa")
    assert response.status_code == 302
    landing = client.get(response["Location"])
    assert landing["Location"] == (f"{reverse('two_factor_setup')}?next=%2F")
    for url in (
        reverse("home"),
        reverse("dashboard:rollup", kwargs={"slug": conference.slug}),
        reverse("password_change"),
        reverse("two_factor"),
        "/outbox/",
    ):
        assert client.get(url)["Location"].startswith(reverse("two_factor_setup")), url
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "Bật xác thực hai bước" in page
    assert 'data-testid="two-factor-required"' in page
    assert re.search(
        r'<img src="data:image/svg\+xml;charset=utf-8,%3Csvg[^"]+" alt="', page
    )
    device = TOTPDevice.objects.get(user__username="cchc-2fa")
    assert device.confirmed is False
    assert two_factor.secret_for_display(device) in page


def test_an_htmx_request_before_the_second_step_reloads_the_whole_page(conference):
    factories.organiser(username="cchc-htmx")
    client = Client()
    password_step(client, "cchc-htmx")
    response = client.get(
        reverse("dashboard:rollup", kwargs={"slug": conference.slug}),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("two_factor_setup"))


def test_enrolment_with_the_app_code_turns_it_on_and_shows_ten_codes_once(conference):
    user = factories.technician(username="tttt-2fa")
    client = Client()
    password_step(client, "tttt-2fa")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)

    response = client.post(
        reverse("two_factor_setup"),
        {"otp_token": current_code(device, fresh=False), "next": "/"},
    )

    assert response["Location"] == f"{reverse('two_factor')}?next=%2F"
    page = client.get(response["Location"]).content.decode()
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', page)
    assert len(codes) == 10 == len(set(codes))
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    again = client.get(reverse("two_factor")).content.decode()
    assert 'data-testid="recovery-codes"' not in again
    assert "Còn 10 mã dự phòng." in again
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("home")).status_code == 302  # no more to setup
    assert not client.get(reverse("home"))["Location"].startswith("/account/")


def test_a_wrong_code_at_enrolment_keeps_the_account_off(conference):
    user = factories.organiser(username="cchc-sai")
    client = Client()
    password_step(client, "cchc-sai")
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)

    response = client.post(
        reverse("two_factor_setup"), {"otp_token": wrong_code(device)}
    )

    assert response.status_code == 200
    assert "Mã không đúng hoặc đã hết hạn" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert StaticToken.objects.filter(device__user=user).count() == 0


def test_an_enrolled_account_is_asked_for_its_code_after_the_password(conference):
    user = factories.organiser(username="cchc-code")
    device = authenticator(user)
    client = Client()
    rollup = reverse("dashboard:rollup", kwargs={"slug": conference.slug})

    client.post(
        reverse("login") + f"?next={rollup}",
        {"username": "cchc-code", "password": PASSWORD, "next": rollup},
    )
    asked = client.get(rollup)
    assert (
        asked["Location"]
        == f"{reverse('two_factor_verify')}?next=%2Fconferences%2F{conference.slug}%2Frollup%2F"
    )
    page = client.get(asked["Location"]).content.decode()
    assert "Xác thực hai bước" in page
    assert 'autocomplete="one-time-code"' in page

    response = code_step(client, current_code(device), next_url=rollup)

    assert response["Location"] == rollup
    assert client.get(rollup).status_code == 200


def test_a_code_is_accepted_once(conference):
    user = factories.organiser(username="cchc-replay")
    device = authenticator(user)
    code = current_code(device)
    first, second = Client(), Client()
    password_step(first, "cchc-replay")
    password_step(second, "cchc-replay")

    assert code_step(first, code)["Location"] == "/"
    response = code_step(second, code)

    assert response.status_code == 200
    assert client_is_verified(second) is False


def client_is_verified(client: Client) -> bool:
    return "otp_device_id" in client.session


def test_the_admin_login_leads_to_the_second_step_too(db):
    user = factories.admin_user(username="quantri-2fa")
    device = authenticator(user)
    client = Client()

    response = client.post(
        reverse("admin:login"),
        {"username": "quantri-2fa", "password": PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index"))["Location"] == (
        f"{reverse('two_factor_verify')}?next=%2Fadmin%2F"
    )
    assert (
        code_step(client, current_code(device), next_url="/admin/")["Location"]
        == "/admin/"
    )
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_province_account_without_a_device_is_not_asked(hanoi_point):
    factories.province_staff(hanoi_point.unit, username="snv-01-free")
    client = Client()
    password_step(client, "snv-01-free")
    response = client.get(reverse("participants:point_detail", args=[hanoi_point.pk]))
    assert response.status_code == 200
    page = client.get(reverse("two_factor")).content.decode()
    assert "Xác thực hai bước đang tắt cho tài khoản của bạn." in page


def test_a_province_account_that_chose_a_device_is_asked(hanoi_point):
    user = factories.province_staff(hanoi_point.unit, username="snv-01-2fa")
    device = authenticator(user)
    client = Client()
    password_step(client, "snv-01-2fa")
    point = reverse("participants:point_detail", args=[hanoi_point.pk])
    assert client.get(point)["Location"].startswith(reverse("two_factor_verify"))
    code_step(client, current_code(device))
    assert client.get(point).status_code == 200


def test_a_recovery_code_works_once(conference):
    user = factories.organiser(username="cchc-recovery")
    authenticator(user)
    codes = two_factor.replace_recovery_codes(user=user)
    first, second = Client(), Client()
    password_step(first, "cchc-recovery")
    password_step(second, "cchc-recovery")

    assert code_step(first, codes[3].upper())["Location"] == "/"
    assert code_step(second, codes[3]).status_code == 200

    assert client_is_verified(first) is True
    assert client_is_verified(second) is False
    assert two_factor.recovery_codes_left(user=user) == 9


def test_new_recovery_codes_cancel_the_old_ones(conference):
    user = factories.organiser(username="cchc-new-codes")
    device = authenticator(user)
    old = two_factor.replace_recovery_codes(user=user)
    client = Client()
    password_step(client, "cchc-new-codes")
    code_step(client, current_code(device))

    client.post(reverse("two_factor"))

    page = client.get(reverse("two_factor")).content.decode()
    new = re.findall(r'<li class="col">([a-z2-7]{8})</li>', page)
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.verify_second_factor(user=user, token=old[0]) is None


def test_a_password_alone_cannot_enrol_a_new_phone_over_the_old_one(conference):
    user = factories.organiser(username="cchc-steal")
    device = authenticator(user)
    attacker = Client()
    password_step(attacker, "cchc-steal")

    response = attacker.get(reverse("two_factor_setup"))
    attacker.post(reverse("two_factor_setup"), {"otp_token": "123456"})

    assert response["Location"] == reverse("two_factor_verify")
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_wrong_codes_throttle_the_device_so_even_the_right_code_waits(conference):
    user = factories.organiser(username="cchc-brute")
    device = authenticator(user)
    client = Client()
    password_step(client, "cchc-brute")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        code_step(client, wrong_code(device))
        code_step(client, wrong_code(device))  # refused unseen: still throttled
        response = code_step(client, code_at(device, step_offset=0))

    assert response.status_code == 200
    assert "Nhập sai quá nhiều lần" in response.content.decode()
    assert client_is_verified(client) is False
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the second was never checked
    with time_machine.travel(start + timedelta(seconds=3), tick=False):
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
        assert code_step(client, code_at(device, step_offset=0))["Location"] == "/"


def test_a_brute_force_with_the_password_gets_a_few_dozen_guesses_a_year(conference):
    """The attack: the password is known and the 6 digits are guessed, each from a
    new address and session so the login lock (per address) never bites, each as
    soon as the device checks codes again. The device's own throttle doubles the
    wait after each wrong code, so a year of this checks 25 of a million codes."""
    user = factories.organiser(username="cchc-year")
    device = authenticator(user)
    start = moment = timezone.now()
    guesses = 0
    while moment < start + timedelta(days=365):
        with time_machine.travel(moment, tick=False):
            client = Client(REMOTE_ADDR=f"198.51.100.{guesses + 1}")
            password_step(client, "cchc-year")
            response = code_step(client, wrong_code(device))
            assert response.status_code == 200
            guesses += 1
            device.refresh_from_db()
            allowed, data = device.verify_is_allowed()
        assert allowed is False
        moment = data["locked_until"]

    # Waits of 1, 2, 4 … 2^24 s add up to 388 days: the 25th guess ends the year.
    assert guesses == 25
    assert device.throttling_failure_count == 25


def test_wrong_codes_count_toward_the_login_lock(conference, settings):
    user = factories.organiser(username="cchc-lock")
    device = authenticator(user)
    client = Client()
    password_step(client, "cchc-lock")
    responses = []
    start = timezone.now()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        # Each after the device's wait (1, 2, 4 … s), well within the lock's window.
        waited = timedelta(seconds=2**attempt)
        with time_machine.travel(start + waited, tick=False):
            responses.append(code_step(client, wrong_code(device)))

    assert [r.status_code for r in responses] == [200] * (
        settings.AXES_FAILURE_LIMIT - 1
    ) + [429]
    assert 'data-testid="locked-out"' in responses[-1].content.decode()
    assert "_auth_user_id" not in client.session
    # Locked: the right password is refused now from this address.
    assert password_step(Client(), "cchc-lock").status_code == 429
    attempt = AccessAttempt.objects.get(username="cchc-lock")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
    assert "otp_token=********************" in attempt.post_data
    assert wrong_code(device) not in attempt.post_data


def test_a_password_reset_does_not_skip_the_second_factor(conference, settings):
    settings.PORTAL_BASE_URL = "https://hoinghi.moha.gov.vn"
    user = factories.organiser(username="cchc-reset", email="reset@moha.gov.vn")
    device = authenticator(user)
    client = Client()
    client.post(reverse("password_reset"), {"email": "reset@moha.gov.vn"})
    password_reset.answer_requests(now=timezone.now())
    send_queued()
    [delivered] = mail.outbox
    link = re.search(
        r"https://hoinghi.moha.gov.vn(/password/reset/\S+/)", delivered.body
    ).group(1)
    form = client.get(link, follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2022!", "new_password2": "Mat-khau-moi-2022!"},
    )
    assert "_auth_user_id" not in client.session  # the reset logs no one in

    client.post(
        reverse("login"), {"username": "cchc-reset", "password": "Mat-khau-moi-2022!"}
    )

    assert client.get(reverse("home"))["Location"].startswith(
        reverse("two_factor_verify")
    )
    assert code_step(client, current_code(device))["Location"] == "/"


def test_the_demo_key_is_refused_outside_demo_mode(conference, settings):
    user = factories.organiser(username="cchc-demo-key")
    device = two_factor.give_demo_authenticator(user=user)
    settings.DEBUG = False
    settings.DEMO_MODE = False
    assert (
        two_factor.verify_second_factor(user=user, token=current_code(device)) is None
    )
    settings.DEMO_MODE = True
    assert (
        two_factor.verify_second_factor(user=user, token=current_code(device)) == device
    )


def test_demo_accounts_of_the_ministry_get_the_demo_authenticator(hanoi, capsys):
    create_demo_accounts(provinces=[hanoi])

    assert sorted(
        TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).values_list(
            "user__username", flat=True
        )
    ) == ["admin", "cchc", "tttt", "vpb"]
    call_command("demo_totp")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[:4]] == ["admin", "cchc", "tttt", "vpb"]
    assert all(re.fullmatch(r"\S+  [0-9]{6}", line) for line in lines[:4])
    assert lines[4].endswith("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")


def test_the_deploy_check_warns_about_the_demo_key(db):
    from accounts.checks import demo_totp_key_check

    two_factor.give_demo_authenticator(user=factories.organiser(username="cchc-w002"))
    [warning] = demo_totp_key_check()
    assert warning.id == "accounts.W002"
    assert "cchc-w002" in warning.msg


def test_reset_two_factor_makes_the_account_enrol_again(conference, capsys):
    user = factories.organiser(username="cchc-lost-phone")
    authenticator(user)
    two_factor.replace_recovery_codes(user=user)

    call_command("reset_two_factor", "cchc-lost-phone")

    assert capsys.readouterr().out.strip() == "Đã xóa 2 thiết bị của cchc-lost-phone."
    assert two_factor.has_second_factor(user) is False
    client = Client()
    password_step(client, "cchc-lost-phone")
    assert client.get("/")["Location"].startswith(reverse("two_factor_setup"))


def test_the_admin_action_resets_two_factor(admin_client_role):
    user = factories.organiser(username="cchc-admin-reset")
    authenticator(user)
    response = admin_client_role.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [user.pk]},
        follow=True,
    )
    assert "Đã đặt lại xác thực hai bước cho 1 tài khoản" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists() is False
