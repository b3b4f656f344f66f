"""The public page and its Atom feed: no login, only what Vụ CCHC published,
nothing personal."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conference.models import ConferenceDocument
from documents.services import programme
from tests import factories
from tests.pages import data_words, english_on_page, english_vocabulary

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _file(conference, title, name, content=b"%PDF-1.7 x", published=True):
    document = ConferenceDocument(conference=conference, kind="scheme", title=title)
    document.file.save(name, ContentFile(content), save=False)
    document.is_published = published
    document.save()
    return document


@pytest.fixture
def published(issued, bac_ninh_point, slots, organiser_client):
    """A published and an unpublished file, version 1 of the programme, and the
    personal data the public must never see."""
    staff = factories.province_staff(
        bac_ninh_point.unit, username="snv-27-public", email="can.bo@bacninh.gov.vn"
    )
    factories.DelegateFactory(
        point=bac_ninh_point,
        full_name="Trần Thị Riêng Tư",
        phone="+84912000111",
        email="rieng.tu@bacninh.gov.vn",
    )
    programme.publish_programme(conference=issued, by=staff, now=timezone.now())
    return {
        "public": _file(issued, "Đề án 876 đã công bố", "de-an.pdf"),
        "hidden": _file(issued, "Dự thảo nội bộ", "noi-bo.pdf", published=False),
    }


def test_the_public_page_needs_no_login_and_shows_only_what_was_published(
    issued, published
):
    response = Client().get(reverse("public:conference", args=[issued.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert issued.title in html
    assert "Đề án 876 đã công bố" in html
    assert "Dự thảo nội bộ" not in html
    assert "Tuyên bố lý do, giới thiệu đại biểu" in html
    for personal in (
        "Trần Thị Riêng Tư",
        "0912",
        "rieng.tu@bacninh.gov.vn",
        "can.bo@bacninh.gov.vn",
        "snv-27-public",
    ):
        assert personal not in html


def test_a_file_is_public_only_once_published(issued, published):
    client = Client()

    shown = client.get(
        reverse("public:file", args=[issued.slug, published["public"].pk])
    )
    hidden = client.get(
        reverse("public:file", args=[issued.slug, published["hidden"].pk])
    )

    assert b"".join(shown.streaming_content) == b"%PDF-1.7 x"
    assert hidden.status_code == 404


def test_the_programme_shows_the_published_version_not_later_edits(
    issued, published, slots
):
    slots[1].content = "Nội dung sửa sau, chưa công bố"
    slots[1].save()
    client = Client()

    html = client.get(reverse("public:conference", args=[issued.slug])).content.decode()
    pdf = client.get(reverse("public:programme", args=[issued.slug]))

    assert "Tuyên bố lý do, giới thiệu đại biểu" in html
    assert "Nội dung sửa sau, chưa công bố" not in html
    assert pdf.status_code == 404


def test_the_programme_pdf_is_public_while_it_is_the_published_one(issued, published):
    response = Client().get(reverse("public:programme", args=[issued.slug]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_no_programme_before_one_is_published(issued, slots):
    client = Client()

    html = client.get(reverse("public:conference", args=[issued.slug])).content.decode()

    assert "Kết nối các điểm cầu" not in html
    assert (
        client.get(reverse("public:programme", args=[issued.slug])).status_code == 404
    )


def test_the_feed_is_atom_with_each_published_item(issued, published):
    response = Client().get(reverse("public:feed", args=[issued.slug]))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == [
        "Chương trình hội nghị, phiên bản 1",
        "Đề án 876 đã công bố",
    ]
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert (
        f"http://testserver/public/{issued.slug}/files/{published['public'].pk}/"
        in links
    )
    text = response.content.decode()
    assert "Dự thảo nội bộ" not in text
    assert "Trần Thị Riêng Tư" not in text


def test_the_feed_lists_the_newest_first(issued, published):
    later = _file(issued, "Kế hoạch năm 2022", "ke-hoach.pdf")
    ConferenceDocument.objects.filter(pk=later.pk).update(
        uploaded_at=timezone.now() + timedelta(hours=1)
    )

    feed = ET.fromstring(
        Client().get(reverse("public:feed", args=[issued.slug])).content
    )

    first = next(feed.iter(f"{ATOM}entry"))
    assert first.findtext(f"{ATOM}title") == "Kế hoạch năm 2022"


def test_an_unknown_conference_is_a_404():
    client = Client()
    assert (
        client.get(reverse("public:conference", args=["khong-co"])).status_code == 404
    )
    assert client.get(reverse("public:feed", args=["khong-co"])).status_code == 404


def test_the_public_page_has_no_english(issued, published):
    html = Client().get(reverse("public:conference", args=[issued.slug])).content
    vocabulary = english_vocabulary() - data_words()

    assert english_on_page(html.decode(), vocabulary) == []
