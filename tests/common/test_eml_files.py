"""Issue #18 (e-mails): under `make run` each message is one .eml file a mail client
opens, and the links in it follow the port the portal serves on."""

import json
import os
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path

from django.core.mail import EmailMultiAlternatives

from common.eml_files import EmlFileBackend

ROOT = Path(__file__).resolve().parents[2]


def _read(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_each_message_is_one_eml_file_with_its_parts(tmp_path):
    backend = EmlFileBackend(file_path=tmp_path)
    first = EmailMultiAlternatives(
        subject="Nhắc việc: danh sách đại biểu",
        body="Kính gửi Sở Nội vụ tỉnh Bắc Ninh,",
        from_email="Bộ Nội vụ – Hội nghị trực tuyến <hoinghi@moha.gov.vn>",
        to=["snv@bacninh.gov.vn"],
    )
    first.attach_alternative("<p>Kính gửi Sở Nội vụ tỉnh Bắc Ninh,</p>", "text/html")
    first.attach(
        "hoi-nghi.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"
    )
    second = EmailMultiAlternatives(subject="Thứ hai", body="B", to=["b@x.vn"])
    nobody = EmailMultiAlternatives(subject="Không ai", body="C", to=[])

    assert backend.send_messages([first, second, nobody]) == 2

    files = sorted(tmp_path.iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    read = sorted((_read(f) for f in files), key=lambda m: len(m.as_bytes()))
    assert read[0]["Subject"] == "Thứ hai"
    message = read[1]
    assert message["Subject"] == "Nhắc việc: danh sách đại biểu"
    assert (
        message["From"].addresses[0].display_name == "Bộ Nội vụ – Hội nghị trực tuyến"
    )
    assert message.get_body(("plain",)).get_content().startswith("Kính gửi")
    assert "<p>Kính gửi" in message.get_body(("html",)).get_content()
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "hoi-nghi.ics"


def test_the_local_base_url_follows_the_chosen_port():
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.PORTAL_BASE_URL, settings.EMAIL_BACKEND]))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"},
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "PORTAL_PORT": "8123",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out.strip().splitlines()[-1]) == [
        "http://127.0.0.1:8123",
        "common.eml_files.EmlFileBackend",
    ]
