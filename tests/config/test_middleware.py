import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(
    client, hanoi_client, hanoi_point
):
    for response in (
        client.get(reverse("login")),
        hanoi_client.get(reverse("participants:point_detail", args=[hanoi_point.pk])),
    ):
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_pages_are_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
