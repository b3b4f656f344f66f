"""axe-core finds no serious or critical violation on any portal page of any role.

Each demo account logs in and walks every page it can reach by a link (the Django
admin's own markup aside: the walk never enters /admin/); each page is checked at a
desktop's width and a phone's. axe-core is injected into
each page from tests/browser/vendor/axe-core; the context bypasses the CSP for that
injection only, since the portal itself allows no inline script.
"""

from pathlib import Path

import pytest

from tests.pages import (
    DEMO_USERNAMES,
    SWEEP_LIMIT,
    build_demo_world,
    extra_urls,
    walk,
)

from .support import log_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    # Every rule still runs on every node and every violation is reported in full;
    # the passes and the rest, never read here, are cut to one node each (axe's
    # documented option for large pages: the roll-up's table is one).
    "resultTypes": ["violations"],
}
# A desktop and a phone. The links are the same at any width: one walk finds the
# pages, and each page is checked at both widths.
DESKTOP, PHONE = 1280, 375
# The organisers reach the most pages: their walks start first, so that parallel
# workers finish together.
ORGANISERS_FIRST = sorted(
    DEMO_USERNAMES, key=lambda name: name not in {"cchc", "admin"}
)


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


def new_page(browser, *, width: int, storage_state=None):
    context = browser.new_context(
        bypass_csp=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": width, "height": 800},
        storage_state=storage_state,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.mark.slow
@pytest.mark.parametrize("username", ORGANISERS_FIRST)
def test_no_serious_violation_on_any_page(username, demo_world, browser, live_server):
    desktop = new_page(browser, width=DESKTOP)
    log_in(desktop, live_server.url, username=username, password="demo12345")
    # Signed in as the desktop is.
    phone = new_page(
        browser, width=PHONE, storage_state=desktop.context.storage_state()
    )
    found = {}

    def fetch(url: str) -> tuple[str, str]:
        # The walk's own visit is the desktop's check: no second load of the page.
        desktop.goto(f"{live_server.url}{url}" if url.startswith("/") else url)
        final = desktop.url.removeprefix(live_server.url)
        found[DESKTOP, final] = run_axe(desktop)
        return final, desktop.content()

    pages = walk(fetch, extra=extra_urls(username, demo_world), limit=SWEEP_LIMIT)
    for url in pages:
        phone.goto(f"{live_server.url}{url}")
        found[PHONE, url] = run_axe(phone)
    desktop.context.close()
    phone.context.close()

    assert len(pages) >= 2
    assert {
        f"{width}px {url}": violations
        for (width, url), violations in found.items()
        if violations and url in pages
    } == {}


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
