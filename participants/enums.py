from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class Agency(models.TextChoices):
    """The departments the plan names for a provincial point, in the plan's order."""

    PEOPLES_COMMITTEE_OFFICE = "ubnd_office", _("Provincial People's Committee Office")
    HOME_AFFAIRS = "home_affairs", _("Department of Home Affairs")
    JUSTICE = "justice", _("Department of Justice")
    FINANCE = "finance", _("Department of Finance")
    INFORMATION_COMMUNICATIONS = (
        "information_communications",
        _("Department of Information and Communications"),
    )
    OTHER = "other", _("Other unit")


AGENCY_ORDER = {value: index for index, value in enumerate(Agency.values)}


def agency_labels() -> dict[str, str]:
    """Each agency's label as people read it (first letter upper-case), in the
    plan's order and the active language: the one source of every page, export
    and sheet that names an agency."""
    return {agency.value: capfirst(str(agency.label)) for agency in Agency}


def agency_name(agency: str, other: str = "", *, labels: dict | None = None) -> str:
    """A delegate's agency as listed: the unit typed in for "other", else the
    agency's label (`labels`, from `agency_labels`, saves building it per row)."""
    if agency == Agency.OTHER and other:
        return other
    return (labels if labels is not None else agency_labels()).get(agency, agency)


class DelegateRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    ATTENDEE = "attendee", _("attendee")
    GUEST = "guest", _("guest")


def role_labels() -> dict[str, str]:
    """Each role's label as people read it (first letter upper-case), in the active
    language: the one source of every page, export and sheet that names a role."""
    return {role.value: capfirst(str(role.label)) for role in DelegateRole}


class RegistrationStatus(models.TextChoices):
    """Where a delegate list stands as stored: what the province and Vụ CCHC did."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    REOPENED = "reopened", _("reopened")


class ListStatus(models.TextChoices):
    """Where a point's delegate list stands at a moment, as every page shows it.

    Derived, never stored: the stored `RegistrationStatus`, the effective deadline and
    whether the list has any delegate give it (`DelegateList.status_at` in Python,
    `selectors.with_list_status` in SQL, one rule).
    """

    NOT_STARTED = "not_started", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    REOPENED = "reopened", _("reopened")
    LATE = "late", _("late")
