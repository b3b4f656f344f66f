from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .enums import (
    ConferenceForm,
    DocumentKind,
    ListStatus,
    RegistrationStatus,
    UnitKind,
)
from .text import fold_for_search

UNIT_NAME_PREFIXES = (
    "TP.",
    "Thành phố ",
    "Tỉnh ",
    "Xã ",
    "Phường ",
    "Thị trấn ",
    "Đặc khu ",
)


class AdministrativeUnitSet(models.Model):
    """A named set of provinces in force over a period (63 in 2022, 34 since 2025)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    effective_until = models.DateField(_("in force until"), null=True, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)

    class Meta:
        verbose_name = _("set of administrative units")
        verbose_name_plural = _("sets of administrative units")
        ordering = ["-effective_from"]

    def __str__(self):
        return self.name


class AdministrativeUnit(models.Model):
    """A province or centrally-run city; identified by its set and official code."""

    unit_set = models.ForeignKey(
        AdministrativeUnitSet,
        verbose_name=_("set"),
        on_delete=models.PROTECT,
        related_name="units",
    )
    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    # Regions are data of the unit set ("Bắc", "Trung", "Nam" for the provinces),
    # read from its YAML file; a synthetic set may have none.
    region = models.CharField(_("region"), max_length=50, blank=True)
    # The name folded for search (no diacritics, no case, đ as d), kept by `save()`
    # and by every bulk write, so a search is one LIKE on PostgreSQL and SQLite alike.
    search_name = models.CharField(
        _("search name"), max_length=200, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["unit_set", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_set", "code"], name="unit_code_unique_in_set"
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = fold_for_search(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        prefix = "Thành phố" if self.kind == UnitKind.CENTRAL_CITY else "Tỉnh"
        # A name that already says what it is ("Thành phố Huế", a synthetic "Xã ...")
        # is kept as written.
        if self.name.startswith(UNIT_NAME_PREFIXES):
            return self.name
        return f"{prefix} {self.name}"

    @property
    def name_in_sentence(self) -> str:
        """The full name as it reads inside a sentence: "Điểm cầu UBND tỉnh Bắc Ninh"."""
        full_name = self.full_name
        return full_name[:1].lower() + full_name[1:]


class Conference(models.Model):
    """One event organised under a plan, with a main point and one point per province."""

    slug = models.SlugField(_("short name"), max_length=64, unique=True)
    title = models.TextField(_("title"))
    short_title = models.CharField(_("short title"), max_length=200)
    plan_number = models.CharField(_("plan number"), max_length=50)
    plan_issued_on = models.DateField(_("plan issued on"), null=True, blank=True)
    plan_signed_by = models.CharField(_("plan signed by"), max_length=200, blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    form = models.CharField(
        _("form"),
        max_length=20,
        choices=ConferenceForm.choices,
        default=ConferenceForm.ONLINE,
    )
    transmission = models.CharField(_("transmission"), max_length=300, blank=True)
    budget_note = models.TextField(_("budget"), blank=True)
    main_venue = models.CharField(_("main point venue"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    connection_opens_at = models.DateTimeField(
        _("connection opens at"), null=True, blank=True
    )
    delegate_list_deadline = models.DateTimeField(_("delegate list deadline"))
    unit_set = models.ForeignKey(
        AdministrativeUnitSet,
        verbose_name=_("set of provinces"),
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    backdrop_text = models.TextField(_("backdrop text"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.short_title

    @property
    def day(self):
        return timezone.localdate(self.starts_at)


class BridgePointQuerySet(models.QuerySet):
    def with_list_status(self, *, now):
        """Annotate `effective_deadline`, `has_delegates` and `list_status` at `now`.

        The same rule as `BridgePoint.deadline` and `BridgePoint.status_at`, in SQL,
        so pages and exports can filter, count and sort by status.
        """
        # The delegates live in an app above this one: reach them through the
        # reverse relation rather than an import.
        delegates = self.model._meta.get_field("delegates")
        any_delegate = delegates.related_model.objects.filter(
            **{delegates.field.name: OuterRef("pk")}
        )
        return self.annotate(
            has_delegates=Exists(any_delegate),
            effective_deadline=Case(
                When(
                    deadline_extended_to__isnull=False, then=F("deadline_extended_to")
                ),
                When(
                    registration_status=RegistrationStatus.REOPENED,
                    then=F("conference__starts_at"),
                ),
                default=F("conference__delegate_list_deadline"),
            ),
        ).annotate(
            list_status=Case(
                When(
                    registration_status=RegistrationStatus.SUBMITTED,
                    then=Value(ListStatus.SUBMITTED.value),
                ),
                When(effective_deadline__lt=now, then=Value(ListStatus.LATE.value)),
                When(
                    registration_status=RegistrationStatus.REOPENED,
                    then=Value(ListStatus.REOPENED.value),
                ),
                When(has_delegates=True, then=Value(ListStatus.DRAFT.value)),
                default=Value(ListStatus.NOT_STARTED.value),
                output_field=models.CharField(),
            )
        )


class BridgePoint(models.Model):
    """A site joined to the conference: the ministry's main point or a province's."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="points",
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="points",
    )
    is_main = models.BooleanField(_("main point"), default=False)
    name = models.CharField(_("name"), max_length=200)
    room = models.CharField(_("meeting room"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    technical_contact_name = models.CharField(
        _("technical contact"), max_length=120, blank=True
    )
    technical_contact_phone = models.CharField(
        _("technical contact phone"), max_length=20, blank=True
    )
    registration_status = models.CharField(
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
    # Optimistic locking: a form carries the number it was rendered with, and a save
    # from a stale page is refused. `version` counts writes of the point's own details,
    # `list_version` every change to its delegate list (what a submission vouches for).
    version = models.PositiveIntegerField(_("version"), default=1)
    list_version = models.PositiveIntegerField(_("list version"), default=1)
    history = HistoricalRecords()

    objects = BridgePointQuerySet.as_manager()

    class Meta:
        verbose_name = _("bridge point")
        verbose_name_plural = _("bridge points")
        ordering = ["conference", "-is_main", "unit__code"]
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
            (
                "record_connection_check",
                _("Can record the connection check of a point"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "unit"], name="one_point_per_unit_per_conference"
            ),
            models.UniqueConstraint(
                fields=["conference"],
                condition=Q(is_main=True),
                name="one_main_point_per_conference",
            ),
            models.CheckConstraint(
                name="main_point_has_no_unit_and_province_point_has_one",
                condition=(Q(is_main=True) & Q(unit__isnull=True))
                | (Q(is_main=False) & Q(unit__isnull=False)),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("participants:point_detail", kwargs={"pk": self.pk})

    @property
    def deadline(self):
        """The moment after which the province may no longer change its list.

        An extension wins; a list reopened without one stays open until the
        conference starts; otherwise the conference's deadline. Mirrors
        `BridgePointQuerySet.with_list_status` (tests hold the two together).
        """
        if self.deadline_extended_to is not None:
            return self.deadline_extended_to
        if self.registration_status == RegistrationStatus.REOPENED:
            return self.conference.starts_at
        return self.conference.delegate_list_deadline

    def is_open_for_changes(self, *, now) -> bool:
        """Whether the province may still change its delegate list at `now`."""
        return (
            self.registration_status != RegistrationStatus.SUBMITTED
            and now <= self.deadline
        )

    def status_at(self, *, now, has_delegates: bool | None = None) -> ListStatus:
        """The list's status as shown to people at `now`.

        `has_delegates` spares a query where the caller already knows it; an
        annotation by `with_list_status` serves too.
        """
        if self.registration_status == RegistrationStatus.SUBMITTED:
            return ListStatus.SUBMITTED
        if now > self.deadline:
            return ListStatus.LATE
        if self.registration_status == RegistrationStatus.REOPENED:
            return ListStatus.REOPENED
        if has_delegates is None:
            has_delegates = getattr(self, "has_delegates", None)
        if has_delegates is None:
            has_delegates = self.delegates.exists()
        return ListStatus.DRAFT if has_delegates else ListStatus.NOT_STARTED


def document_upload_to(instance, filename):
    return f"conferences/{instance.conference_id}/documents/{filename}"


class ConferenceDocument(models.Model):
    """A file of the conference: the backdrop, invitation, programme or the scheme."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=document_upload_to)
    is_published = models.BooleanField(_("published"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("conference document")
        verbose_name_plural = _("conference documents")
        ordering = ["conference", "kind", "title"]

    def __str__(self):
        return self.title
