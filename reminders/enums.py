from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    TASK = "task", _("a task of a Ministry unit")
    DELEGATE_LIST = "delegate_list", _("the provinces' delegate lists")


# The outbox topics this app writes (registered with their labels in apps.py).
TOPIC = "reminder"
SUMMARY_TOPIC = "summary"
INVITATION_TOPIC = "invitation"
