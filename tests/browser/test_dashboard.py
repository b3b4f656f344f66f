"""The dashboard's three journeys: organiser, technician, and the conference day."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from conference.enums import UnitKind
from readiness.models import ConnectionTest
from tests import factories

from .support import sign_in, with_password

pytestmark = pytest.mark.browser


@pytest.fixture
def bac_ninh(portal):
    unit = factories.UnitFactory(
        unit_set=portal.conference.unit_set,
        code="27",
        name="Bắc Ninh",
        kind=UnitKind.PROVINCE,
        region="Bắc",
    )
    point = factories.BridgePointFactory(conference=portal.conference, unit=unit)
    factories.DelegateFactory(point=point, full_name="Nguyễn Thị Bắc")
    return point


def _csp_watch(page):
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text) if "Content Security Policy" in m.text else None
        ),
    )
    return violations


def test_organiser_filters_searches_extends_and_downloads(
    portal, bac_ninh, login, live_server
):
    page = login(with_password(factories.organiser(username="cchc")))
    page.set_default_timeout(10_000)
    violations = _csp_watch(page)
    page.locator("#id_status").select_option("draft")
    page.locator("#id_q").fill("bac ninh")
    page.get_by_test_id("apply-filters").click()
    expect(page).to_have_url(
        f"{live_server.url}/conferences/{portal.conference.slug}/rollup/"
        "?q=bac+ninh&status=draft&readiness=&region=&sort=code"
    )
    rows = page.get_by_test_id("point-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bắc Ninh")

    rows.first.get_by_test_id("point-link").click()
    expect(page.get_by_test_id("point-name")).to_contain_text("Bắc Ninh")
    # Later than the list's deadline (12 days ahead), before the start (14 days).
    new_deadline = timezone.localtime() + timedelta(days=13)
    page.locator("#id_extend_to").fill(new_deadline.strftime("%d/%m/%Y 17:00"))
    page.locator("#id_reason").fill("Tỉnh đang xin ý kiến lãnh đạo")
    page.get_by_test_id("extend-deadline").click()
    expect(page.locator(".alert-success")).to_contain_text("gia hạn")
    bac_ninh.refresh_from_db()
    assert timezone.localtime(bac_ninh.delegate_list.deadline_extended_to).strftime(
        "%d/%m/%Y %H:%M"
    ) == new_deadline.strftime("%d/%m/%Y 17:00")

    page.get_by_test_id("back-to-dashboard").click()
    expect(page).to_have_url(
        f"{live_server.url}/conferences/{portal.conference.slug}/rollup/"
        "?q=bac+ninh&status=draft&readiness=&region=&sort=code"
    )
    expect(page.locator("#id_q")).to_have_value("bac ninh")
    expect(page.get_by_test_id("point-row")).to_have_count(1)

    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"dai-bieu-{portal.conference.slug}-")
    book = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert book.sheetnames[:2] == ["Tất cả đại biểu", "Tổng hợp"]
    assert "27 Bắc Ninh" in book.sheetnames
    assert violations == []


def test_technician_records_a_first_round_test(portal, bac_ninh, login):
    page = login(with_password(factories.technician(username="tttt")))
    page.set_default_timeout(10_000)
    row = page.locator("[data-testid=readiness-row][data-code='27']")
    row.get_by_test_id("record-round-1").click()
    page.locator("#id_tested_at").fill("18/11/2022 09:30")
    page.locator("#id_result").select_option("ok")
    # The account has no full name: the engineer is typed.
    expect(page.locator("#id_engineer")).to_have_value("")
    page.locator("#id_engineer").fill("Lê Văn Kỹ")
    page.locator("#id_notes").fill("Hình ảnh, âm thanh tốt")
    page.get_by_test_id("save").click()
    row = page.locator("[data-testid=readiness-row][data-code='27']")
    expect(row).to_contain_text("Đạt")
    test = ConnectionTest.objects.get(point=bac_ninh)
    assert (test.round, test.result, test.engineer) == (1, "ok", "Lê Văn Kỹ")


def test_province_connects_and_the_ministry_screen_updates_itself(
    portal, bac_ninh, login, live_server, browser
):
    # Today is the conference day: check-in is open only then.
    now = timezone.now().replace(microsecond=0)
    portal.conference.starts_at = now
    portal.conference.connection_opens_at = now - timedelta(minutes=30)
    portal.conference.save()
    page = login(with_password(factories.organiser(username="cchc")))
    page.set_default_timeout(15_000)
    # The page's timers on a clock the test can move: the 5 s poll comes when the
    # test says, not 5 s later.
    page.clock.install()
    page.goto(f"{live_server.url}/conferences/{portal.conference.slug}/day/")
    missing = page.get_by_test_id("missing-list")
    expect(missing).to_contain_text("Bắc Ninh")
    expect(page.get_by_test_id("connected-count")).to_contain_text("0/2")

    province = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    other = province.new_page()
    staff = with_password(factories.province_staff(bac_ninh.unit, username="snv-27"))
    sign_in(other, live_server.url, staff.username)
    other.get_by_test_id("readiness-link").click()
    other.get_by_test_id("check-in-link").click()
    other.locator("#id_present_count").fill("18")
    other.get_by_test_id("save").click()
    expect(other.get_by_test_id("check-in")).to_contain_text("18")
    province.close()

    # No reload: htmx polls the panel every 5 s.
    page.clock.run_for(5_000)
    expect(page.get_by_test_id("connected-count")).to_contain_text("1/2")
    expect(page.get_by_test_id("connected-list")).to_contain_text("Bắc Ninh")
    expect(missing).not_to_contain_text("Bắc Ninh")


def test_rollup_pdf_is_made_in_the_background_then_downloaded(
    portal, bac_ninh, login, live_server, settings, tmp_path
):
    """The roll-up button starts a job: the page shows its progress (htmx, under
    the CSP), a second click shows the same job, and the PDF downloads when done."""
    from pypdf import PdfReader

    from dashboard import tasks
    from documents.models import RenderJob

    settings.MEDIA_ROOT = tmp_path
    page = login(with_password(factories.organiser(username="cchc")))
    page.set_default_timeout(15_000)
    violations = _csp_watch(page)

    page.get_by_test_id("export-pdf").click()
    expect(page.locator("#job-rollup_pdf-progress")).to_be_visible()
    page.get_by_test_id("export-pdf").click()
    expect(page.get_by_test_id("job-already-running")).to_be_visible()
    job = RenderJob.objects.get()
    assert (job.kind, job.requested_by.username) == ("rollup_pdf", "cchc")
    # The worker's part, done here: the page keeps polling until the job is done.
    tasks.render_pdf_job(job_id=job.pk)
    link = page.get_by_test_id("job-rollup_pdf-file")
    expect(link).to_be_visible()
    expect(page.get_by_test_id("job-rollup_pdf")).to_contain_text("1/1 trang")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"tong-hop-{portal.conference.slug}-")
    text = PdfReader(download.path()).pages[0].extract_text()
    assert "Bắc Ninh" in text
    assert violations == []
