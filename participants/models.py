from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import (
    Agency,
    DelegateRole,
    ListStatus,
    RegistrationStatus,
)

# Why a province's list was reopened or given more time: the form, the service and
# the list's history keep the same number of characters, so what was typed is
# what is kept.
DECISION_REASON_MAX_LENGTH = 500


class DelegateList(models.Model):
    """A point's delegate list as a whole: where it stands, who sent it, its deadline.

    Every point has exactly one, opened with the point
    (`services.open_delegate_lists`) and keyed by it. The deadline rule lives here
    in Python (`deadline`, `status_at`, `is_open_for_changes`) and in
    `selectors.with_list_status` in SQL; tests hold the two together.
    """

    point = models.OneToOneField(
        "conference.BridgePoint",
        verbose_name=_("bridge point"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="delegate_list",
    )
    status = models.CharField(
        _("list status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    deadline_extended_to = models.DateTimeField(
        _("deadline extended to"), null=True, blank=True
    )
    # Optimistic locking: every change to the list's delegates raises it, so a form
    # or a submission made before the change is refused (what a submission vouches
    # for).
    version = models.PositiveIntegerField(_("list version"), default=1)
    # The reason of a reopening or an extension is kept whole (simple-history's
    # default column holds 100 characters).
    history = HistoricalRecords(
        history_change_reason_field=models.CharField(
            max_length=DECISION_REASON_MAX_LENGTH, null=True
        )
    )

    class Meta:
        verbose_name = _("delegate list")
        verbose_name_plural = _("delegate lists")
        ordering = ["point"]
        # The registration's rights. The roll-up (every point's list, chair and
        # delegates; the dashboard, which has no models, and the apps that let
        # Vụ CCHC see everything) is a view of the lists, so its right is here too.
        permissions = [
            (
                "manage_own_point",
                _("Can register the own province's point and delegates"),
            ),
            ("view_rollup", _("Can view the roll-up of all points")),
            (
                "reopen_delegate_list",
                _("Can reopen or extend a province's delegate list"),
            ),
        ]

    def __str__(self):
        return str(self.point)

    @property
    def deadline(self):
        """The moment after which the province may no longer change its list.

        An extension wins; a list reopened without one stays open until the
        conference starts; otherwise the conference's deadline. Mirrors
        `selectors.with_list_status` (tests hold the two together).
        """
        if self.deadline_extended_to is not None:
            return self.deadline_extended_to
        conference = self.point.conference
        if self.status == RegistrationStatus.REOPENED:
            return conference.starts_at
        return conference.delegate_list_deadline

    def is_open_for_changes(self, *, now) -> bool:
        """Whether the province may still change its delegate list at `now`."""
        return self.status != RegistrationStatus.SUBMITTED and now <= self.deadline

    def status_at(self, *, now, has_delegates: bool | None = None) -> ListStatus:
        """The list's status as shown to people at `now`.

        `has_delegates` spares a query where the caller already knows it.
        """
        if self.status == RegistrationStatus.SUBMITTED:
            return ListStatus.SUBMITTED
        if now > self.deadline:
            return ListStatus.LATE
        if self.status == RegistrationStatus.REOPENED:
            return ListStatus.REOPENED
        if has_delegates is None:
            has_delegates = self.point.delegates.exists()
        return ListStatus.DRAFT if has_delegates else ListStatus.NOT_STARTED


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
    # The one-time token of the add form that created the delegate: the same form
    # sent twice (a double click on "Save") finds it and creates nobody new.
    creation_token = models.UUIDField(
        _("creation token"), null=True, blank=True, unique=True, editable=False
    )
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

    def clean(self):
        super().clean()
        # The rule of `other_agency_has_a_name`, its message on the field to fill in.
        if self.agency == Agency.OTHER and not self.agency_other:
            raise ValidationError(
                {"agency_other": _("Enter the name of the other unit.")},
                code="other_agency_without_name",
            )

    def validate_constraints(self, exclude=None):
        # `other_agency_has_a_name` is clean()'s rule, checked there without the query
        # a CheckConstraint costs (one per row: thousands in an import); excluding its
        # field skips it here (Django's documented rule), the database still guards it.
        # The others are checked as usual where their fields are not excluded: a
        # delegate form leaves out the point, as its index checks them (forms.py).
        super().validate_constraints(exclude={*(exclude or ()), "agency_other"})


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
    # The list's version (DelegateList.version) the rows were checked against.
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
