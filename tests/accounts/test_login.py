"""The login page names the portal and who to ask; a forgotten password is reset by e-mail."""

import re

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_login_page_names_the_portal_ministry_and_help(client, settings):
    settings.PORTAL_HELP_CONTACT = "Vụ CCHC — điện thoại 024 3824 0000"

    page = client.get(reverse("login")).content.decode()

    assert (
        '<p class="text-body-secondary mb-1" data-testid="login-ministry">Bộ Nội vụ</p>'
        in page
    )
    assert "Cần hỗ trợ? Liên hệ: Vụ CCHC — điện thoại 024 3824 0000" in page
    assert (
        f'<a href="{reverse("password_reset")}" data-testid="forgot-password">Quên mật khẩu?</a>'
        in page
    )


def test_login_page_without_a_help_contact_hides_the_line(client, settings):
    settings.PORTAL_HELP_CONTACT = ""
    page = client.get(reverse("login")).content.decode()
    assert 'data-testid="help-contact"' not in page


def test_admin_logs_in_to_the_admin(client):
    factories.admin_user(username="quantri-login", password="Mat-khau-2022!")
    response = client.post(
        reverse("login"), {"username": "quantri-login", "password": "Mat-khau-2022!"}
    )
    assert response["Location"] == reverse("admin:index")


def test_password_reset_pages_are_vietnamese(client):
    page = client.get(reverse("password_reset")).content.decode()
    assert '<h1 class="h3 mb-3">Đặt lại mật khẩu</h1>' in page
    done = client.get(reverse("password_reset_done")).content.decode()
    assert "Kiểm tra email" in done


def test_password_reset_goes_through_the_outbox(client, hanoi, settings):
    from outbox.models import OutboxMessage

    settings.PORTAL_BASE_URL = "https://hoinghi.moha.gov.vn"

    user = factories.province_staff(
        hanoi, username="snv-quen", email="quen@snv.hanoi.gov.vn", first_name="Lê Quên"
    )
    user.set_password("Mat-khau-cu-2022!")
    user.save()

    response = client.post(
        reverse("password_reset"), {"email": "quen@snv.hanoi.gov.vn"}
    )

    assert response["Location"] == reverse("password_reset_done")
    message = OutboxMessage.objects.get()
    assert message.recipient == "quen@snv.hanoi.gov.vn"
    assert message.subject == "Chọn mật khẩu mới cho Cổng hội nghị trực tuyến"
    link = re.search(
        r"https://hoinghi.moha.gov.vn(/password/reset/\S+/)", message.body_text
    ).group(1)
    form = client.get(link, follow=True)
    assert "Chọn mật khẩu mới" in form.content.decode()
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2022!", "new_password2": "Mat-khau-moi-2022!"},
    )
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2022!")


def test_password_reset_for_an_unknown_address_sends_nothing(client):
    from outbox.models import OutboxMessage

    response = client.post(reverse("password_reset"), {"email": "khong@co.vn"})

    assert response["Location"] == reverse("password_reset_done")
    assert OutboxMessage.objects.count() == 0
