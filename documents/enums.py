from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedKind(models.TextChoices):
    """The documents the Ministry issues with a number, a date and a signature."""

    INVITATION = "invitation", _("invitation")
    PROGRAMME = "programme", _("programme")


class RenderKind(models.TextChoices):
    """What `render_documents` and "Render all" can produce."""

    INVITATION = "invitation", _("invitation")
    PROGRAMME = "programme", _("programme")
    BACKDROP = "backdrop", _("backdrop")


class JobKind(models.TextChoices):
    """What a background job makes: one file in storage, downloaded when done."""

    RENDER_ALL = "render_all", _("every document (ZIP)")
    ROLLUP_PDF = "rollup_pdf", _("roll-up of the bridge points (PDF)")
    COMPILED_PDF = "compiled_pdf", _("list of chairs and delegates (PDF)")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("rendering")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


# A job in one of these holds its requester's one place for its kind.
ACTIVE_JOB_STATUSES = (JobStatus.PENDING, JobStatus.RUNNING)


# The outbox topic of the "programme published" e-mails (labelled in apps.py).
PROGRAMME_TOPIC = "programme"
