from django.db import models
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


class DelegateRole(models.TextChoices):
    CHAIR = "chair", _("chair")
    ATTENDEE = "attendee", _("attendee")
    GUEST = "guest", _("guest")
