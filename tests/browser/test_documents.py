"""Vụ CCHC renders every document from the page: htmx polls the progress under the
portal's CSP until the ZIP link appears."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import BackdropSize, RenderJob
from tests import factories
from tests.documents.render_jobs import run_render_job

from .support import with_password

pytestmark = pytest.mark.browser


def test_render_all_shows_progress_then_the_zip(
    portal, login, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # The live server's tests flush the database, the migration's sizes with it.
    for order, (name, width, height) in enumerate(
        [("Màn hình 16:9", 3200, 1800), ("Băng rôn ngang", 4800, 1200)], start=1
    ):
        BackdropSize.objects.get_or_create(
            name=name, defaults={"width_mm": width, "height_mm": height, "order": order}
        )
    page = login(with_password(factories.organiser(username="cchc-docs")))
    page.set_default_timeout(15_000)
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.goto(f"{live_server.url}/conferences/{portal.conference.slug}/documents/")
    page.get_by_test_id("render-all").click()
    expect(page.locator("#job-render_all-progress")).to_be_visible()
    # A second click shows the same job.
    page.get_by_test_id("render-all").click()
    expect(page.get_by_test_id("job-already-running")).to_be_visible()
    # The worker's part, done here: the page keeps polling until the job is done.
    job = RenderJob.objects.get()
    run_render_job(job, now=timezone.now())
    expect(page.get_by_test_id("job-render_all-file")).to_be_visible()
    expect(page.get_by_test_id("job-render_all")).to_contain_text("6/6 tài liệu")
    with page.expect_download() as download_info:
        page.get_by_test_id("job-render_all-file").click()
    assert download_info.value.suggested_filename == f"tai-lieu-hoi-nghi-{job.pk}.zip"
    if shot := __import__("os").environ.get("DOCUMENTS_SCREENSHOT"):
        page.screenshot(path=shot, full_page=True)
    assert violations == []


def test_province_sees_its_documents_with_backdrop_previews(
    portal, login, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    from tests.documents.conftest import default_sizes

    default_sizes()
    point = portal.province_point
    page = login(with_password(factories.province_staff(point.unit, username="snv-01")))
    page.set_default_timeout(20_000)
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    page.get_by_test_id("documents-link").click()
    expect(page.get_by_test_id("invitation-link")).to_be_visible()
    previews = page.locator("figure.backdrop-preview img")
    expect(previews).to_have_count(2)
    for index in range(2):
        previews.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth === 640",
            arg=previews.nth(index).element_handle(),
        )
    if shot := __import__("os").environ.get("DOCUMENTS_SCREENSHOT_PROVINCE"):
        page.screenshot(path=shot, full_page=True)
    assert violations == []
