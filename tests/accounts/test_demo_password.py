"""Issue #16 (1): the published demo password under the production settings.

An account with demo12345 (a demo database promoted to production, a password
typed by hand) signed in anywhere. Where demo accounts are not allowed (the
production settings force DEBUG and demo mode off), the login refuses it with a
message, and `check --deploy` names such accounts.
"""

from io import StringIO

import pytest
from django.core import checks
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts.checks import demo_password_check
from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.selectors import active_accounts_with_demo_password
from accounts.services import create_demo_accounts
from tests import factories

pytestmark = pytest.mark.django_db

REFUSED = escape(
    "Tài khoản này vẫn dùng mật khẩu mẫu đã công bố công khai nên không thể đăng "
    "nhập tại đây. Vui lòng đặt lại mật khẩu (mục “Quên mật khẩu?” trên trang đăng "
    "nhập của cổng thông tin) hoặc đề nghị quản trị viên cổng thông tin cấp mật khẩu "
    "mới."
)


@pytest.fixture
def production_like(settings):
    """What config.settings.production forces (tests/config/test_production_settings.py)."""
    settings.DEBUG = False
    settings.DEMO_MODE = False


@pytest.fixture
def seeded(settings, hanoi, hue):
    """The demo accounts of two provinces, seeded where demo mode was on."""
    settings.DEMO_MODE = True
    create_demo_accounts(provinces=[hanoi, hue])
    settings.DEMO_MODE = False


def post_login(client, username, password, *, url=None):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_a_seeded_demo_account_cannot_log_in_under_production_settings(
    seeded, production_like
):
    client = Client()

    response = post_login(client, "snv-01", DEMO_PASSWORD)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not logged_in(client)


def test_a_hand_set_demo_password_cannot_log_in_under_production_settings(
    production_like, hanoi
):
    factories.province_staff(hanoi, username="nguyen.van.a", password=DEMO_PASSWORD)
    client = Client()

    response = post_login(client, "nguyen.van.a", DEMO_PASSWORD)

    assert REFUSED in response.content.decode()
    assert not logged_in(client)


def test_the_admin_login_refuses_the_demo_password_under_production_settings(
    seeded, production_like
):
    client = Client()

    response = post_login(client, "admin", DEMO_PASSWORD, url=reverse("admin:login"))

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_wrong_password_still_gets_the_usual_message(seeded, production_like):
    response = post_login(Client(), "snv-01", "not-the-password")

    html = response.content.decode()
    assert REFUSED not in html
    assert "mật khẩu chính xác" in html


def test_a_demo_account_with_its_own_password_logs_in_under_production_settings(
    seeded, production_like
):
    user = User.objects.get(username="cchc")
    user.set_password("Mat-khau-rieng-2022")
    user.save()
    client = Client()

    response = post_login(client, "cchc", "Mat-khau-rieng-2022")

    assert response.status_code == 302
    assert logged_in(client)


def test_the_demo_password_logs_in_where_demo_mode_is_on(seeded, settings):
    settings.DEBUG = False
    settings.DEMO_MODE = True
    client = Client()

    response = post_login(client, "snv-01", DEMO_PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


# ------------------------------------------------------------------- the check


def test_seeded_accounts_share_one_stored_hash(seeded):
    hashes = set(User.objects.values_list("password", flat=True))

    assert len(hashes) == 1
    assert User.objects.get(username="snv-46").check_password(DEMO_PASSWORD)


def test_the_check_names_every_active_account_with_the_demo_password(seeded, hanoi):
    # Given the demo password by hand: a demo account, and one of another name.
    vpb = User.objects.get(username="vpb")
    vpb.set_password(DEMO_PASSWORD)
    vpb.save()
    factories.organiser(
        username="cchc-2", email="cchc-2@demo.invalid", password=DEMO_PASSWORD
    )
    User.objects.filter(username="tttt").update(is_active=False)
    cchc = User.objects.get(username="cchc")
    cchc.set_password("Mat-khau-rieng-2022")
    cchc.save()

    warnings = demo_password_check()

    assert active_accounts_with_demo_password() == [
        "admin",
        "snv-01",
        "snv-46",
        "vpb",
    ]
    assert [(w.id, w.level, w.msg) for w in warnings] == [
        (
            "accounts.W001",
            checks.WARNING,
            "4 active account(s) still have the published demo password demo12345: "
            "admin, snv-01, snv-46, vpb.",
        )
    ]
    assert warnings[0].hint.startswith("Logins with it are refused")


def test_the_check_is_silent_without_the_demo_password(seeded, hanoi):
    for user in User.objects.all():
        user.set_password(f"Mat-khau-{user.username}-2022")
        user.save()
    factories.province_staff(hanoi, username="snv-02", password="Mat-khau-khac-2022")

    assert active_accounts_with_demo_password() == []
    assert demo_password_check() == []


def test_the_check_lists_ten_names_and_counts_the_rest(settings, conference):
    provinces = [
        factories.UnitFactory(unit_set=conference.unit_set, code=f"{n:02d}")
        for n in range(1, 13)
    ]
    settings.DEMO_MODE = True
    create_demo_accounts(provinces=provinces)

    [warning] = demo_password_check()

    assert warning.msg == (
        "16 active account(s) still have the published demo password demo12345: "
        "admin, cchc, snv-01, snv-02, snv-03, snv-04, snv-05, snv-06, snv-07, "
        "snv-08 and 6 more."
    )


def test_check_deploy_runs_the_demo_password_check(seeded):
    out, err = StringIO(), StringIO()

    # The test settings fail Django's own deploy checks: only reports, no failure.
    call_command(
        "check", "--deploy", "--fail-level", "CRITICAL", stdout=out, stderr=err
    )
    plain_out, plain_err = StringIO(), StringIO()
    call_command("check", stdout=plain_out, stderr=plain_err)

    assert (
        "?: (accounts.W001) 6 active account(s) still have the published demo "
        "password demo12345: admin, cchc, snv-01, snv-46, tttt, vpb."
    ) in err.getvalue()
    assert "accounts.W001" not in plain_out.getvalue() + plain_err.getvalue()
