"""The invitation, the programme and the backdrops, opened with pypdf."""

import base64
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from unittest import mock

import pytest
from pypdf import PdfReader

from agenda.models import AgendaSlot
from common.pdf import render as rendering
from common.pdf.engine import engine
from common.pdf.signing import FIELD_NAME, SPACE_ID
from conference.enums import UnitKind
from documents.services import programme, rendered
from tests import factories
from tests.documents import pdfcheck

pytestmark = pytest.mark.django_db


def test_invitation_is_a4_portrait_in_the_decree_margins(bac_ninh_point, main_point):
    pdf = rendered.invitation(bac_ninh_point).read()
    assert len(pdfcheck.reader(pdf).pages) == 1
    assert pdfcheck.page_size_mm(pdf) == (210.0, 297.0)
    extent = pdfcheck.text_extent_mm(pdf)
    # Text starts at the left margin (30-35 mm), the first baseline sits just below
    # the top margin (20-25 mm), the last line above the bottom margin (20-25 mm).
    assert 30.0 <= extent["left"] <= 35.0
    assert 20.0 <= extent["top"] <= 30.0
    assert extent["bottom"] >= 20.0


def test_invitation_text_verbatim(bac_ninh_point, main_point):
    text = pdfcheck.flat_text(rendered.invitation(bac_ninh_point).read())
    for expected in [
        "BỘ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/GM-BNV",
        "Hà Nội, ngày",
        "tháng 11 năm 2022",
        "GIẤY MỜI",
        "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh.",
        "08 giờ 00, thứ Ba, ngày 22 tháng 11 năm 2022",
        "Các điểm cầu kết nối từ 07 giờ 30.",
        "- Điểm cầu tỉnh Bắc Ninh: Phòng họp số 2, tầng 3, Số 10 Phù Đổng Thiên Vương, thành phố Bắc Ninh.",
        "Nơi nhận:",
        "- Lưu: VT, Vụ CCHC.",
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "Nguyễn Trọng Thừa",
    ]:
        assert expected in text, expected


def test_invitation_addresses_the_peoples_committee_as_the_plan_does(
    bac_ninh_point, docs_conference
):
    # Plan 5774, III.4: the province's People's Committee has its Sở Nội vụ send
    # the list; a centrally-run city is "thành phố", never "tỉnh".
    hanoi = factories.BridgePointFactory(
        conference=docs_conference,
        unit=factories.UnitFactory(
            unit_set=docs_conference.unit_set,
            code="01",
            name="Hà Nội",
            kind=UnitKind.CENTRAL_CITY,
        ),
    )
    bac_ninh = pdfcheck.flat_text(rendered.invitation(bac_ninh_point).read())
    assert "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh." in bac_ninh
    assert (
        "Đề nghị Ủy ban nhân dân tỉnh Bắc Ninh chỉ đạo Sở Nội vụ đăng ký danh sách "
        "đại biểu" in bac_ninh
    )
    text = pdfcheck.flat_text(rendered.invitation(hanoi).read())
    assert "Kính gửi: Ủy ban nhân dân thành phố Hà Nội." in text
    assert "Đề nghị Ủy ban nhân dân thành phố Hà Nội chỉ đạo Sở Nội vụ" in text


def test_invitation_quotes_the_title_with_its_own_quotes_inside(bac_ninh_point):
    conference = bac_ninh_point.conference
    conference.short_title = 'Hội nghị triển khai Đề án "Chỉ số CCHC" 2022 - 2030'
    conference.save()
    text = pdfcheck.flat_text(rendered.invitation(bac_ninh_point).read())
    assert (
        "tham dự “Hội nghị triển khai Đề án ‘Chỉ số CCHC’ 2022 - 2030”, cụ thể như "
        "sau:" in text
    )
    assert "“ “" not in text and "““" not in text and '"' not in text


def test_invitation_uses_only_the_shipped_font(bac_ninh_point):
    pdf = rendered.invitation(bac_ninh_point).read()
    assert pdfcheck.embedded_font_names(pdf) == {
        "Liberation Serif",
        "Liberation Serif Bold",
        "Liberation Serif Italic",
        "Liberation Serif Bold Italic",
    }


def test_invitation_is_pdfa_with_metadata(bac_ninh_point):
    reader = pdfcheck.reader(rendered.invitation(bac_ninh_point).read())
    assert reader.metadata["/Title"] == "Giấy mời - Ủy ban nhân dân tỉnh Bắc Ninh"
    assert reader.metadata["/Author"] == "Bộ Nội vụ"
    assert reader.metadata["/Subject"] == bac_ninh_point.conference.title
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3" pdfaid:conformance="B"' in xmp


def test_attack_in_a_room_name_is_printed_and_fetches_nothing(bac_ninh_point):
    bac_ninh_point.room = '<img src="file:///etc/passwd">'
    bac_ninh_point.save()
    pdf = rendered.invitation(bac_ninh_point).read()
    assert '<img src="file:///etc/passwd">' in pdfcheck.flat_text(pdf)
    assert pdfcheck.image_count(pdf) == 0
    fetcher = engine().fetcher
    assert fetcher.refused == []
    assert not any("passwd" in url for url in fetcher.fetched)


def test_signature_field_sits_in_the_signer_block_and_can_be_signed(
    bac_ninh_point, tmp_path
):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import signers
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    pdf = rendered.invitation(bac_ninh_point).read()
    field = PdfReader(io.BytesIO(pdf)).get_fields()[FIELD_NAME]
    assert field["/FT"] == "/Sig"
    assert "/V" not in field  # empty: the portal signs nothing
    widget = PdfReader(io.BytesIO(pdf)).pages[0]["/Annots"][0].get_object()
    left, bottom, right, top = (float(v) / pdfcheck.MM for v in widget["/Rect"])
    # Right half of the page (the signer's column), between title and name.
    assert left > 105 and right < 200 and top - bottom > 15

    # A throwaway certificate, made here, signs the field.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Thử nghiệm ký số")])
    now = factories.datetime.now(tz=factories.VN)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, True, False, False),
            True,
        )
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))

    def sign_and_validate():
        signer = signers.SimpleSigner.load(
            str(tmp_path / "key.pem"), str(tmp_path / "cert.pem")
        )
        out = io.BytesIO()
        signers.sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)),
            signers.PdfSignatureMetadata(field_name=FIELD_NAME),
            signer=signer,
            output=out,
        )
        reader = PdfFileReader(io.BytesIO(out.getvalue()))
        (embedded,) = reader.embedded_signatures
        return embedded.field_name, validate_pdf_signature(
            embedded,
            ValidationContext(
                trust_roots=[load_cert_from_pemder(str(tmp_path / "cert.pem"))]
            ),
        )

    # pyHanko's calls run asyncio.run(), refused in a thread whose event loop is
    # running: Playwright's, once a browser test ran in this worker. A thread of
    # its own has none.
    with ThreadPoolExecutor(max_workers=1) as pool:
        field_name, status = pool.submit(sign_and_validate).result()
    assert field_name == FIELD_NAME
    assert status.intact and status.valid and status.trusted


def test_programme_rows_verbatim_and_signature_field(docs_conference, slots):
    pdf = rendered.programme(docs_conference).read()
    text = pdfcheck.flat_text(pdf)
    assert "CHƯƠNG TRÌNH" in text
    assert "TT Thời gian Nội dung Người thực hiện" in text
    assert "1 07:30–08:00 Kết nối các điểm cầu Văn phòng Bộ Nội vụ" in text
    assert (
        "2 08:00–08:10 Tuyên bố lý do, giới thiệu đại biểu Ông Đỗ Quý Tiến, Phó Vụ "
        "trưởng Vụ CCHC, Bộ Nội vụ" in text
    )
    assert PdfReader(io.BytesIO(pdf)).get_fields()[FIELD_NAME]["/FT"] == "/Sig"


@pytest.mark.parametrize("kind", ["invitation", "programme"])
def test_signature_field_covers_the_signature_space_exactly(
    kind, bac_ninh_point, docs_conference, slots
):
    """One field, on the page of `#signature-space`, over its box, with the empty
    appearance PDF/A requires; found through the catalog's AcroForm as a signing
    tool finds it."""
    spec = (
        rendered.invitation_spec(bac_ninh_point)
        if kind == "invitation"
        else rendered.programme_spec(docs_conference)
    )
    anchors = {}
    real_render = rendering.render

    def spy(**kwargs):
        result = real_render(**kwargs)
        anchors.update(result.anchors)
        return result

    with mock.patch.object(rendering, "render", spy):
        pdf = spec.make()
    space = anchors[SPACE_ID]
    reader = PdfReader(io.BytesIO(pdf))
    form = reader.trailer["/Root"]["/AcroForm"]
    (ref,) = form["/Fields"]
    field = ref.get_object()
    assert (field["/FT"], field["/T"], field["/Subtype"]) == (
        "/Sig",
        FIELD_NAME,
        "/Widget",
    )
    assert "/V" not in field
    assert int(field["/F"]) & 4  # printable
    assert [round(float(v), 2) for v in field["/Rect"]] == [
        round(v, 2) for v in (space.left, space.bottom, space.right, space.top)
    ]
    page = reader.pages[space.page]
    assert field.raw_get("/P").idnum == page.indirect_reference.idnum
    assert [a.idnum for a in page["/Annots"]] == [ref.idnum]
    others = [p for i, p in enumerate(reader.pages) if i != space.page]
    assert not any("/Annots" in p for p in others)
    appearance = field["/AP"]["/N"].get_object()
    assert appearance["/Subtype"] == "/Form"
    bbox = [float(v) for v in appearance["/BBox"]]
    assert bbox[2] - bbox[0] == pytest.approx(space.right - space.left, abs=0.01)
    assert bbox[3] - bbox[1] == pytest.approx(space.top - space.bottom, abs=0.01)


def test_cache_serves_unchanged_documents_without_rendering(
    bac_ninh_point, docs_conference, slots, screen
):
    first = rendered.invitation(bac_ninh_point)
    assert first.rendered
    count = pdfcheck.cached_pdfs()
    again = rendered.invitation(bac_ninh_point)
    assert (again.rendered, again.name) == (False, first.name)
    assert rendered.backdrop(bac_ninh_point, screen).rendered
    assert not rendered.backdrop(bac_ninh_point, screen).rendered
    assert rendered.programme(docs_conference).rendered
    assert not rendered.programme(docs_conference).rendered
    assert pdfcheck.cached_pdfs() == count + 2

    bac_ninh_point.address = "Số 12 Phù Đổng Thiên Vương"
    bac_ninh_point.save()
    changed = rendered.invitation(bac_ninh_point)
    assert changed.rendered and changed.name != first.name
    AgendaSlot.objects.filter(order=2).update(content="Tuyên bố lý do")
    assert rendered.programme(docs_conference).rendered


def test_changing_a_slot_changes_the_programme_and_records_a_version(
    docs_conference, slots
):
    first = programme.publish_programme(
        conference=docs_conference, by=None, now=slots[0].starts_at
    )
    assert first.number == 1 and first.changes == []
    assert (
        programme.publish_programme(
            conference=docs_conference, by=None, now=slots[0].starts_at
        )
        is None
    )

    slot = slots[1]
    slot.starts_at += timedelta(minutes=5)
    slot.ends_at += timedelta(minutes=5)
    slot.content = "Tuyên bố lý do và giới thiệu đại biểu"
    slot.save()
    factories.AgendaSlotFactory(
        conference=docs_conference,
        order=3,
        starts_at=slot.ends_at,
        ends_at=slot.ends_at + timedelta(minutes=10),
        content="Phát biểu khai mạc Hội nghị",
    )
    second = programme.publish_programme(
        conference=docs_conference, by=None, now=slots[0].starts_at
    )
    assert second.number == 2
    assert second.changes == [
        {"change": "moved", "tt": 2, "from": "08:00–08:10", "to": "08:05–08:15"},
        {
            "change": "reworded",
            "tt": 2,
            "field": "content",
            "from": "Tuyên bố lý do, giới thiệu đại biểu",
            "to": "Tuyên bố lý do và giới thiệu đại biểu",
        },
        {
            "change": "added",
            "tt": 3,
            "row": {
                "tt": 3,
                "order": 3,
                "time": "08:15–08:25",
                "content": "Phát biểu khai mạc Hội nghị",
                "presenter": "",
            },
        },
    ]
    text = pdfcheck.flat_text(rendered.programme(docs_conference).read())
    assert "2 08:05–08:15 Tuyên bố lý do và giới thiệu đại biểu" in text
    assert "Phiên bản 2" in text


@pytest.mark.parametrize(
    ("code", "name", "kind", "point_line", "last_line"),
    [
        (
            "27",
            "Bắc Ninh",
            "province",
            "ĐIỂM CẦU TỈNH BẮC NINH",
            "Tỉnh Bắc Ninh, ngày 22 tháng 11 năm 2022",
        ),
        (
            "31",
            "Hải Phòng",
            "central_city",
            "ĐIỂM CẦU THÀNH PHỐ HẢI PHÒNG",
            "Thành phố Hải Phòng, ngày 22 tháng 11 năm 2022",
        ),
        (
            "46",
            "Thừa Thiên Huế",
            "province",
            "ĐIỂM CẦU TỈNH THỪA THIÊN HUẾ",
            "Tỉnh Thừa Thiên Huế, ngày 22 tháng 11 năm 2022",
        ),
    ],
)
def test_backdrop_last_line_per_point(
    docs_conference, screen, code, name, kind, point_line, last_line
):
    unit = factories.UnitFactory(
        unit_set=docs_conference.unit_set, code=code, name=name, kind=kind
    )
    point = factories.BridgePointFactory(conference=docs_conference, unit=unit)
    pdf = rendered.backdrop(point, screen).read()
    assert pdfcheck.page_size_mm(pdf) == (3200.0, 1800.0)
    text = pdfcheck.flat_text(pdf)
    assert text.endswith(f"{point_line} {last_line}")
    assert text.startswith(
        "BỘ NỘI VỤ HỘI NGHỊ TRỰC TUYẾN TRIỂN KHAI ĐỀ ÁN “XÁC ĐỊNH CHỈ SỐ"
    )


def test_main_point_backdrop_says_ha_noi(docs_conference, main_point, banner):
    pdf = rendered.backdrop(main_point, banner).read()
    assert pdfcheck.page_size_mm(pdf) == (4800.0, 1200.0)
    assert pdfcheck.flat_text(pdf).endswith(
        "ĐIỂM CẦU TRUNG TÂM Hà Nội, ngày 22 tháng 11 năm 2022"
    )


@pytest.mark.parametrize("size_name", ["screen", "banner"])
def test_backdrop_text_fits_whatever_the_name(docs_conference, request, size_name):
    size = request.getfixturevalue(size_name)
    long_name = "Thành phố Hồ Chí Minh và vùng phụ cận mở rộng thử nghiệm dài"
    unit = factories.UnitFactory(
        unit_set=docs_conference.unit_set, code="79", name=long_name
    )
    point = factories.BridgePointFactory(conference=docs_conference, unit=unit)
    pdf = rendered.backdrop(point, size).read()
    page = pdfcheck.reader(pdf).pages[0]
    width = float(page.mediabox.width)
    height = float(page.mediabox.height)
    # Every line on one line (organiser, heading, the title in three lines, point
    # and date) and inside the page.
    lines = pdfcheck.text(pdf).strip().splitlines()
    assert len(lines) == 7
    assert lines[-1] == f"{long_name}, ngày 22 tháng 11 năm 2022"
    runs = []
    page.extract_text(
        visitor_text=lambda t, cm, tm, f, s: (
            t.strip() and runs.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))
        )
    )
    assert min(x for x, _ in runs) > 0.03 * width
    assert (
        0.05 * height
        < min(y for _, y in runs)
        < max(y for _, y in runs)
        < 0.95 * height
    )


def test_the_confirmation_counts_whom_publishing_the_programme_would_tell(
    docs_conference, bac_ninh_point, hue_point, slots
):
    for username, email in (
        ("snv-27-a", "a@bacninh.gov.vn"),
        ("snv-27-b", "B@bacninh.gov.vn"),
    ):
        factories.province_staff(bac_ninh_point.unit, username=username, email=email)
    factories.province_staff(
        bac_ninh_point.unit, username="snv-27-c", email="b@bacninh.gov.vn"
    )  # the same address, typed in another case: one e-mail
    factories.province_staff(
        hue_point.unit, username="snv-46-off", email="off@hue.gov.vn", is_active=False
    )
    factories.province_staff(
        factories.BridgePointFactory().unit, username="snv-other", email="x@other.vn"
    )  # a province of another conference only

    audience = programme.programme_audience(conference=docs_conference)

    assert audience == programme.ProgrammeAudience(number=1, addresses=2, provinces=1)


def test_publishing_a_version_tells_the_provinces_through_the_outbox(
    docs_conference, bac_ninh_point, hue_point, slots
):
    from outbox import models as outbox

    factories.province_staff(
        bac_ninh_point.unit, username="snv-27-mail", email="snv@bacninh.gov.vn"
    )
    factories.province_staff(hue_point.unit, username="snv-46-mail", email="")
    version = programme.publish_programme(
        conference=docs_conference, by=None, now=slots[0].starts_at
    )
    rows = outbox.OutboxMessage.objects.filter(
        key=f"programme-{docs_conference.pk}-v{version.number}"
    )
    assert list(rows.values_list("recipient", flat=True)) == ["snv@bacninh.gov.vn"]
    row = rows.get()
    assert "phiên bản 1" in row.subject
    assert [a["filename"] for a in row.attachments] == ["chuong-trinh-phien-ban-1.pdf"]
    assert base64.b64decode(row.attachments[0]["content_b64"]).startswith(b"%PDF-")
