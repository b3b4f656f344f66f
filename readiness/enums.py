from django.db import models
from django.utils.translation import gettext_lazy as _


class TestRound(models.IntegerChoices):
    FIRST = 1, _("first round")
    SECOND = 2, _("second round")


class TestResult(models.TextChoices):
    OK = "ok", _("ok")
    PROBLEM = "problem", _("problem")
    FAILED = "failed", _("failed")


class Readiness(models.TextChoices):
    """Where a point's connection stands, computed from its tests and checklist.

    Derived, never stored: `readiness.selectors.with_readiness` in SQL and
    `readiness.rules.readiness_of` in Python give the same answer (tests hold them
    together).
    """

    NOT_TESTED = "not_tested", _("not tested")
    PROBLEM = "problem", _("problem")
    IN_PROGRESS = "in_progress", _("tested, checklist open")
    READY = "ready", _("ready")


# What a point must be ready by: technical staff on site this long before the start.
STAFF_ON_SITE_MINUTES = 60
