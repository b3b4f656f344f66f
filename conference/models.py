from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.text import fold_accents

from .enums import ConferenceForm, DocumentKind, UnitKind

# The point's history keeps a change's reason whole (simple-history's default
# column holds 100 characters): its older rows carry the reasons of list decisions
# made before the list had a model of its own (participants.DelegateList).
CHANGE_REASON_MAX_LENGTH = 500

# The most people a bridge point may hold: a room's capacity, and the count a
# check-in may give for a point without one.
MAX_PEOPLE_AT_A_POINT = 2000

# A name that already says what the unit is ("Thành phố Huế", "TP. Hồ Chí Minh", a
# synthetic "Xã ..."), with the word it reads as inside a sentence.
UNIT_NAME_PREFIXES = (
    ("TP. ", "thành phố"),
    ("TP ", "thành phố"),
    ("Thành phố ", "thành phố"),
    ("Tỉnh ", "tỉnh"),
    ("Xã ", "xã"),
    ("Phường ", "phường"),
    ("Thị trấn ", "thị trấn"),
    ("Đặc khu ", "đặc khu"),
)


def unit_designation(name: str, kind: str) -> str:
    """A province's or city's proper designation inside a sentence: "tỉnh Bắc Ninh";
    a centrally-run city (Hà Nội, Hồ Chí Minh, Hải Phòng, Đà Nẵng, Cần Thơ, Huế
    since 2025) is "thành phố Hà Nội". Every label and document takes the unit's
    name from here (`AdministrativeUnit.designation`, `full_name`)."""
    name = " ".join(name.split())
    for prefix, word in UNIT_NAME_PREFIXES:
        if name.casefold().startswith(prefix.casefold()):
            return f"{word} {name[len(prefix) :].strip()}"
    word = "thành phố" if kind == UnitKind.CENTRAL_CITY else "tỉnh"
    return f"{word} {name}"


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
        self.search_name = fold_accents(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def designation(self) -> str:
        """The unit's proper designation, as it reads inside a sentence: "tỉnh Bắc
        Ninh", "thành phố Hà Nội" (`unit_designation`)."""
        return unit_designation(self.name, self.kind)

    @property
    def full_name(self) -> str:
        """The designation as a label starts: "Tỉnh Bắc Ninh", "Thành phố Hà Nội"."""
        designation = self.designation
        return designation[:1].upper() + designation[1:]

    @property
    def name_in_sentence(self) -> str:
        """The full name as it reads inside a sentence: "Điểm cầu UBND tỉnh Bắc Ninh"."""
        return self.designation

    @property
    def home_affairs_name(self) -> str:
        """The unit's Department of Home Affairs: "Sở Nội vụ tỉnh Bắc Ninh"."""
        return f"Sở Nội vụ {self.designation}"


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
    room_capacity = models.PositiveIntegerField(
        _("room capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE_AT_A_POINT)],
        help_text=_("How many people the meeting room seats."),
    )
    technical_contact_name = models.CharField(
        _("technical contact"), max_length=120, blank=True
    )
    technical_contact_phone = models.CharField(
        _("technical contact phone"), max_length=20, blank=True
    )
    # Optimistic locking: a form carries the number it was rendered with, and a save
    # from a stale page is refused. It counts writes of the point's own details; its
    # delegate list counts its own (participants.DelegateList.version).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(
        history_change_reason_field=models.CharField(
            max_length=CHANGE_REASON_MAX_LENGTH, null=True
        )
    )

    class Meta:
        verbose_name = _("bridge point")
        verbose_name_plural = _("bridge points")
        ordering = ["conference", "-is_main", "unit__code"]
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
