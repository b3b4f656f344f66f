"""What a message is made of: templates, slots, recipients, attachments, secrets."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.template import Context, Engine, TemplateDoesNotExist
from django.utils import translation
from django.utils.html import escape

from common.display import national_phone

Attachment = tuple[str, bytes, str]
Parts = tuple[str, str, str]  # subject, text, HTML


def slot(name: str) -> str:
    """A mark in a rendered message where a value goes in later."""
    return f"\ue000{name}\ue001"


def fill_slots(parts: Parts, values: dict[str, str]) -> Parts:
    """The message with each slot replaced by its value, escaped in the HTML part."""
    subject, text, html = parts
    for name, value in values.items():
        mark, value = slot(name), str(value)
        subject = subject.replace(mark, " ".join(value.split()))
        text = text.replace(mark, value)
        html = html.replace(mark, escape(value))
    return subject, text, html


@dataclass(frozen=True)
class Secret:
    """A value that must never be stored: made at each send by a registered filler.

    `filler` names the function (`register_secret_filler`), `ref` says for what
    (e.g. a user id). The row keeps both, and its text keeps only the slots.
    """

    filler: str
    ref: str


@dataclass(frozen=True)
class Mail:
    """One message to render and enqueue (the bulk form of `enqueue_mail`).

    `rendered` (subject, text, html) skips the rendering: see MailTemplate.
    `secret` leaves slots in the text that the sender fills at send time.
    `topic` names the kind of message and `about` (JSON) what it is about, for
    the topic's still-needed check (see register_still_needed) and the pages.
    """

    key: str
    recipients: Sequence[str]
    topic: str = ""
    about: dict = field(default_factory=dict)
    template: str = ""
    context: dict = field(default_factory=dict)
    attachments: Sequence[Attachment] = ()
    rendered: Parts | None = None
    secret: Secret | None = None


class MailTemplate:
    """A template rendered once, with slots filled per message: for thousands of
    messages that differ only in a few values (a province's name, a link).

        template = MailTemplate("reminder", {"name": MailTemplate.slot("name")})
        subject, text, html = template.fill(name="Hà Nội")

    The values are escaped in the HTML part.
    """

    slot = staticmethod(slot)

    def __init__(self, template: str, context: dict):
        self.parts = render_mail(template, context)

    def fill(self, **values: str) -> Parts:
        return fill_slots(self.parts, values)


def clean_recipients(recipients: Iterable[str]) -> list[str]:
    """Stripped, without blanks or duplicates (e-mail addresses compare case-blind)."""
    seen: dict[str, str] = {}
    for address in recipients:
        address = (address or "").strip()
        if address:
            seen.setdefault(address.lower(), address)
    return list(seen.values())


def mail_context() -> dict:
    """What every e-mail's template gets: the portal's address for absolute links
    and the signature (`templates/emails/_signature.txt`), from the settings."""
    return {
        "portal_url": settings.PORTAL_BASE_URL.rstrip("/"),
        "signature": {
            "unit": settings.PORTAL_MAIL_SIGNATURE_UNIT,
            "address": settings.PORTAL_MAIL_SIGNATURE_ADDRESS,
            "phone": national_phone(settings.PORTAL_MAIL_SIGNATURE_PHONE),
        },
    }


def _render(name: str, context: dict, *, html: bool) -> str:
    # The plain-text parts and the subject are not HTML: a quote in a question or
    # a "&" in a name must reach them as typed, never as &quot; or &amp;.
    template = Engine.get_default().get_template(name)
    return template.render(Context(context, autoescape=html))


def render_mail(template: str, context: dict) -> Parts:
    """Subject, text and HTML of `templates/emails/<template>_*`, in Vietnamese."""
    context = {**mail_context(), **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _render(f"emails/{template}_subject.txt", context, html=False)
        text = _render(f"emails/{template}_message.txt", context, html=False)
        try:
            html = _render(f"emails/{template}_message.html", context, html=True)
        except TemplateDoesNotExist:
            html = ""
    subject = " ".join(subject.split())
    return subject, text, html


def encode_attachments(attachments: Sequence[Attachment]) -> list[dict]:
    return [
        {
            "filename": name,
            "mimetype": mimetype,
            "content_b64": base64.b64encode(content).decode("ascii"),
        }
        for name, content, mimetype in attachments
    ]


def decode_attachments(encoded: Iterable[dict]) -> list[Attachment]:
    return [
        (item["filename"], base64.b64decode(item["content_b64"]), item["mimetype"])
        for item in encoded or []
    ]
