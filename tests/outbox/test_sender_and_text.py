"""Issue #18 (e-mails, 1): the portal's e-mail comes from "Bộ Nội vụ – Hội nghị
trực tuyến <address>", encoded for SMTP; its plain-text part and subject carry what
was typed, never HTML entities."""

import pytest
from django.core import mail

from outbox import services

pytestmark = pytest.mark.django_db

CONTEXT = {
    "addressee": "Sở Nội vụ tỉnh Bắc Ninh",
    "point": {
        "name": 'Điểm cầu "A & B" <1>',
        "conference": {"short_title": "Hội nghị “CCHC”"},
    },
    "reason": "Bổ sung người chủ trì's",
    "point_path": "/points/1/",
}


def _send():
    services.enqueue_mail(
        key="k:1",
        recipients=["snv@bacninh.gov.vn"],
        template="delegate_list_reopened",
        context=CONTEXT,
    )
    return services.send_queued()


def _raw_header(content: bytes, name: str) -> str:
    """A header as it crossed the wire, its folded lines joined."""
    head = content.split(b"\r\n\r\n", 1)[0].decode("ascii")
    lines = head.replace("\r\n ", " ").replace("\r\n\t", " ").split("\r\n")
    return next(line for line in lines if line.startswith(f"{name}:"))


def test_the_sender_has_the_ministry_s_name_encoded_for_smtp(smtp_sink, settings):
    settings.DEFAULT_FROM_EMAIL = "hoinghi@moha.gov.vn"
    _send()

    [(_rcpts, content)] = smtp_sink.received
    raw = _raw_header(content, "From")
    # Non-ASCII travels as an RFC 2047 encoded word, the address as it is.
    assert raw.isascii() and "=?utf-8?" in raw.lower()
    assert raw.endswith(" <hoinghi@moha.gov.vn>")
    [sender] = smtp_sink.messages()[0]["From"].addresses
    assert sender.display_name == "Bộ Nội vụ – Hội nghị trực tuyến"
    assert sender.addr_spec == "hoinghi@moha.gov.vn"


def test_the_sender_name_is_a_setting(smtp_sink, settings):
    settings.PORTAL_MAIL_SENDER_NAME = 'Hội nghị "CCHC", Bộ Nội vụ'
    settings.DEFAULT_FROM_EMAIL = "Cũ <hoinghi@moha.gov.vn>"
    _send()
    [sender] = smtp_sink.messages()[0]["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (
        'Hội nghị "CCHC", Bộ Nội vụ',
        "hoinghi@moha.gov.vn",
    )


def test_without_a_sender_name_the_address_keeps_its_own(settings):
    settings.PORTAL_MAIL_SENDER_NAME = ""
    settings.DEFAULT_FROM_EMAIL = "Hội nghị <hoinghi@moha.gov.vn>"
    assert (
        services.sending.sender()
        == "=?utf-8?b?SOG7mWkgbmdo4buL?= <hoinghi@moha.gov.vn>"
    )
    settings.DEFAULT_FROM_EMAIL = "hoinghi@moha.gov.vn"
    assert services.sending.sender() == "hoinghi@moha.gov.vn"


def test_the_text_part_and_subject_are_not_escaped_for_html():
    _send()
    [message] = mail.outbox
    assert (
        message.subject == 'Danh sách đại biểu của Điểm cầu "A & B" <1> đã được mở lại'
    )
    assert 'Điểm cầu "A & B" <1> dự “Hội nghị ‘CCHC’”' in message.body
    assert "Lý do: Bổ sung người chủ trì's" in message.body
    html = message.alternatives[0][0]
    assert "Điểm cầu &quot;A &amp; B&quot; &lt;1&gt;" in html
    assert "<1>" not in html


def test_the_signature_follows_the_settings(settings):
    settings.PORTAL_MAIL_SIGNATURE_UNIT = "Vụ CCHC – Bộ Nội vụ"
    settings.PORTAL_MAIL_SIGNATURE_ADDRESS = ""
    settings.PORTAL_MAIL_SIGNATURE_PHONE = "+842438240101"
    _send()
    [message] = mail.outbox
    assert message.body.endswith(
        "\n-- \nVụ CCHC – Bộ Nội vụ\nĐiện thoại: 024 3824 0101\n"
        "Cổng thông tin hội nghị của Bộ Nội vụ: http://127.0.0.1:8000/\n"
    )
    assert "Địa chỉ" not in message.body
    assert "<br>Điện thoại: 024 3824 0101<br>" in message.alternatives[0][0]
