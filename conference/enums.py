from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("province")
    CENTRAL_CITY = "central_city", _("centrally-run city")


class ConferenceForm(models.TextChoices):
    ONLINE = "online", _("online")
    IN_PERSON = "in_person", _("in person")
    HYBRID = "hybrid", _("in person and online")


class DocumentKind(models.TextChoices):
    BACKDROP = "backdrop", _("backdrop")
    INVITATION = "invitation", _("invitation")
    PROGRAMME = "programme", _("programme")
    SCHEME = "scheme", _("scheme and plan")
    OTHER = "other", _("other")
