from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import Role


class User(AbstractUser):
    """A person who signs in; province staff are bound to exactly one province."""

    role = models.CharField(
        _("role"), max_length=32, choices=Role.choices, blank=True, default=""
    )
    province = models.ForeignKey(
        "conference.AdministrativeUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="province_staff_has_exactly_one_province",
                condition=(Q(role=Role.PROVINCE_STAFF) & Q(province__isnull=False))
                | (~Q(role=Role.PROVINCE_STAFF) & Q(province__isnull=True)),
            )
        ]

    @property
    def name_and_unit(self) -> str:
        """The person as colleagues know them: name, then the unit they work for."""
        name = self.get_full_name() or self.username
        if self.province_id:
            unit = self.province.full_name
        elif self.role:
            unit = str(self.get_role_display())
        else:
            return name
        return name if unit in name else f"{name} ({unit})"
