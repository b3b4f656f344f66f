"""What the conference shows the outside world: only what Vụ CCHC published."""

from dataclasses import dataclass

from django.db.models import QuerySet

from conference.models import BridgePoint, Conference, ConferenceDocument
from documents import selectors as documents
from documents.models import ProgrammeVersion


@dataclass(frozen=True)
class PublishedProgramme:
    version: ProgrammeVersion
    # The current programme is the published one: its PDF may be served. Otherwise
    # it holds changes not yet published, and only the version's rows are shown.
    pdf_is_current: bool


def published_programme(*, conference: Conference) -> PublishedProgramme | None:
    """The last programme version Vụ CCHC published, if any."""
    version = ProgrammeVersion.objects.filter(conference=conference).first()
    if version is None:
        return None
    return PublishedProgramme(
        version=version,
        pdf_is_current=version.rows == documents.agenda_rows(conference),
    )


def published_files(*, conference: Conference) -> QuerySet[ConferenceDocument]:
    """The scheme and plan files Vụ CCHC published, never the others."""
    return documents.published_files(conference)


def recipients(*, conference: Conference) -> QuerySet[BridgePoint]:
    """The provinces' points, each the recipient of one Voffice package."""
    return (
        conference.points.filter(is_main=False, unit__isnull=False)
        .select_related("unit", "conference")
        .order_by("unit__code")
    )
