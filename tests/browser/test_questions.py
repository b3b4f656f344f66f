"""A province asks, Vụ CCHC answers, the province reads the answer; the moderator's
queue refreshes by itself; the record's PDF appears when its job is done. Every page
of the journey passes axe-core with no serious or critical violation."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from questions.models import Question, RecordExport
from questions.services import questions
from questions.services.record_export import run_record_export
from tests import factories

from .support import sign_in, with_password
from .test_accessibility import new_page, run_axe

pytestmark = pytest.mark.browser


@pytest.fixture
def da_nang(portal):
    conference = portal.conference
    start = conference.starts_at
    factories.AgendaSlotFactory(
        conference=conference,
        order=6,
        starts_at=start + timedelta(minutes=105),
        ends_at=start + timedelta(minutes=180),
        content="Hỏi đáp những vấn đề đại biểu các tỉnh, thành phố quan tâm",
    )
    unit = factories.UnitFactory(
        unit_set=conference.unit_set, code="48", name="Đà Nẵng", kind="central_city"
    )
    return factories.BridgePointFactory(conference=conference, unit=unit)


def _watch(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def _axe_pages(browser, live_server, username: str, paths: list[str]) -> dict:
    """axe-core on each page as `username`, in a context that lets axe be injected
    (the journeys themselves run under the portal's CSP)."""
    found = {}
    page = new_page(browser, width=1280)
    sign_in(page, live_server.url, username)
    for path in paths:
        # One load per page, checked at both widths (as the accessibility sweep).
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(f"{live_server.url}{path}")
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 800})
            if violations := run_axe(page):
                found[(width, path)] = violations
    page.context.close()
    return found


def test_a_province_asks_vu_cchc_answers_and_the_province_reads_it(
    portal, da_nang, browser, live_server
):
    staff = with_password(
        factories.province_staff(
            da_nang.unit, username="snv-48", email="snv@danang.gov.vn"
        )
    )
    province = browser.new_context(
        bypass_csp=False, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = province.new_page()
    page.set_default_timeout(15_000)
    csp = _watch(page)
    sign_in(page, live_server.url, staff.username)
    page.get_by_test_id("nav-questions").click()
    page.get_by_test_id("ask").click()
    page.locator("#id_kind").select_option("proposal")
    page.locator("#id_topic").select_option("scoring")
    page.locator("#id_text").fill(
        "Đề nghị hướng dẫn cách chấm tiêu chí 1.3 khi tỉnh lồng ghép tuyên truyền."
    )
    page.get_by_test_id("send").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã gửi câu hỏi số 1")
    row = page.get_by_test_id("own-question")
    expect(row).to_contain_text("Mới")

    ministry = browser.new_context(
        bypass_csp=False, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    cchc = ministry.new_page()
    cchc.set_default_timeout(15_000)
    csp += _watch(cchc)
    organiser = with_password(factories.organiser(username="cchc"))
    sign_in(cchc, live_server.url, organiser.username)
    cchc.get_by_test_id("nav-questions").click()
    cchc.locator("[data-testid=triage-row][data-number='1']").get_by_test_id(
        "triage-link"
    ).click()
    expect(cchc.get_by_test_id("asked-by")).to_contain_text("Thành phố Đà Nẵng")
    cchc.locator("#id_status").select_option("answered_in_writing")
    cchc.locator("#id_answer").fill(
        "Hoạt động lồng ghép được tính điểm khi kế hoạch nêu rõ nội dung tuyên truyền."
    )
    cchc.locator("#id_is_public").check()
    cchc.get_by_test_id("save-triage").click()
    expect(cchc.locator(".alert-success")).to_contain_text("Đã lưu câu hỏi số 1")
    expect(cchc.get_by_test_id("status")).to_contain_text("Đã trả lời bằng văn bản")

    page.reload()
    expect(row).to_contain_text("Đã trả lời bằng văn bản")
    expect(page.get_by_test_id("public-answer")).to_contain_text("câu hỏi của tỉnh")
    row.get_by_role("link", name="1", exact=True).click()
    expect(page.get_by_test_id("answer")).to_contain_text(
        "Hoạt động lồng ghép được tính điểm khi kế hoạch nêu rõ nội dung tuyên truyền."
    )
    province.close()
    ministry.close()
    assert csp == []

    question = Question.objects.get()
    point_pages = [
        f"/points/{da_nang.pk}/questions/",
        f"/points/{da_nang.pk}/questions/new/",
        f"/points/{da_nang.pk}/questions/{question.pk}/",
    ]
    base = f"/conferences/{portal.conference.slug}"
    ministry_pages = [
        f"{base}/questions/",
        f"{base}/questions/{question.pk}/",
        f"{base}/questions/queue/",
        f"{base}/questions/queue/?wall=1",
        f"{base}/drafts/",
    ]
    assert _axe_pages(browser, live_server, "snv-48", point_pages) == {}
    assert _axe_pages(browser, live_server, "cchc", ministry_pages) == {}


def test_the_queue_refreshes_itself_and_the_moderator_marks_answers(
    portal, da_nang, login, live_server, browser
):
    staff = factories.province_staff(da_nang.unit, username="snv-48")
    organiser = with_password(factories.organiser(username="cchc"))
    made = []
    for text in ("Câu hỏi thứ nhất tại hội nghị.", "Câu hỏi thứ hai tại hội nghị."):
        question = questions.submit_question(
            point=da_nang,
            data={"kind": "question", "topic": "scheme", "text": text},
            by=staff,
            now=portal.conference.starts_at - timedelta(days=1),
        )
        made.append(question)
    page = login(organiser)
    page.set_default_timeout(15_000)
    csp = _watch(page)
    # The page's timers on a clock the test can move: the 5 s poll comes when the
    # test says, not 5 s later.
    page.clock.install()
    page.goto(
        f"{live_server.url}/conferences/{portal.conference.slug}/questions/queue/"
    )
    expect(page.get_by_test_id("waiting-count")).to_contain_text("0 câu hỏi")

    # Another organiser puts both questions on the queue: no reload, htmx polls.
    for question in made:
        question.refresh_from_db()
        questions.triage_question(
            question=question,
            status="at_conference",
            answer="",
            is_public=False,
            published_text="",
            expected_version=question.version,
            by=organiser,
            now=portal.conference.starts_at,
        )
    items = page.get_by_test_id("queue-item")
    # The panel polls every 5 s: 5 s on, its next poll shows both.
    page.clock.run_for(5_000)
    expect(items).to_have_count(2, timeout=15_000)
    expect(page.get_by_test_id("queue-summary")).to_contain_text("Hỏi đáp")

    items.nth(1).get_by_test_id("move-up").click()
    expect(items.first).to_have_attribute("data-number", "2")
    items.first.get_by_test_id("mark-answered").click()
    expect(items).to_have_count(1)
    expect(page.get_by_test_id("answered-list")).to_contain_text("Câu hỏi số 2")
    assert Question.objects.get(number=2).status == "answered_at_conference"

    page.get_by_test_id("wall-link").click()
    expect(page.locator(".queue-wall")).to_be_visible()
    expect(page.get_by_test_id("mark-answered")).to_have_count(0)
    assert csp == []


def test_the_record_pdf_link_appears_when_its_job_is_done(
    portal, da_nang, login, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    staff = factories.province_staff(da_nang.unit, username="snv-48")
    questions.submit_question(
        point=da_nang,
        data={"kind": "question", "topic": "other", "text": "Câu hỏi để ghi biên bản."},
        by=staff,
        now=portal.conference.starts_at - timedelta(days=1),
    )
    page = login(with_password(factories.organiser(username="cchc")))
    page.set_default_timeout(15_000)
    csp = _watch(page)
    page.goto(f"{live_server.url}/conferences/{portal.conference.slug}/questions/")
    page.get_by_test_id("record-pdf").click()
    expect(page.get_by_test_id("record-job")).to_contain_text("đang chờ")

    # The worker's part, done here: the page polls until the job is done.
    run_record_export(job=RecordExport.objects.get())
    expect(page.get_by_test_id("record-pdf-link")).to_be_visible(timeout=15_000)
    with page.expect_download() as download:
        page.get_by_test_id("record-pdf-link").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert csp == []
