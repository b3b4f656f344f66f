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
            # "Sở Nội vụ tỉnh Bắc Ninh": the province's staff work for its Sở Nội vụ.
            unit = self.province.home_affairs_name
        elif self.role:
            unit = str(self.get_role_display())
        else:
            return name
        return name if unit in name else f"{name} ({unit})"


class PasswordResetRequest(models.Model):
    """One anonymous "forgot my password" form sent: the throttle counts these, and
    a worker answers it (accounts.tasks), so the page does the same work whether
    the address has an account or not."""

    # The address as typed, lower-cased: requests for one address are counted.
    email = models.EmailField(_("e-mail address"), max_length=254)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        indexes = [
            models.Index(fields=["email", "requested_at"], name="reset_email_idx"),
            models.Index(fields=["ip_address", "requested_at"], name="reset_ip_idx"),
            models.Index(
                fields=["requested_at"],
                condition=Q(processed_at__isnull=True),
                name="reset_pending_idx",
            ),
        ]

    def __str__(self):
        return f"{self.email} {self.requested_at:%d/%m/%Y %H:%M}"
