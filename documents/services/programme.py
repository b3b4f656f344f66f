"""The programme's published versions: what changed, and whom it tells."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import province_staff_addresses
from conference.models import BridgePoint, Conference
from outbox.services import Mail, clean_recipients, enqueue_mails
from participants.notifications import province_addressee

from .. import selectors
from ..enums import PROGRAMME_TOPIC
from ..models import ProgrammeVersion
from .rendered import programme


def _diff(before: list[dict], after: list[dict]) -> list[dict]:
    """What changed between two programmes, slot by slot (keyed by the slot's order)."""
    old = {row["order"]: row for row in before}
    new = {row["order"]: row for row in after}
    changes = []
    for order, row in new.items():
        if order not in old:
            changes.append({"change": "added", "tt": row["tt"], "row": row})
            continue
        was = old[order]
        if was["time"] != row["time"]:
            changes.append(
                {
                    "change": "moved",
                    "tt": row["tt"],
                    "from": was["time"],
                    "to": row["time"],
                }
            )
        for field in ("content", "presenter"):
            if was[field] != row[field]:
                changes.append(
                    {
                        "change": "reworded",
                        "tt": row["tt"],
                        "field": field,
                        "from": was[field],
                        "to": row[field],
                    }
                )
    for order, row in old.items():
        if order not in new:
            changes.append({"change": "removed", "tt": row["tt"], "row": row})
    return changes


def _rows_hash(rows: list[dict]) -> str:
    return hashlib.sha256(
        json.dumps(rows, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


@dataclass(frozen=True)
class ProgrammeAudience:
    """What "publish the programme" would do now: the next version's number (None:
    unchanged since the last version, nothing to publish) and whom it tells."""

    number: int | None
    addresses: int
    provinces: int


def _told(conference: Conference) -> list[tuple[BridgePoint, list[str]]]:
    """Each province told of a new programme: its point and its staff's addresses."""
    points = list(selectors.province_points(conference).order_by("unit__code"))
    addresses = province_staff_addresses(
        province_ids={point.unit_id for point in points if point.unit_id is not None}
    )
    told = []
    for point in points:
        found = addresses.get(point.unit_id) if point.unit_id is not None else None
        if found:
            told.append((point, found))
    return told


def programme_audience(*, conference: Conference) -> ProgrammeAudience:
    """Whom publishing the programme now would tell, writing nothing."""
    last = ProgrammeVersion.objects.filter(conference=conference).first()
    changed = last is None or last.content_hash != _rows_hash(
        selectors.agenda_rows(conference)
    )
    if not changed:
        return ProgrammeAudience(number=None, addresses=0, provinces=0)
    told = _told(conference)
    return ProgrammeAudience(
        number=(last.number + 1) if last else 1,
        addresses=len(clean_recipients(a for _p, found in told for a in found)),
        provinces=len(told),
    )


def publish_programme(
    *,
    conference: Conference,
    by,
    now: datetime,
    batch: uuid.UUID | None = None,
) -> ProgrammeVersion | None:
    """Record the programme as it stands as a new version and tell the provinces.

    Returns None (nothing recorded, nobody told) when it has not changed since the
    last published version. The e-mails carry `batch`, for the send's progress.
    """
    with transaction.atomic():
        Conference.objects.select_for_update().filter(pk=conference.pk).first()
        rows = selectors.agenda_rows(conference)
        digest = _rows_hash(rows)
        last = ProgrammeVersion.objects.filter(conference=conference).first()
        if last is not None and last.content_hash == digest:
            return None
        version = ProgrammeVersion.objects.create(
            conference=conference,
            number=(last.number + 1) if last else 1,
            rows=rows,
            changes=_diff(last.rows, rows) if last else [],
            content_hash=digest,
            published_at=now,
            published_by=by,
        )
        told = _told(conference)
        if told:
            # The provinces print it: the new version travels with the message.
            attachment = (
                f"chuong-trinh-phien-ban-{version.number}.pdf",
                programme(conference).read(),
                "application/pdf",
            )
            context = {
                "conference_title": conference.short_title,
                "number": version.number,
                "published_at": f"{timezone.localtime(now):%H:%M %d/%m/%Y}",
                "changes": describe_changes(version.changes),
            }
            # One message per province: each is addressed to its Sở Nội vụ and
            # links to its own point's documents page.
            enqueue_mails(
                [
                    Mail(
                        key=f"programme-{conference.pk}-v{version.number}",
                        topic=PROGRAMME_TOPIC,
                        about={"conference": conference.pk, "version": version.number},
                        recipients=recipients,
                        template="programme_published",
                        context={
                            **context,
                            "addressee": province_addressee(point),
                            "documents_path": reverse(
                                "documents:point_documents", args=[point.pk]
                            ),
                        },
                        attachments=[attachment],
                    )
                    for point, recipients in told
                ],
                batch=batch,
            )
    return version


def describe_changes(changes: Iterable[dict]) -> list[str]:
    """The changes of a version as sentences (Vietnamese, for e-mail and the page)."""
    lines = []
    for c in changes:
        if c["change"] == "added":
            lines.append(
                str(_("Added row %(tt)s: %(time)s %(content)s"))
                % {
                    "tt": c["tt"],
                    "time": c["row"]["time"],
                    "content": c["row"]["content"],
                }
            )
        elif c["change"] == "removed":
            lines.append(
                str(_("Removed: %(time)s %(content)s"))
                % {"time": c["row"]["time"], "content": c["row"]["content"]}
            )
        elif c["change"] == "moved":
            lines.append(
                str(_("Row %(tt)s moved from %(old)s to %(new)s"))
                % {"tt": c["tt"], "old": c["from"], "new": c["to"]}
            )
        else:
            lines.append(
                str(_("Row %(tt)s reworded: “%(new)s” (was “%(old)s”)"))
                % {"tt": c["tt"], "old": c["from"], "new": c["to"]}
            )
    return lines
