from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import Agency, DelegateRole


class Delegate(models.Model):
    """A person attending at a bridge point."""

    point = models.ForeignKey(
        "conference.BridgePoint",
        verbose_name=_("bridge point"),
        on_delete=models.CASCADE,
        related_name="delegates",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    position = models.CharField(_("position"), max_length=200, blank=True)
    agency = models.CharField(_("agency"), max_length=40, choices=Agency.choices)
    agency_other = models.CharField(_("other agency name"), max_length=200, blank=True)
    # Stored in one form, E.164 (+84...), whatever the person typed.
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=DelegateRole.choices,
        default=DelegateRole.ATTENDEE,
    )
    # Optimistic locking: an edit form from a stale page carries an older number.
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["point", "agency", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["point"],
                condition=Q(role=DelegateRole.CHAIR),
                name="at_most_one_chair_per_point",
            ),
            models.UniqueConstraint(
                Lower("full_name"),
                "phone",
                "point",
                condition=~Q(phone=""),
                name="delegate_name_phone_unique_in_point",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "point",
                condition=~Q(email=""),
                name="delegate_email_unique_in_point",
            ),
            models.CheckConstraint(
                name="other_agency_has_a_name",
                condition=~Q(agency=Agency.OTHER) | ~Q(agency_other=""),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def agency_name(self) -> str:
        if self.agency == Agency.OTHER:
            return self.agency_other
        return str(self.get_agency_display())


class DelegateImport(models.Model):
    """An uploaded Excel list, read and checked, waiting for the province to confirm it."""

    class Mode(models.TextChoices):
        APPEND = "append", _("Add to the list")
        REPLACE = "replace", _("Replace the whole list")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        APPLIED = "applied", _("imported")
        DISCARDED = "discarded", _("discarded")

    point = models.ForeignKey(
        "conference.BridgePoint",
        verbose_name=_("bridge point"),
        on_delete=models.CASCADE,
        related_name="delegate_imports",
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    # One object per sheet row: its Excel row number and the delegate's values,
    # normalised when the row is valid, as read when it is not.
    rows = models.JSONField(_("rows"), default=list)
    # {"file": [messages], "rows": {"<excel row>": [messages]}}
    errors = models.JSONField(_("errors"), default=dict)
    # The point's list_version the rows were checked against.
    list_version = models.PositiveIntegerField(_("list version checked"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegate list import")
        verbose_name_plural = _("delegate list imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

    @property
    def row_errors(self) -> dict[str, list[str]]:
        return self.errors.get("rows", {})

    @property
    def file_errors(self) -> list[str]:
        return self.errors.get("file", [])

    @property
    def has_errors(self) -> bool:
        return bool(self.row_errors or self.file_errors)
