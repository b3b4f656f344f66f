"""Error pages speak Vietnamese, in the site's layout, and lead home."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import loader
from django.test import RequestFactory
from django.urls import reverse
from django.views import defaults

from tests.otp import login_verified

HOME_LINK = f'<a class="btn btn-primary" href="{reverse("home")}" data-testid="error-home">Về trang chủ</a>'


@pytest.mark.django_db
def test_404_is_vietnamese_in_the_layout(hanoi_client):
    response = hanoi_client.get("/khong-co-trang-nay/")

    page = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="h3">Không tìm thấy trang</h1>' in page
    assert HOME_LINK in page
    assert 'class="navbar' in page


@pytest.mark.django_db
def test_403_raised_by_a_view_renders_the_page(technician_client, hanoi_point):
    # A technician sees every point but not its delegates: the view says 403.
    response = technician_client.get(
        reverse("participants:point_detail", args=[hanoi_point.pk])
    )

    page = response.content.decode()
    assert response.status_code == 403
    assert '<h1 class="h3">Không có quyền truy cập</h1>' in page
    assert HOME_LINK in page
    assert "403 Forbidden" not in page


def test_500_renders_without_a_request_or_context_processors():
    page = loader.get_template("500.html").render()

    assert '<h1 class="h3">Đã có lỗi xảy ra</h1>' in page
    assert HOME_LINK in page


@pytest.mark.django_db
def test_500_and_400_handlers_answer_in_vietnamese():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    server_error = defaults.server_error(request)
    bad_request = defaults.bad_request(request, exception=ValueError())

    assert server_error.status_code == 500
    assert "Đã có lỗi xảy ra" in server_error.content.decode()
    assert bad_request.status_code == 400
    assert "Yêu cầu không hợp lệ" in bad_request.content.decode()


@pytest.mark.django_db
def test_csrf_failure_is_vietnamese(hanoi_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    login_verified(client, hanoi_staff)
    response = client.post(reverse("logout"))

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
