"""Everything a document is made from, as plain data (what the cache key hashes)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import timezone

from agenda.models import AgendaSlot
from common.quotes import quoted
from conference.models import BridgePoint, Conference, ConferenceDocument

from . import formatting as fmt
from .enums import IssuedKind
from .models import BackdropSize, IssuedDocument, ProgrammeVersion

DEFAULT_ISSUER = {
    "issuing_parent": "",
    "issuing_body": "BỘ NỘI VỤ",
    "place": "Hà Nội",
    "signer_authority": "KT. BỘ TRƯỞNG",
    "signer_title": "THỨ TRƯỞNG",
    "signer_name": "",
    "recipients": "Như trên;\nBộ trưởng (để b/c);\nLưu: VT, Vụ CCHC.",
}
DEFAULT_SYMBOL: dict[str, str] = {
    IssuedKind.INVITATION: "GM-BNV",
    IssuedKind.PROGRAMME: "CTr-BNV",
}


@contextlib.contextmanager
def memoised(conference: Conference) -> Iterator[None]:
    """Within the block, what every document of `conference` shares (header data,
    programme rows) is read once: for rendering many documents in a row."""
    # An attribute of this instance only (not a field): vars() says so to mypy.
    vars(conference)["_documents_memo"] = {}
    try:
        yield
    finally:
        del vars(conference)["_documents_memo"]


def _memo(conference: Conference, key, compute):
    memo = getattr(conference, "_documents_memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def issued_document(conference: Conference, kind: str) -> IssuedDocument:
    """The header data of a document, or the Ministry's defaults where none is saved."""
    return _memo(conference, ("issued", kind), lambda: _issued(conference, kind))


def _issued(conference: Conference, kind: str) -> IssuedDocument:
    found = IssuedDocument.objects.filter(conference=conference, kind=kind).first()
    if found:
        found.conference = conference  # one instance: its memo, no second query
        return found
    return IssuedDocument(
        conference=conference, kind=kind, symbol=DEFAULT_SYMBOL[kind], **DEFAULT_ISSUER
    )


def main_point(conference: Conference) -> BridgePoint | None:
    return conference.points.filter(is_main=True).first()


def province_points(conference: Conference) -> QuerySet[BridgePoint]:
    return conference.points.filter(is_main=False).select_related("unit")


def backdrop_sizes() -> QuerySet[BackdropSize]:
    return BackdropSize.objects.filter(is_active=True)


def agenda_rows(conference: Conference) -> list[dict]:
    """The programme's rows as they stand: TT, time, content, presenter."""
    return _memo(conference, "agenda", lambda: _agenda_rows(conference))


def _agenda_rows(conference: Conference) -> list[dict]:
    rows = []
    for index, slot in enumerate(
        AgendaSlot.objects.filter(conference=conference).order_by("starts_at", "order"),
        start=1,
    ):
        rows.append(
            {
                "tt": index,
                "order": slot.order,
                "time": slot.time_range,
                "content": fmt.nfc(slot.content),
                "presenter": fmt.nfc(slot.presenter_display),
            }
        )
    return rows


def _issuer(doc: IssuedDocument) -> dict:
    return _memo(doc.conference, ("issuer", doc.kind), lambda: _issuer_data(doc))


def _issuer_data(doc: IssuedDocument) -> dict:
    return {
        "issuing_parent": fmt.nfc(doc.issuing_parent),
        "issuing_body": fmt.nfc(doc.issuing_body),
        "number_line": fmt.nfc(doc.number_line),
        "place_date": fmt.place_date_line(
            doc.place, doc.issued_on, blank_in=doc.conference.day
        ),
        "title": fmt.nfc(doc.title),
        "excerpt": fmt.nfc(doc.excerpt),
        "recipients": [fmt.nfc(x) for x in doc.recipient_lines],
        "attendees": [fmt.nfc(x) for x in doc.attendee_lines],
        "signer_authority": fmt.nfc(doc.signer_authority),
        "signer_title": fmt.nfc(doc.signer_title),
        "signer_name": fmt.nfc(doc.signer_name),
    }


def _conference(conference: Conference) -> dict:
    return _memo(conference, "conference", lambda: _conference_data(conference))


def _conference_data(conference: Conference) -> dict:
    starts = timezone.localtime(conference.starts_at)
    opens = (
        timezone.localtime(conference.connection_opens_at)
        if conference.connection_opens_at
        else None
    )
    return {
        "title": fmt.nfc(conference.title),
        "short_title": fmt.nfc(conference.short_title),
        # A title may name the scheme in quotes: quoted whole, they go one level
        # down (common.quotes, the e-mails' rule too).
        "short_title_quoted": quoted(conference.short_title),
        "plan_number": fmt.nfc(conference.plan_number),
        "plan_issued_on": (
            f"{conference.plan_issued_on:%d/%m/%Y}" if conference.plan_issued_on else ""
        ),
        "starts_time": fmt.time_words(starts),
        "starts_day": fmt.date_words(starts.date()),
        "weekday": fmt.weekday(starts.date()),
        "connection_time": fmt.time_words(opens) if opens else "",
        "main_venue": fmt.nfc(conference.main_venue),
        "transmission": fmt.lower_first(fmt.nfc(conference.transmission)),
        "deadline": deadline_words(conference.delegate_list_deadline),
    }


def deadline_words(moment) -> str:
    """'17 giờ 00, ngày 16/11/2022': a deadline as an official letter writes it."""
    return f"{fmt.time_words(moment)}, ngày {timezone.localtime(moment):%d/%m/%Y}"


def addressee(point: BridgePoint) -> str:
    """Whom the invitation is addressed to, as plan 5774 (III.4) has it: the
    province's People's Committee, "Ủy ban nhân dân tỉnh Bắc Ninh", "Ủy ban nhân
    dân thành phố Hà Nội" for a centrally-run city. The PDF and the e-mail alike."""
    if point.is_main or point.unit is None:
        return "Các đơn vị thuộc, trực thuộc Bộ Nội vụ"
    return f"Ủy ban nhân dân {fmt.nfc(point.unit.designation)}"


def point_venue(point: BridgePoint) -> str:
    """Where the point's delegates meet: the room and address it gave, else the
    plan's words (II.2.b): its People's Committee's online meeting room."""
    given = ", ".join(part.strip() for part in (point.room, point.address) if part)
    if given.strip(", "):
        return fmt.nfc(given)
    if point.is_main or point.unit is None:
        return fmt.nfc(point.conference.main_venue)
    return f"Phòng họp trực tuyến của {addressee(point)}"


def invitation_data(point: BridgePoint) -> dict:
    conference = point.conference
    doc = issued_document(conference, IssuedKind.INVITATION)
    province = point.unit.full_name if point.unit else ""
    return {
        "issuer": _issuer(doc),
        # The point's own deadline: an extension granted to this province is the
        # date its invitation asks for.
        "conference": {
            **_conference(conference),
            "deadline": deadline_words(point.delegate_list.deadline),
        },
        "addressee": addressee(point),
        "province": fmt.nfc(province),
        "province_in_sentence": fmt.lower_first(fmt.nfc(province)),
        "point": {
            "is_main": point.is_main,
            "name": fmt.nfc(point.name),
            "room": fmt.nfc(point.room),
            "address": fmt.nfc(point.address),
        },
    }


# The programme's last rows, printed as one row group kept on one page: never a
# row alone on the last page.
PROGRAMME_TAIL_ROWS = 2


def programme_row_groups(rows: list[dict]) -> list[list[dict]]:
    """The rows as the programme's table groups them: the last
    `PROGRAMME_TAIL_ROWS` together, the others before them."""
    head, tail = rows[:-PROGRAMME_TAIL_ROWS], rows[-PROGRAMME_TAIL_ROWS:]
    return [group for group in (head, tail) if group]


def programme_data(conference: Conference) -> dict:
    doc = issued_document(conference, IssuedKind.PROGRAMME)
    invitation = issued_document(conference, IssuedKind.INVITATION)
    version = (
        ProgrammeVersion.objects.filter(conference=conference)
        .values_list("number", flat=True)
        .first()
    )
    return {
        "issuer": _issuer(doc),
        "invitation_number": fmt.nfc(invitation.number_line),
        "conference": _conference(conference),
        "row_groups": programme_row_groups(agenda_rows(conference)),
        "version": version,
    }


# The backdrop's heading: the plan's first line ("HỘI NGHỊ") with the form.
BACKDROP_HEADING = "HỘI NGHỊ TRỰC TUYẾN"
MAIN_POINT_LINE = "ĐIỂM CẦU TRUNG TÂM"


def backdrop_title(conference: Conference) -> str:
    """The conference's title as the backdrop prints it, in one line (the service
    breaks it): the plan's backdrop text without its heading "HỘI NGHỊ" and its
    last line (the one each point fills), else the conference's title."""
    return _memo(conference, "backdrop", lambda: _backdrop_title(conference))


def _backdrop_title(conference: Conference) -> str:
    lines = [fmt.nfc(x.strip()) for x in conference.backdrop_text.splitlines()]
    lines = [x for x in lines if x]
    if lines and ("..." in lines[-1] or "…" in lines[-1]):
        lines = lines[:-1]
    title = " ".join(lines) or fmt.nfc(conference.title).upper()
    heading = "HỘI NGHỊ"
    if title.upper().startswith(heading + " "):
        title = title[len(heading) :].strip()
    return title


def backdrop_place(point: BridgePoint) -> str:
    if point.is_main or point.unit is None:
        return "Hà Nội"
    return fmt.nfc(point.unit.full_name)


def backdrop_point_line(point: BridgePoint) -> str:
    """ "ĐIỂM CẦU TỈNH BẮC NINH", "ĐIỂM CẦU THÀNH PHỐ HÀ NỘI"; the main point's
    "ĐIỂM CẦU TRUNG TÂM"."""
    if point.is_main or point.unit is None:
        return MAIN_POINT_LINE
    return f"ĐIỂM CẦU {fmt.nfc(point.unit.designation).upper()}"


def backdrop_data(point: BridgePoint, size: BackdropSize) -> dict:
    conference = point.conference
    organiser = issued_document(conference, IssuedKind.INVITATION).issuing_body
    return {
        "organiser": fmt.nfc(organiser or DEFAULT_ISSUER["issuing_body"]).upper(),
        "heading": BACKDROP_HEADING,
        "title": backdrop_title(conference),
        "point_line": backdrop_point_line(point),
        "date_line": fmt.place_date_line(backdrop_place(point), conference.day),
        "width_mm": size.width_mm,
        "height_mm": size.height_mm,
    }


def published_files(conference: Conference) -> QuerySet[ConferenceDocument]:
    return ConferenceDocument.objects.filter(
        conference=conference, is_published=True
    ).order_by("kind", "title")


def all_files(conference: Conference) -> QuerySet[ConferenceDocument]:
    return ConferenceDocument.objects.filter(conference=conference).order_by(
        "kind", "title"
    )


def programme_versions(conference: Conference) -> QuerySet[ProgrammeVersion]:
    return ProgrammeVersion.objects.filter(conference=conference)
