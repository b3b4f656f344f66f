from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from common.forms import CleanTextMixin

from .enums import Role
from .models import User
from .services import assign_role
from .two_factor import reset_two_factor

# django-otp's own device pages are English and show the keys' settings; an
# administrator only ever needs to reset a user's devices (the action below).
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


class RoleProvinceFormMixin:
    """A province is required for province staff, and refused for every other role."""

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        province = cleaned.get("province")
        if role == Role.PROVINCE_STAFF and province is None:
            self.add_error(
                "province",
                _(
                    "A provincial Department of Home Affairs account needs its province."
                ),
            )
        elif role != Role.PROVINCE_STAFF and province is not None:
            self.add_error(
                "province",
                _(
                    "Only a provincial Department of Home Affairs account belongs to a "
                    "province."
                ),
            )
        return cleaned


class UserAdminChangeForm(CleanTextMixin, RoleProvinceFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class UserAdminCreationForm(
    CleanTextMixin, RoleProvinceFormMixin, AdminUserCreationForm
):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "role", "province")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminChangeForm
    add_form = UserAdminCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Role"), {"fields": ("role", "province", "phone")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ),
                "description": _(
                    "The role decides the group and the administrator flags; "
                    "other groups and permissions may be added."
                ),
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "role",
                    "province",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    # Derived from the role by assign_role: editing them here would be overwritten.
    readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined")
    list_display = ("username", "last_name", "role", "province", "is_active")
    list_filter = ("role", "is_active", "groups", "province__unit_set")
    list_select_related = ("province",)
    search_fields = ("username", "first_name", "last_name", "email", "phone")
    autocomplete_fields = ("province",)
    actions = ["reset_two_factor"]

    @admin.action(
        description=_("Reset two-step verification (a lost phone)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            reset_two_factor(user=user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Two-step verification reset for %(count)d account: it enrols a "
                "phone again at its next login.",
                "Two-step verification reset for %(count)d accounts: they enrol a "
                "phone again at their next login.",
                count,
            )
            % {"count": count},
        )

    def save_related(self, request, form, formsets, change):
        # After the form's own groups are saved, so the role's group is the last word.
        super().save_related(request, form, formsets, change)
        user = form.instance
        if user.role:
            assign_role(user=user, role=user.role, province=user.province)
