"""Every page each demo account can reach, and a check for English left on a page.

Shared by tests/test_untranslated.py (Django's test client) and the accessibility
browser test (Playwright): both walk the portal from its home page as each demo
account, following the links a user can follow, so a new page is checked the day
it gets a link.
"""

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import django
import polib
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import Resolver404, resolve
from django.utils import timezone

DEMO_USERNAMES = ("snv-01", "cchc", "tttt", "admin")
# Never followed: leaving the portal, files, the admin (checked model by model).
SKIPPED_PREFIXES = ("/admin/", "/logout/", "/static/", "/media/")
SKIPPED_SUFFIXES = (".xlsx", ".pdf", ".csv", ".zip", ".atom")
# Pages one account's sweep visits at most (breadth first, so the nearest first):
# enough for every kind of page Vụ CCHC reaches.
SWEEP_LIMIT = 45

# Words that are the same in Vietnamese usage.
ALLOWED_WORDS = {"excel", "email", "xlsx", "pdf", "csv", "zalo", "url", "http", "https"}


# ---------------------------------------------------------------- the demo world


@dataclass
class DemoWorld:
    conference: object
    point: object  # snv-01's point


def build_demo_world() -> DemoWorld:
    """The plan two weeks ahead, the demo accounts, and a Hà Nội list with a bit of
    everything: a chair, a guest, a staged file with a bad row, a changed history."""
    from accounts.models import User
    from participants import services
    from participants.excel import applying, checking
    from participants.excel.reading import RowData
    from plans.services.demo import seed_demo_accounts
    from plans.services.plan_loader import load_plan

    now = timezone.now()
    conference = load_plan(day=(now + timedelta(days=14)).date())
    seed_demo_accounts(conference=conference)
    point = conference.points.get(unit__code="01")
    staff = User.objects.get(username="snv-01")
    for data in (
        {
            "full_name": "Nguyễn Văn Hùng",
            "position": "Giám đốc Sở Nội vụ",
            "agency": "home_affairs",
            "phone": "+84912345678",
            "email": "hung.nv@snv.hanoi.gov.vn",
            "role": "chair",
        },
        {
            "full_name": "Lê Quang Minh",
            "position": "Trưởng ban",
            "agency": "other",
            "agency_other": "Ban Dân tộc",
            "phone": "+84904111222",
            "role": "guest",
        },
    ):
        services.create_delegate(point=point, data=data, by=staff, now=now)
    point.refresh_from_db()
    services.update_point_details(
        point=point,
        data={"room": "Phòng họp tầng 3", "technical_contact_phone": "+842438251234"},
        expected_version=point.version,
        by=staff,
        now=now,
    )
    rows = [
        RowData(
            number=2,
            data={
                "full_name": "Trần Thị Mai",
                "position": "",
                "agency": "home_affairs",
                "agency_other": "",
                "phone": "12345",
                "email": "mai@",
                "role": "attendee",
            },
        )
    ]
    check = checking.check_rows(point=point, rows=rows, mode="append")
    applying.save_import(point=point, check=check, file_name="ds.xlsx", by=staff)
    return DemoWorld(conference=conference, point=point)


def extra_urls(username: str, world: DemoWorld) -> list[str]:
    """Pages a role reaches by a form rather than a link."""
    urls = ["/khong-co-trang-nay/"]  # the 404 page
    if username == "cchc":
        urls.append(f"/points/{world.point.pk}/reopen/")
        # "Nhắc ngay" asks first: its confirmation page, reached by a GET form.
        urls.append(f"/conferences/{world.conference.slug}/remind-now/?target=late")
    return urls


# ---------------------------------------------------------------- walking the portal


def page_key(path: str) -> str | None:
    """One page per view: the second delegate's edit page is the first one's twin."""
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.view_name


def links_in(html: str) -> list[str]:
    return re.findall(r'<a\b[^>]*\bhref="([^"]+)"', html)


def followable(href: str) -> str | None:
    href, _fragment = urldefrag(href)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    path = parts.path
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES):
        return None
    return href


def walk(
    fetch: Callable[[str], tuple[str, str]], *, start="/", extra=(), limit=60
) -> dict[str, str]:
    """Visit every page reachable from `start`; `fetch(url)` returns (final url, html).

    Returns final url → html, one page per view.
    """
    seen_keys: set[str] = set()
    queue = [start, *extra]
    pages: dict[str, str] = {}
    while queue and len(pages) < limit:
        url = queue.pop(0)
        key = page_key(urlsplit(url).path)
        if key in seen_keys:
            continue
        seen_keys.add(key)
        final, html = fetch(url)
        final_key = page_key(urlsplit(final).path)
        if final_key != key and final_key in seen_keys and final in pages:
            continue
        seen_keys.add(final_key)
        pages[final] = html
        for href in links_in(html):
            if (target := followable(href)) and page_key(target) not in seen_keys:
                queue.append(target)
    return pages


# ---------------------------------------------------------------- English left on a page


class VisibleText(HTMLParser):
    """The text a user reads or hears: content, titles, labels, placeholders, buttons."""

    HIDDEN = {"script", "style", "template", "noscript", "svg"}
    ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        attrs = dict(attrs)
        for name in self.ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _words(text: str) -> set[str]:
    text = re.sub(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>", " ", text)
    return {w.lower() for w in re.findall(r"\w+", text) if w.isascii() and w.isalpha()}


def _catalogues(language: str) -> Iterable[Path]:
    django_dir = Path(django.__file__).parent
    for domain_dir in ("conf", "contrib/admin", "contrib/auth", "contrib/contenttypes"):
        yield (
            django_dir / domain_dir / "locale" / language / "LC_MESSAGES" / "django.po"
        )


def _entries(path: Path):
    return [e for e in polib.pofile(str(path)) if not e.obsolete]


def english_vocabulary() -> set[str]:
    """Words of the English source strings (Django's and the portal's) that no
    Vietnamese text uses: one of them on a page is English left untranslated."""
    ours = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    english, vietnamese = set(), set()
    for path in (*_catalogues("en"), ours):
        for entry in _entries(path):
            english |= _words(entry.msgid) | _words(entry.msgid_plural or "")
    for path in (*_catalogues("vi"), ours):
        for entry in _entries(path):
            vietnamese |= _words(entry.msgstr)
            for text in entry.msgstr_plural.values():
                vietnamese |= _words(text)
    return {w for w in english - vietnamese - ALLOWED_WORDS if len(w) >= 3}


def data_words() -> set[str]:
    """Words of the data itself (names, units, e-mail addresses): never flagged."""
    words = set()
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not names:
            continue
        for row in model._default_manager.values_list(*names):
            for value in row:
                if value:
                    words |= _words(
                        value if isinstance(value, str) else json.dumps(value)
                    )
    return words


def english_on_page(html: str, vocabulary: set[str]) -> list[str]:
    """Each English word on the page, with the text around it."""
    text = visible_text(html)
    found = []
    for match in re.finditer(r"\w+", text):
        word = match.group()
        if word.isascii() and word.lower() in vocabulary:
            start = max(match.start() - 40, 0)
            found.append(f"{word!r} in …{text[start : match.end() + 40]}…")
    return found
