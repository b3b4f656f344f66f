"""Issue #20: uploaded and rendered files on S3-compatible storage (django-storages'
S3 backend, DJANGO_STORAGE=s3), against moto's S3 server over real HTTP: a file
Vụ CCHC uploads and the documents the portal renders go to the bucket and come back
through the portal's own views."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from common.pdf import fetcher as rendering
from conference.models import ConferenceDocument
from tests import factories
from tests.otp import login_verified
from tests.s3 import start_s3_server, stop_s3_server

pytestmark = pytest.mark.django_db

BUCKET = "hoinghi-media"
PDF = b"%PDF-1.7\n% de an CCHC\n" + b"0" * 4000 + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory):
    server = start_s3_server(tmp_path_factory.mktemp("moto") / "moto.log")
    server.create_bucket(BUCKET)
    yield server
    stop_s3_server(server)


@pytest.fixture
def s3_storage(s3_server, settings, tmp_path):
    # Nothing may land on disk: MEDIA_ROOT points to a folder that must stay empty.
    settings.MEDIA_ROOT = tmp_path / "must-stay-empty"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_server.storage_settings(BUCKET),
    }
    yield s3_server
    for key in s3_server.keys(BUCKET):
        s3_server.client().delete_object(Bucket=BUCKET, Key=key)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_django_storage_s3_switches_the_default_storage_to_the_bucket(s3_server):
    # The production settings, as compose runs them, with the variables of .env.
    env = {
        **{
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))
        },
        **s3_server.environment(BUCKET),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "PORTAL_BASE_URL": "https://hoinghi.example.gov.vn",
    }
    script = (
        "import json, django; django.setup(); "
        "from django.core.files.storage import storages; "
        "from django.core.files.base import ContentFile; "
        "s = storages['default']; "
        "print(json.dumps([type(s).__module__ + '.' + type(s).__name__, "
        "s.bucket_name, s.endpoint_url, s.file_overwrite, "
        "s.save('probe/settings.txt', ContentFile(b'ok'))]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [
        "storages.backends.s3.S3Storage",
        BUCKET,
        s3_server.endpoint,
        False,
        "probe/settings.txt",
    ]
    assert "probe/settings.txt" in s3_server.keys(BUCKET)
    s3_server.client().delete_object(Bucket=BUCKET, Key="probe/settings.txt")


def test_an_uploaded_file_goes_to_the_bucket_and_back_through_the_view(
    s3_storage, docs_conference, bac_ninh_point, organiser_client, tmp_path
):
    response = organiser_client.post(
        reverse("documents:upload", args=[docs_conference.slug]),
        {
            "kind": "scheme",
            "title": "Đề án CCHC",
            "file": SimpleUploadedFile("De an CCHC.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    document = ConferenceDocument.objects.get()
    assert s3_storage.keys(BUCKET) == [document.file.name]
    assert document.file.name.endswith("/de-an-cchc.pdf")
    document.is_published = True
    document.save()

    province = Client()
    login_verified(
        province, factories.province_staff(bac_ninh_point.unit, username="snv-27-s3")
    )
    download = province.get(
        reverse("documents:file", args=[bac_ninh_point.pk, document.pk])
    )

    assert download.status_code == 200
    assert _body(download) == PDF
    assert not (tmp_path / "must-stay-empty").exists()


def test_two_uploads_of_one_name_keep_two_objects(s3_storage, docs_conference):
    first = default_storage.save("documents/x/same.pdf", SimpleUploadedFile("a", b"1"))
    second = default_storage.save("documents/x/same.pdf", SimpleUploadedFile("b", b"2"))
    assert first != second
    assert s3_storage.keys(BUCKET) == sorted([first, second])


def test_rendered_documents_are_stored_in_the_bucket_and_served_by_the_views(
    s3_storage, bac_ninh_point, screen, slots, tmp_path
):
    client = Client()
    login_verified(
        client, factories.province_staff(bac_ninh_point.unit, username="snv-27-s3r")
    )

    invitation = client.get(reverse("documents:invitation", args=[bac_ninh_point.pk]))
    preview = client.get(
        reverse("documents:backdrop_preview", args=[bac_ninh_point.pk, screen.pk])
    )

    assert _body(invitation).startswith(b"%PDF-")
    assert _body(preview).startswith(b"\x89PNG")
    keys = s3_storage.keys(BUCKET)
    assert [k.rsplit("/", 2)[-2] for k in keys] == [
        "backdrop",
        "backdrop",
        "invitation",
    ]
    assert any(k.endswith("-640.png") for k in keys)
    assert not (tmp_path / "must-stay-empty").exists()
    # Asked again, the invitation comes from the bucket, not a new render.
    again = client.get(reverse("documents:invitation", args=[bac_ninh_point.pk]))
    assert _body(again) == _body(
        client.get(reverse("documents:invitation", args=[bac_ninh_point.pk]))
    )
    assert len(s3_storage.keys(BUCKET)) == 3


def test_the_pdf_renderer_reads_media_through_the_storage_api(s3_storage):
    default_storage.save("logos/bo-noi-vu.png", SimpleUploadedFile("l", b"\x89PNG s3"))
    fetcher = rendering.SafeURLFetcher()

    response = fetcher.fetch(f"{rendering.PDF_ORIGIN}/media/logos/bo-noi-vu.png")

    assert response.read() == b"\x89PNG s3"
    with pytest.raises(rendering.RefusedURL):
        fetcher.fetch(f"{rendering.PDF_ORIGIN}/media/logos/missing.png")
