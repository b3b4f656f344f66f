"""The programme's published versions: what changed, and whom it tells."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.models import Conference
from outbox.services import clean_recipients, enqueue_mail

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


def _addresses(by_province: dict[int, list[str]]) -> list[str]:
    return clean_recipients(a for addresses in by_province.values() for a in addresses)


def programme_audience(*, conference: Conference) -> ProgrammeAudience:
    """Whom publishing the programme now would tell, writing nothing."""
    last = ProgrammeVersion.objects.filter(conference=conference).first()
    changed = last is None or last.content_hash != _rows_hash(
        selectors.agenda_rows(conference)
    )
    if not changed:
        return ProgrammeAudience(number=None, addresses=0, provinces=0)
    by_province = selectors.programme_recipients(conference)
    return ProgrammeAudience(
        number=(last.number + 1) if last else 1,
        addresses=len(_addresses(by_province)),
        provinces=len(by_province),
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
        recipients = _addresses(selectors.programme_recipients(conference))
        if recipients:
            # The provinces print it: the new version travels with the message.
            pdf = programme(conference)
            enqueue_mail(
                attachments=[
                    (
                        f"chuong-trinh-phien-ban-{version.number}.pdf",
                        pdf.read(),
                        "application/pdf",
                    )
                ],
                key=f"programme-{conference.pk}-v{version.number}",
                topic=PROGRAMME_TOPIC,
                about={"conference": conference.pk, "version": version.number},
                recipients=recipients,
                template="programme_published",
                context={
                    "conference_title": conference.short_title,
                    "number": version.number,
                    "published_at": f"{timezone.localtime(now):%H:%M %d/%m/%Y}",
                    "changes": describe_changes(version.changes),
                },
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
