"""The forms of accounts: the login forms of the portal and the admin (the demo
password is refused where demo accounts are not allowed), the second step's, and
the password reset request."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.forms import CleanForm

from .demo import demo_accounts_allowed, is_demo_password

DEMO_PASSWORD_REFUSED = _(
    "This account still has the demo password, which is published, and cannot log "
    "in here. Reset your password (“Forgot your password?” on the portal's login "
    "page) or ask the portal's administrator to set a new one."
)


class DemoPasswordRefusedMixin:
    """Refuse a login with the published demo password outside DEBUG and demo mode
    (always under the production settings), however the account got it."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        # The password just authenticated this user: comparing what was typed
        # costs no hash.
        if not demo_accounts_allowed() and is_demo_password(
            self.cleaned_data.get("password")
        ):
            raise ValidationError(DEMO_PASSWORD_REFUSED, code="demo_password")


class PortalAuthenticationForm(DemoPasswordRefusedMixin, AuthenticationForm):
    """The portal's login form (/login/)."""


class PortalAdminAuthenticationForm(DemoPasswordRefusedMixin, AdminAuthenticationForm):
    """The admin's login form (/admin/login/)."""


class PasswordResetRequestForm(CleanForm):
    """The address of the account whose password is forgotten."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class SecondStepForm(CleanForm):
    """The second step of a login: a code from the authenticator, or a recovery code."""

    otp_token = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_(
            "The 6 digits your authenticator app shows now, or one of your recovery "
            "codes (8 characters)."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class EnrolmentForm(CleanForm):
    """Enrolment: the code the new authenticator shows, proving it holds the key."""

    otp_token = forms.CharField(
        label=_("Code from the app"),
        max_length=32,
        help_text=_("The 6 digits the app shows for this portal."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )
