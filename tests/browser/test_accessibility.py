"""axe-core finds no serious or critical violation on any portal page of any role.

Each demo account logs in and walks every page it can reach by a link (the Django
admin's own markup aside: the walk never enters /admin/). axe-core is injected into
each page from tests/browser/vendor/axe-core; the context bypasses the CSP for that
injection only, since the portal itself allows no inline script.
"""

from pathlib import Path

import pytest

from tests.pages import DEMO_USERNAMES, build_demo_world, extra_urls, walk

from .support import log_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}


def run_axe(page) -> list[dict]:
    """The page's serious and critical violations, as axe-core reports them."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.fixture
def demo_world(live_server, settings):
    settings.DEBUG = False
    return build_demo_world()


@pytest.mark.parametrize("username", DEMO_USERNAMES)
@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_violation_on_any_page(
    username, width, demo_world, browser, live_server
):
    context = browser.new_context(
        bypass_csp=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": width, "height": 800},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, username=username, password="demo12345")

    def fetch(url: str) -> tuple[str, str]:
        page.goto(f"{live_server.url}{url}" if url.startswith("/") else url)
        return page.url.removeprefix(live_server.url), page.content()

    found = {}
    pages = walk(fetch, extra=extra_urls(username, demo_world), limit=25)
    for url in pages:
        page.goto(f"{live_server.url}{url}")
        if violations := run_axe(page):
            found[url] = violations
    context.close()

    assert len(pages) >= 2
    assert found == {}


def test_axe_finds_a_contrast_failure(browser, live_server):
    """The check itself: light grey text on white is reported as serious."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<html lang="vi"><head><title>Thử</title></head><body><main>'
        '<p style="color:#bbb;background:#fff">Chữ quá nhạt</p></main></body></html>'
    )
    violations = run_axe(page)
    context.close()
    assert [v["id"] for v in violations] == ["color-contrast"]
