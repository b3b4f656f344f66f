"""Vụ CCHC renders every document from the page: htmx polls the progress under the
portal's CSP until the ZIP link appears."""

import pytest
from playwright.sync_api import expect

from documents import services
from documents.models import RenderJob
from tests import factories

from .support import with_password

pytestmark = pytest.mark.browser


def test_render_all_shows_progress_then_the_zip(
    portal, login, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
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
    expect(page.locator("#render-progress")).to_be_visible()
    # The worker's part, done here: the page keeps polling until the job is done.
    job = RenderJob.objects.get()
    services.run_render_job(job)
    expect(page.get_by_test_id("zip-link")).to_be_visible()
    expect(page.get_by_test_id("render-job")).to_contain_text("6/6")
    if shot := __import__("os").environ.get("DOCUMENTS_SCREENSHOT"):
        page.screenshot(path=shot, full_page=True)
    assert violations == []
