from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from conference.models import BridgePoint

from .enums import TestResult, TestRound


class PointReadiness(models.Model):
    """A point's technical checklist, as Trung tâm Thông tin keeps it on paper."""

    point = models.OneToOneField(
        BridgePoint,
        verbose_name=_("bridge point"),
        on_delete=models.CASCADE,
        related_name="readiness",
    )
    contact_name = models.CharField(_("technical contact"), max_length=120, blank=True)
    contact_phone = models.CharField(
        _("technical contact phone"), max_length=20, blank=True
    )
    contact_email = models.EmailField(_("technical contact e-mail"), blank=True)
    line = models.CharField(_("transmission line"), max_length=300, blank=True)
    camera = models.CharField(_("camera"), max_length=300, blank=True)
    microphone = models.CharField(_("microphone"), max_length=300, blank=True)
    screen = models.CharField(_("screen"), max_length=300, blank=True)
    equipment_note = models.TextField(_("equipment notes"), blank=True)
    next_test_at = models.DateTimeField(_("next test"), null=True, blank=True)
    rehearsal_signed_off = models.BooleanField(_("rehearsal signed off"), default=False)
    staff_on_site = models.BooleanField(
        _("technical staff on site at least 60 minutes before the start"),
        default=False,
    )
    # Optimistic locking: a form carries the number it was rendered with (0 before
    # the first save), and a save from a stale page is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("point readiness")
        verbose_name_plural = _("point readiness")

    def __str__(self):
        return str(self.point)


class ConnectionTest(models.Model):
    """One round of the connection test of a point: when, result, engineer, notes."""

    point = models.ForeignKey(
        BridgePoint,
        verbose_name=_("bridge point"),
        on_delete=models.CASCADE,
        related_name="connection_tests",
    )
    round = models.PositiveSmallIntegerField(_("round"), choices=TestRound.choices)
    tested_at = models.DateTimeField(_("tested at"))
    result = models.CharField(_("result"), max_length=20, choices=TestResult.choices)
    engineer = models.CharField(_("engineer"), max_length=120)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("connection test")
        verbose_name_plural = _("connection tests")
        ordering = ["point", "round"]
        # Trung tâm Thông tin's right: the tests, the checklist, the quick OK.
        permissions = [
            (
                "record_connection_check",
                _("Can record the connection check of a point"),
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "round"], name="one_test_per_round_per_point"
            )
        ]

    def __str__(self):
        return f"{self.point} · {self.get_round_display()}"


class DayCheckIn(models.Model):
    """On the conference day: the point is connected, with so many people present."""

    point = models.OneToOneField(
        BridgePoint,
        verbose_name=_("bridge point"),
        on_delete=models.CASCADE,
        related_name="check_in",
    )
    connected_at = models.DateTimeField(_("connected at"))
    present_count = models.PositiveIntegerField(_("people present"))
    version = models.PositiveIntegerField(_("version"), default=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conference-day check-in")
        verbose_name_plural = _("conference-day check-ins")

    def __str__(self):
        return str(self.point)
