from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ACTIVE_JOB_STATUSES, IssuedKind, JobKind, JobStatus

BLANK_NUMBER = "\u2003\u2003"  # two em spaces


class IssuedDocument(models.Model):
    """What the header and signature block of an issued document say (Decree 30/2020).

    One row per conference and kind (the invitation, the programme). Loaded from the
    plan where it gives the data; the rest is edited in the admin.
    """

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="issued_documents",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IssuedKind.choices)
    issuing_parent = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("Line above the issuing body, if any."),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    number = models.CharField(
        _("number"),
        max_length=20,
        blank=True,
        help_text=_(
            "Left empty until the document is registered: a blank is printed to write it in."
        ),
    )
    symbol = models.CharField(_("symbol"), max_length=50, help_text="GM-BNV")
    place = models.CharField(_("place of issue"), max_length=100)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    excerpt = models.TextField(_("excerpt"), blank=True)
    attendees = models.TextField(
        _("who attends"), blank=True, help_text=_("One line per group.")
    )
    recipients = models.TextField(
        _("recipients"), blank=True, help_text=_("One line per recipient.")
    )
    signer_authority = models.CharField(
        _("signing authority"), max_length=100, blank=True, help_text="KT. BỘ TRƯỞNG"
    )
    signer_title = models.CharField(_("signer's title"), max_length=100)
    signer_name = models.CharField(_("signer's name"), max_length=100)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["conference", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "kind"], name="one_issued_document_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number_line}"

    @property
    def number_line(self) -> str:
        # Unnumbered until registered: room to write the number by hand.
        return f"Số: {self.number or BLANK_NUMBER}/{self.symbol}"

    # The admin's column title (it would otherwise read "Number line").
    number_line.fget.short_description = _("number and symbol")

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]

    @property
    def attendee_lines(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class BackdropSize(models.Model):
    """A size the backdrops are printed or shown at (a 16:9 screen, a wide banner)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    width_mm = models.PositiveIntegerField(
        _("width (mm)"), validators=[MinValueValidator(200), MaxValueValidator(5000)]
    )
    height_mm = models.PositiveIntegerField(
        _("height (mm)"), validators=[MinValueValidator(100), MaxValueValidator(5000)]
    )
    is_active = models.BooleanField(_("offered"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("backdrop size")
        verbose_name_plural = _("backdrop sizes")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                name="backdrop_is_landscape",
                condition=models.Q(width_mm__gt=models.F("height_mm")),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.width_mm} × {self.height_mm} mm)"


class ProgrammeVersion(models.Model):
    """A published state of the programme and what changed since the one before."""

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="programme_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    rows = models.JSONField(_("rows"))
    changes = models.JSONField(_("changes"), default=list)
    content_hash = models.CharField(_("content hash"), max_length=64)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["conference", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"], name="programme_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.conference} v{self.number}"


class RenderJob(models.Model):
    """A background job that makes one file: "Render all" (a ZIP of every document),
    the roll-up PDF or the printed list of chairs and delegates.

    Its progress is what the page polls; its file, once done, is in storage under
    `file_name` and downloaded by its requester only. A requester has at most one job
    of a kind waiting or running (the database holds it), so a double click, two tabs
    or five parallel requests start one job.
    """

    conference = models.ForeignKey(
        "conference.Conference",
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="render_jobs",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=JobKind.choices, default=JobKind.RENDER_ALL
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    # Documents (render all) or pages (a long PDF); 0 until known.
    total = models.PositiveIntegerField(_("to render"), default=0)
    done = models.PositiveIntegerField(_("rendered"), default=0)
    file_name = models.CharField(_("file in storage"), max_length=300, blank=True)
    download_name = models.CharField(_("download name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The last sign of life: started, a document or part rendered. The sweeper
    # (documents.tasks.sweep_jobs) ends a job that shows none for too long.
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "kind"],
                condition=models.Q(status__in=ACTIVE_JOB_STATUSES),
                name="one_active_job_per_user_and_kind",
            ),
            models.CheckConstraint(
                name="job_done_within_total",
                condition=models.Q(done__lte=models.F("total")),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "progress_at"], name="job_status_progress")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.conference} {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES


class RenderedTarget(models.Model):
    """A document of a "Render all" job that is in storage.

    Chunks are acknowledged late, so a chunk the broker delivers twice renders its
    documents twice; each is recorded here once, and the job's `done` is the count of
    these rows, never a sum of increments.
    """

    job = models.ForeignKey(
        RenderJob,
        verbose_name=_("job"),
        on_delete=models.CASCADE,
        related_name="rendered_targets",
    )
    target = models.CharField(_("document"), max_length=60)

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints = [
            models.UniqueConstraint(
                fields=["job", "target"], name="rendered_target_counted_once"
            )
        ]

    def __str__(self):
        return self.target
