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


class JobStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    RUNNING = "running", _("rendering")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
