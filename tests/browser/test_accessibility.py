"""axe-core finds no serious or critical violation on any portal page of any role.

Each demo account logs in and walks every page it can reach by a link (the Django
admin's own markup aside: the walk never enters /admin/); each page is checked at a
desktop's width and a phone's. axe-core is injected into
each page from tests/browser/vendor/axe-core; the context bypasses the CSP for that
injection only, since the portal itself allows no inline script.
"""

from pathlib import Path

import pytest

from conference.models import BridgePoint
from tests.pages import (
    DEMO_USERNAMES,
    SWEEP_LIMIT,
    build_demo_world,
    extra_urls,
    walk,
)

from .support import sign_in

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
# pages, and each page is checked at both widths. The portal's layout is CSS alone
# (Bootstrap's media queries; no script reads the width), so the page loaded at the
# desktop's width and then narrowed to the phone's is the page a phone loads: one
# load per page instead of two.
DESKTOP, PHONE = 1280, 375
HEIGHT = 800
# The organisers reach the most pages: their walks start first, so that parallel
# workers finish together.
ORGANISERS_FIRST = sorted(
    DEMO_USERNAMES, key=lambda name: name not in {"cchc", "admin"}
)


def run_axe(page) -> list[dict]:
    """The page's serious and critical violations, as axe-core reports them."""
    # new_page's pages have axe from their first script on; another page gets it now.
    if not page.evaluate("typeof axe !== 'undefined'"):
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


# The demo world's other provinces have the same empty draft list and nothing else
# of their own: 60 more rows of the same markup on every organiser's page, which
# axe checks again, row by row (most of the sweep's time), and no variant the
# points kept do not show. Points with the demo's questions or comments are kept.
KEPT_PROVINCES = ("01", "27", "46")


@pytest.fixture
def demo_world(live_server, settings):
    settings.DEBUG = False
    world = build_demo_world()
    BridgePoint.objects.filter(
        conference=world.conference,
        is_main=False,
        questions__isnull=True,
        draft_comments__isnull=True,
    ).exclude(unit__code__in=KEPT_PROVINCES).delete()
    return world


def new_page(browser, *, width: int):
    """A page of a context of its own at `width`, where every document the page
    loads has axe-core before its own scripts run: the script is handed to the
    browser once, not once per page."""
    context = browser.new_context(
        bypass_csp=True,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": width, "height": HEIGHT},
    )
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.mark.slow
@pytest.mark.parametrize("username", ORGANISERS_FIRST)
def test_no_serious_violation_on_any_page(username, demo_world, browser, live_server):
    page = new_page(browser, width=DESKTOP)
    sign_in(page, live_server.url, username)
    found = {}

    def fetch(url: str) -> tuple[str, str]:
        # The walk's own visit is both checks: no second load of the page.
        page.set_viewport_size({"width": DESKTOP, "height": HEIGHT})
        page.goto(f"{live_server.url}{url}" if url.startswith("/") else url)
        final = page.url.removeprefix(live_server.url)
        html = page.content()
        found[DESKTOP, final] = run_axe(page)
        page.set_viewport_size({"width": PHONE, "height": HEIGHT})
        found[PHONE, final] = run_axe(page)
        return final, html

    pages = walk(fetch, extra=extra_urls(username, demo_world), limit=SWEEP_LIMIT)
    page.context.close()

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


def test_axe_sees_the_phone_layout_after_the_page_is_narrowed(browser):
    """The sweep's phone check: a page loaded at the desktop's width and narrowed
    to the phone's is checked with the phone's CSS (here: text only a phone shows)."""
    context = browser.new_context(
        bypass_csp=True, viewport={"width": DESKTOP, "height": HEIGHT}
    )
    page = context.new_page()
    page.set_content(
        '<html lang="vi"><head><title>Thử</title><style>'
        ".phone{display:none;color:#bbb;background:#fff}"
        "@media (max-width: 575.98px){.phone{display:block}}"
        '</style></head><body><main><p class="phone">Chữ quá nhạt</p>'
        "</main></body></html>"
    )
    at_desktop = run_axe(page)
    page.set_viewport_size({"width": PHONE, "height": HEIGHT})
    at_phone = run_axe(page)
    context.close()
    assert at_desktop == []
    assert [v["id"] for v in at_phone] == ["color-contrast"]
