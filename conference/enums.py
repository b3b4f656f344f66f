from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("province")
    CENTRAL_CITY = "central_city", _("centrally-run city")


class ConferenceForm(models.TextChoices):
    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")
    HYBRID = "hybrid", _("in person and online")


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    REOPENED = "reopened", _("reopened")


class ListStatus(models.TextChoices):
    """Where a point's delegate list stands at a moment, as every page shows it.

    Derived, never stored: the stored `RegistrationStatus`, the effective deadline and
    whether the list has any delegate give it (`BridgePoint.status_at` in Python,
    `BridgePointQuerySet.with_list_status` in SQL, one rule).
    """

    NOT_STARTED = "not_started", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    REOPENED = "reopened", _("reopened")
    LATE = "late", _("late")


class DocumentKind(models.TextChoices):
    BACKDROP = "backdrop", _("backdrop")
    INVITATION = "invitation", _("invitation")
    PROGRAMME = "programme", _("programme")
    SCHEME = "scheme", _("scheme and plan")
    OTHER = "other", _("other")
