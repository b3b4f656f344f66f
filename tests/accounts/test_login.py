"""The login page names the portal and who to ask; a forgotten password is reset by
e-mail (test_password_reset.py)."""

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
