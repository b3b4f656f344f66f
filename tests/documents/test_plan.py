"""The plan file's `documents:` section, loaded by plans through documents.services.plan."""

from datetime import date

import pytest
import yaml

from documents.models import BackdropSize, IssuedDocument
from plans.services.plan_loader import DEFAULT_PLAN, PlanFileError, load_plan

pytestmark = pytest.mark.django_db


def test_plan_gives_the_issuer_signer_and_recipients():
    conference = load_plan(path=DEFAULT_PLAN)
    invitation = IssuedDocument.objects.get(conference=conference, kind="invitation")
    assert (
        invitation.issuing_body,
        invitation.number_line,
        invitation.place,
        invitation.issued_on,
        invitation.signer_authority,
        invitation.signer_title,
        invitation.signer_name,
    ) == (
        "BỘ NỘI VỤ",
        "Số: \u2003\u2003/GM-BNV",
        "Hà Nội",
        None,
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
        "Nguyễn Trọng Thừa",
    )
    assert invitation.recipient_lines == [
        "Như trên;",
        "Bộ trưởng (để b/c);",
        "Văn phòng Bộ, Trung tâm Thông tin (để phối hợp);",
        "Lưu: VT, Vụ CCHC.",
    ]
    programme = IssuedDocument.objects.get(conference=conference, kind="programme")
    assert (programme.symbol, programme.title) == ("CTr-BNV", "CHƯƠNG TRÌNH")
    assert list(BackdropSize.objects.values_list("width_mm", "height_mm")) == [
        (3200, 1800),
        (4800, 1200),
    ]


def test_reloading_keeps_what_the_administrator_edited():
    conference = load_plan(path=DEFAULT_PLAN)
    IssuedDocument.objects.filter(kind="invitation").update(
        number="123", issued_on=date(2022, 11, 18)
    )
    load_plan(path=DEFAULT_PLAN)
    invitation = IssuedDocument.objects.get(conference=conference, kind="invitation")
    assert (invitation.number_line, invitation.issued_on) == (
        "Số: 123/GM-BNV",
        date(2022, 11, 18),
    )


def test_a_wrong_documents_section_is_named_and_changes_nothing(tmp_path):
    data = yaml.safe_load(DEFAULT_PLAN.read_text(encoding="utf-8"))
    data["documents"]["invitation"]["recipients"] = [{"Lưu": "VT"}]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PlanFileError) as error:
        load_plan(path=path)
    assert "documents: invitation.recipients:" in str(error.value)
    assert not IssuedDocument.objects.exists()


def test_the_plans_invitation_fits_one_page_and_no_signature_stands_alone():
    from documents.services import rendered
    from tests.documents import pdfcheck

    conference = load_plan(path=DEFAULT_PLAN)
    point = conference.points.select_related("unit").get(unit__code="31")
    invitation = pdfcheck.reader(rendered.invitation(point).read())
    assert len(invitation.pages) == 1
    programme = pdfcheck.reader(rendered.programme(conference).read())
    last_page = programme.pages[-1].extract_text()
    # The last page holds at least the last agenda row with the signature block.
    assert "Phát biểu kết luận Hội nghị" in last_page
    assert "Nguyễn Trọng Thừa" in last_page
