"""A Voffice package per recipient: the invitation, the programme, the published
PDFs and metadata.json; for Vụ CCHC only."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from conference.models import ConferenceDocument
from tests import factories
from tests.documents import pdfcheck

pytestmark = pytest.mark.django_db


def _publish(conference, title, name, content):
    document = ConferenceDocument(
        conference=conference, kind="scheme", title=title, is_published=True
    )
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_package_holds_the_documents_and_their_metadata(
    organiser_client, issued, bac_ninh_point, slots
):
    _publish(issued, "Đề án 876", "de-an-876.pdf", b"%PDF-1.7 de an")
    _publish(issued, "Kế hoạch (Word)", "ke-hoach.docx", b"PK\x03\x04 word")
    url = reverse("publication:voffice_package", args=[issued.slug, bac_ninh_point.pk])

    response = organiser_client.get(url)

    assert response["Content-Disposition"] == (
        'attachment; filename="voffice-27-bac-ninh.zip"'
    )
    package = _zip(response)
    assert sorted(package.namelist()) == [
        "chuong-trinh-hoi-nghi.pdf",
        "de-an-876.pdf",
        "giay-moi-27-bac-ninh.pdf",
        "metadata.json",
    ]
    metadata = json.loads(package.read("metadata.json"))
    assert metadata["document"]["number_and_symbol"] == "1234/GM-BNV"
    assert metadata["document"]["issued_on"] == "15/11/2022"
    assert metadata["document"]["signer"] == {
        "authority": "KT. BỘ TRƯỞNG",
        "title": "THỨ TRƯỞNG",
        "name": "Nguyễn Trọng Thừa",
    }
    assert metadata["recipient"] == {
        "name": "Ủy ban nhân dân tỉnh Bắc Ninh",
        "province_code": "27",
    }
    assert metadata["recipients"] == [
        "Ủy ban nhân dân tỉnh Bắc Ninh",
        "Như trên;",
        "Bộ trưởng (để b/c);",
        "Lưu: VT, Vụ CCHC.",
    ]
    assert [f["name"] for f in metadata["files"]] == [
        "giay-moi-27-bac-ninh.pdf",
        "chuong-trinh-hoi-nghi.pdf",
        "de-an-876.pdf",
    ]
    invitation = package.read("giay-moi-27-bac-ninh.pdf")
    assert "Bắc Ninh" in pdfcheck.flat_text(invitation)
    assert len(invitation) == metadata["files"][0]["bytes"]


def test_the_packages_page_lists_each_province_not_the_main_point(
    organiser_client, issued, bac_ninh_point
):
    main = factories.MainPointFactory(conference=issued)

    page = organiser_client.get(reverse("publication:voffice", args=[issued.slug]))

    assert [p.pk for p in page.context["recipients"]] == [bac_ninh_point.pk]
    url = reverse("publication:voffice_package", args=[issued.slug, main.pk])
    assert organiser_client.get(url).status_code == 404


@pytest.mark.parametrize("name", ["voffice", "voffice_package"])
def test_packages_are_for_vu_cchc_only(
    name, issued, bac_ninh_point, hanoi_client, technician_client, admin_client_role
):
    kwargs = {"slug": issued.slug}
    if name == "voffice_package":
        kwargs["pk"] = bac_ninh_point.pk
    url = reverse(f"publication:{name}", kwargs=kwargs)

    assert hanoi_client.get(url).status_code == 404
    assert technician_client.get(url).status_code == 404
    assert admin_client_role.get(url).status_code == 200
    assert Client().get(url)["Location"].startswith("/login/")
