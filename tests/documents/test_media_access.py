"""Issue #16 (15): under `make run` (DEBUG), /media/ served an unpublished upload to
anyone, logged in or not. No URL serves MEDIA_ROOT, in any mode: uploads are reached
only through the documents views, which check the role and the point."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import Resolver404, clear_url_caches, resolve, reverse

import config.urls
from conference.models import ConferenceDocument
from tests import factories
from tests.otp import login_verified

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.7 de an chua cong bo"


@pytest.fixture
def unpublished(docs_conference):
    document = ConferenceDocument(
        conference=docs_conference, kind="scheme", title="Đề án (dự thảo)"
    )
    document.file.save("de-an-du-thao.pdf", ContentFile(CONTENT), save=False)
    document.save()
    return document


@pytest.fixture
def debug_urls(settings):
    """The URLconf as `make run` builds it: imported with DEBUG on."""
    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def media_path(document) -> str:
    return f"/media/{document.file.name}"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_no_route_serves_media_even_in_debug(debug_urls, unpublished):
    with pytest.raises(Resolver404):
        resolve(media_path(unpublished))


def test_anonymous_and_province_get_404_for_an_unpublished_upload_in_debug(
    debug_urls, unpublished, bac_ninh_point, client
):
    province = Client()
    login_verified(province, factories.province_staff(bac_ninh_point.unit))
    assert client.get(media_path(unpublished)).status_code == 404
    assert province.get(media_path(unpublished)).status_code == 404
    file_url = reverse("documents:file", args=[bac_ninh_point.pk, unpublished.pk])
    assert province.get(file_url).status_code == 404
    assert client.get(file_url).status_code == 302  # to the login page


def test_the_organiser_opens_an_unpublished_upload_from_the_documents_page(
    unpublished, organiser_client, bac_ninh_point
):
    page = organiser_client.get(
        reverse("documents:conference", args=[unpublished.conference.slug])
    ).content.decode()
    url = reverse(
        "documents:conference_file", args=[unpublished.conference.slug, unpublished.pk]
    )
    assert f'href="{url}"' in page
    response = organiser_client.get(url)
    assert response.status_code == 200
    assert body(response) == CONTENT
    assert "de-an-du-thao.pdf" in response["Content-Disposition"]


def test_only_the_organiser_opens_a_file_from_the_conference_page(
    unpublished, bac_ninh_point, technician_client, client
):
    province = Client()
    login_verified(province, factories.province_staff(bac_ninh_point.unit))
    url = reverse(
        "documents:conference_file", args=[unpublished.conference.slug, unpublished.pk]
    )
    assert province.get(url).status_code == 404
    assert technician_client.get(url).status_code == 404
    assert client.get(url).status_code == 302


def test_the_admin_links_a_file_to_the_download_view_not_to_media(
    unpublished, admin_client_role
):
    page = admin_client_role.get(
        reverse("admin:conference_conferencedocument_change", args=[unpublished.pk])
    ).content.decode()
    url = reverse(
        "documents:conference_file", args=[unpublished.conference.slug, unpublished.pk]
    )
    assert f'href="{url}"' in page
    assert "/media/" not in page
