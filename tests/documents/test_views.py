"""The documents pages: what each role reaches, uploads, publishing, render all."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conference.models import ConferenceDocument
from documents.models import RenderJob
from tests import factories
from tests.documents import pdfcheck
from tests.documents.render_jobs import run_render_job
from tests.otp import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def bac_ninh_client(bac_ninh_point):
    from django.test import Client

    client = Client()
    login_verified(
        client, factories.province_staff(bac_ninh_point.unit, username="snv-27-t")
    )
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_province_downloads_its_invitation_backdrop_and_programme(
    bac_ninh_client, bac_ninh_point, screen, slots
):
    page = bac_ninh_client.get(
        reverse("documents:point_documents", args=[bac_ninh_point.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("documents:invitation", args=[bac_ninh_point.pk]) in html
    assert (
        reverse("documents:backdrop_preview", args=[bac_ninh_point.pk, screen.pk])
        in html
    )

    response = bac_ninh_client.get(
        reverse("documents:invitation", args=[bac_ninh_point.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="giay-moi-27-bac-ninh.pdf"' in response["Content-Disposition"]
    assert _body(response).startswith(b"%PDF-")

    response = bac_ninh_client.get(
        reverse("documents:backdrop", args=[bac_ninh_point.pk, screen.pk])
    )
    assert _body(response).startswith(b"%PDF-")
    response = bac_ninh_client.get(
        reverse("documents:backdrop_preview", args=[bac_ninh_point.pk, screen.pk])
    )
    assert response["Content-Type"] == "image/png"
    png = _body(response)
    assert png.startswith(b"\x89PNG")
    from PIL import Image

    width, height = Image.open(io.BytesIO(png)).size
    assert width == 640 and height in (360, 361)  # 16:9, rounded up by pdfium
    response = bac_ninh_client.get(
        reverse("documents:programme", args=[bac_ninh_point.pk])
    )
    assert _body(response).startswith(b"%PDF-")


def test_province_gets_404_for_another_provinces_documents(
    bac_ninh_client, hue_point, screen, docs_conference
):
    for name, args in [
        ("documents:point_documents", [hue_point.pk]),
        ("documents:invitation", [hue_point.pk]),
        ("documents:backdrop", [hue_point.pk, screen.pk]),
        ("documents:backdrop_preview", [hue_point.pk, screen.pk]),
        ("documents:programme", [hue_point.pk]),
        ("documents:conference", [docs_conference.slug]),
    ]:
        assert bac_ninh_client.get(reverse(name, args=args)).status_code == 404, name


def test_point_page_shows_time_connection_and_agenda(
    bac_ninh_client, bac_ninh_point, slots
):
    html = bac_ninh_client.get(bac_ninh_point.get_absolute_url()).content.decode()
    assert 'data-testid="conference-starts">08:00 22/11/2022<' in html
    assert 'data-testid="conference-connection">07:30<' in html
    assert "07:30–08:00</span> Kết nối các điểm cầu" in html
    assert reverse("documents:point_documents", args=[bac_ninh_point.pk]) in html


def _upload(client, conference, name, content, kind="scheme"):
    return client.post(
        reverse("documents:upload", args=[conference.slug]),
        {"kind": kind, "title": "Đề án 876", "file": SimpleUploadedFile(name, content)},
    )


def test_organiser_uploads_checks_and_publishes_files(
    organiser_client, bac_ninh_client, bac_ninh_point, docs_conference, settings
):
    assert _upload(organiser_client, docs_conference, "x.exe", b"MZ").status_code == 400
    assert (
        _upload(organiser_client, docs_conference, "fake.pdf", b"MZ...").status_code
        == 400
    )
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 10
    big = _upload(
        organiser_client, docs_conference, "de-an.pdf", b"%PDF-1.7" + b"x" * 20
    )
    assert big.status_code == 400
    assert "lớn hơn" in big.content.decode()
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    response = _upload(
        organiser_client, docs_conference, "Đề án.pdf", b"%PDF-1.7 content"
    )
    assert response.status_code == 302
    document = ConferenceDocument.objects.get()
    assert not document.is_published
    assert document.file.name.endswith("/de-an.pdf")

    file_url = reverse("documents:file", args=[bac_ninh_point.pk, document.pk])
    assert bac_ninh_client.get(file_url).status_code == 404  # not yet published
    organiser_client.post(
        reverse("documents:publish_file", args=[docs_conference.slug, document.pk]),
        {"publish": "1"},
    )
    response = bac_ninh_client.get(file_url)
    assert response.status_code == 200
    assert _body(response) == b"%PDF-1.7 content"
    page = bac_ninh_client.get(
        reverse("documents:point_documents", args=[bac_ninh_point.pk])
    )
    assert "Đề án 876" in page.content.decode()


def test_province_cannot_upload_or_publish(bac_ninh_client, docs_conference):
    response = _upload(bac_ninh_client, docs_conference, "a.pdf", b"%PDF-1.7")
    assert response.status_code == 404
    assert not ConferenceDocument.objects.exists()


def test_render_all_job_shows_progress_and_ends_in_one_zip(
    organiser_client,
    bac_ninh_point,
    main_point,
    docs_conference,
    slots,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = organiser_client.post(
            reverse("documents:render_all", args=[docs_conference.slug]),
            HTTP_HX_REQUEST="true",
        )
    assert response.status_code == 200
    job = RenderJob.objects.get()
    assert (job.kind, job.status, job.requested_by.username) == (
        "render_all",
        "pending",
        response.wsgi_request.user.username,
    )
    assert 'hx-trigger="load delay:1s"' in response.content.decode()
    assert len(callbacks) == 1
    # 1 programme + 1 invitation (not the main point) + 2 points × 2 sizes, in one
    # chunk here: the worker-side fan-out is tests/integration/test_documents_job.py.
    run_render_job(job, now=timezone.now())
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == ("done", 6, 6)
    progress = organiser_client.get(
        reverse("documents:job_progress", args=[docs_conference.slug, job.pk])
    ).content.decode()
    assert "hx-get" not in progress and 'value="6"' in progress
    assert "6/6 tài liệu" in progress
    response = organiser_client.get(
        reverse("documents:job_file", args=[docs_conference.slug, job.pk])
    )
    assert response["Content-Type"] == "application/zip"
    assert (
        f'filename="tai-lieu-hoi-nghi-{job.pk}.zip"'
        in (response["Content-Disposition"])
    )
    names = sorted(zipfile.ZipFile(io.BytesIO(_body(response))).namelist())
    assert names == [
        "chuong-trinh-hoi-nghi.pdf",
        "giay-moi/giay-moi-27-bac-ninh.pdf",
        "maket/maket-00-bo-noi-vu-3200x1800.pdf",
        "maket/maket-00-bo-noi-vu-4800x1200.pdf",
        "maket/maket-27-bac-ninh-3200x1800.pdf",
        "maket/maket-27-bac-ninh-4800x1200.pdf",
    ]
    # A second run renders nothing again.
    before = pdfcheck.cached_pdfs()
    run_render_job(
        RenderJob.objects.create(conference=docs_conference), now=timezone.now()
    )
    assert pdfcheck.cached_pdfs() == before


def test_conference_page_for_the_organiser(
    organiser_client, docs_conference, bac_ninh_point
):
    response = organiser_client.get(
        reverse("documents:conference", args=[docs_conference.slug])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "vendor/htmx/htmx.min.js" in html
    assert "Điểm cầu UBND tỉnh Bắc Ninh" in html


def test_render_documents_command(bac_ninh_point, docs_conference, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "render_documents",
        "--kind",
        "backdrop",
        "--point",
        "27",
        "--out",
        str(tmp_path / "out"),
        "--conference",
        docs_conference.slug,
        stdout=out,
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "maket-27-bac-ninh-3200x1800.pdf",
        "maket-27-bac-ninh-4800x1200.pdf",
    ]
    assert out.getvalue().startswith("2 backdrop → ")


def test_render_documents_command_runs_no_system_checks(
    bac_ninh_point, docs_conference, tmp_path
):
    """Its start-up skips Django's system checks (~0.5 s): run as `manage.py` runs
    it (argv parsed, then `execute`), it never calls `check`."""
    from unittest import mock

    from django.core.management import load_command_class
    from django.core.management.base import BaseCommand

    command = load_command_class("documents", "render_documents")
    argv = ["--kind", "invitation", "--point", "27", "--out", str(tmp_path / "out")]
    argv += ["--conference", docs_conference.slug]
    options = vars(
        command.create_parser("manage.py", "render_documents").parse_args(argv)
    )
    options.pop("args", None)
    command.stdout = io.StringIO()
    with mock.patch.object(BaseCommand, "check") as check:
        command.execute(stdout=io.StringIO(), **options)
    check.assert_not_called()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [
        "giay-moi-27-bac-ninh.pdf"
    ]


@pytest.mark.django_db(transaction=True)  # the parent closes its connections to fork
def test_render_documents_command_in_forked_workers(
    bac_ninh_point, docs_conference, tmp_path
):
    """--jobs 2: the parent reads the plan and warms the renderer, forked workers
    render the documents; a second run serves every document from the cache."""
    from django.core.management import call_command

    def run(out):
        call_command(
            "render_documents",
            "--kind",
            "backdrop",
            "--point",
            "27",
            "--jobs",
            "2",
            "--out",
            str(out),
            "--conference",
            docs_conference.slug,
            stdout=io.StringIO(),
        )
        return {p.name: p.read_bytes() for p in out.iterdir()}

    first = run(tmp_path / "first")
    assert sorted(first) == [
        "maket-27-bac-ninh-3200x1800.pdf",
        "maket-27-bac-ninh-4800x1200.pdf",
    ]
    assert all(pdf.startswith(b"%PDF-") for pdf in first.values())
    # One file per document in the cache, whichever process rendered it.
    cached = sorted(Path(default_storage.path("documents/cache")).rglob("*.pdf"))
    assert len(cached) == 2
    mtimes = [p.stat().st_mtime_ns for p in cached]
    assert run(tmp_path / "second") == first
    assert [p.stat().st_mtime_ns for p in cached] == mtimes


def test_rollup_links_to_the_documents_page(organiser_client, docs_conference):
    html = organiser_client.get(
        reverse("dashboard:rollup", args=[docs_conference.slug])
    ).content.decode()
    assert reverse("documents:conference", args=[docs_conference.slug]) in html
