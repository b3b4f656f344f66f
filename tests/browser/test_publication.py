"""The public page opens without a login and passes axe-core; Vụ CCHC downloads a
province's Voffice package from the documents page."""

import io
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.services import programme
from tests import factories

from .support import with_password
from .test_accessibility import run_axe

pytestmark = pytest.mark.browser


def test_anyone_reads_the_public_page_and_its_feed(portal, browser, live_server):
    factories.AgendaSlotFactory(conference=portal.conference, order=1)
    programme.publish_programme(
        conference=portal.conference, by=None, now=timezone.now()
    )
    found = {}
    context = browser.new_context(
        bypass_csp=True, locale="vi-VN", viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/public/{portal.conference.slug}/")
    # One load, checked at both widths (as the accessibility sweep).
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 800})
        expect(page.get_by_test_id("public-programme")).to_contain_text(
            "Tuyên bố lý do, giới thiệu đại biểu"
        )
        if violations := run_axe(page):
            found[width] = violations
    href = page.get_by_test_id("public-feed").get_attribute("href")
    feed = page.request.get(f"{live_server.url}{href}")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    context.close()
    assert found == {}


def test_vu_cchc_downloads_a_province_s_voffice_package(
    portal, login, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = login(with_password(factories.organiser(username="cchc-voffice")))
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/conferences/{portal.conference.slug}/documents/")
    page.get_by_test_id("voffice-link").click()
    with page.expect_download() as download:
        page.get_by_test_id("voffice-zip").click()
    package = zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read()))
    assert "metadata.json" in package.namelist()
    assert download.value.suggested_filename == "voffice-01-ha-noi.zip"
