from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from . import password_reset, reset_requests, two_factor
from .forms import (
    EnrolmentForm,
    PasswordResetRequestForm,
    PortalAuthenticationForm,
    SecondStepForm,
)
from .lockout import lockout_response
from .roles import is_administrator

# The recovery codes just made, shown once by TwoFactorView and then forgotten.
NEW_CODES_SESSION_KEY = "portal_new_recovery_codes"


class PortalLoginView(auth_views.LoginView):
    """Django's login, naming the portal and who to ask for help. An account that
    must use a second factor is then sent to it by accounts.middleware."""

    authentication_form = PortalAuthenticationForm

    def get_default_redirect_url(self):
        # Administrators work in the admin; its "view site" link brings them back
        # to the portal's home, which shows them the portal.
        if is_administrator(self.request.user):
            return resolve_url("admin:index")
        return super().get_default_redirect_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            help_contact=settings.PORTAL_HELP_CONTACT, **kwargs
        )


class PasswordResetRequestView(FormView):
    """ "Forgot your password?": the same answer, after the same work, whether the
    address has an account or not; a worker sends the link (`reset_requests`)."""

    template_name = "registration/password_reset_form.html"
    form_class = PasswordResetRequestForm

    def form_valid(self, form):
        accepted = reset_requests.request_reset(
            email=form.cleaned_data["email"],
            ip_address=get_client_ip_address(self.request),
            now=timezone.now(),
        )
        if not accepted:
            form.add_error(
                None,
                _(
                    "Too many requests for a new password from this address or "
                    "this computer. Try again in %(minutes)d minutes."
                )
                % {"minutes": settings.PASSWORD_RESET_WINDOW_MINUTES},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(reverse("password_reset_done"))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "choose a new password" page; the new password also lifts a login
    lock, so an owner locked out by someone else's guesses gets back in."""

    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_reset.after_reset(user=form.user)
        return response


class SecondStepMixin(LoginRequiredMixin):
    """Where the second step leads: the page asked for, if it is the portal's, else
    the account's landing page."""

    def next_url(self) -> str:
        request = self.request
        wanted = request.POST.get("next") or request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            wanted,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return wanted
        if is_administrator(request.user):
            return resolve_url("admin:index")
        return resolve_url(settings.LOGIN_REDIRECT_URL)

    def credentials(self) -> dict:
        return {"username": self.request.user.get_username()}

    def wrong_code(self):
        """Count a wrong code as a failed login (django-axes); the lock's page once
        the account is locked from this address, signed out."""
        user_login_failed.send(
            sender=__name__, credentials=self.credentials(), request=self.request
        )
        return self.locked_response()

    def locked_response(self):
        if not AxesProxyHandler.is_locked(self.request, self.credentials()):
            return None
        credentials = self.credentials()
        logout(self.request)
        return lockout_response(self.request, credentials=credentials)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=self.next_url(), **kwargs)


class TwoFactorVerifyView(SecondStepMixin, FormView):
    """The second step of a login: a code from the authenticator or a recovery code."""

    template_name = "accounts/two_factor_verify.html"
    form_class = SecondStepForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated:
            if user.is_verified():
                return HttpResponseRedirect(self.next_url())
            if not two_factor.has_second_factor(user):
                return HttpResponseRedirect(resolve_url("two_factor_setup"))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if locked := self.locked_response():
            return locked
        user = self.request.user
        device = two_factor.verify_second_factor(
            user=user, token=form.cleaned_data["otp_token"]
        )
        if device is None:
            if locked := self.wrong_code():
                return locked
            form.add_error("otp_token", _wrong_code_message(user))
            return self.form_invalid(form)
        otp_login(self.request, device)
        if two_factor.recovery_codes_left(user=user) == 0:
            messages.warning(
                self.request,
                _(
                    "You have no recovery codes left: make new ones on the "
                    "two-step verification page."
                ),
            )
        return HttpResponseRedirect(self.next_url())


class TwoFactorSetupView(SecondStepMixin, FormView):
    """Enrolment: scan the key into an authenticator app and type the code it shows."""

    template_name = "accounts/two_factor_setup.html"
    form_class = EnrolmentForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        # A new phone replaces the old one only after the old one was used: a
        # password alone never re-enrols an account.
        if (
            user.is_authenticated
            and not user.is_verified()
            and two_factor.has_second_factor(user)
        ):
            return HttpResponseRedirect(resolve_url("two_factor_verify"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        device = two_factor.start_enrolment(user=self.request.user)
        return super().get_context_data(
            qr_data_uri=two_factor.qr_data_uri(device),
            secret=two_factor.secret_for_display(device),
            required=two_factor.requires_two_factor(self.request.user),
            **kwargs,
        )

    def form_valid(self, form):
        if locked := self.locked_response():
            return locked
        result = two_factor.confirm_enrolment(
            user=self.request.user, token=form.cleaned_data["otp_token"]
        )
        if result is None:
            if locked := self.wrong_code():
                return locked
            form.add_error("otp_token", _wrong_code_message(self.request.user))
            return self.form_invalid(form)
        device, codes = result
        otp_login(self.request, device)
        self.request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(self.request, _("Two-step verification is on."))
        query = urlencode({"next": self.next_url()})
        return HttpResponseRedirect(f"{resolve_url('two_factor')}?{query}")


class TwoFactorView(SecondStepMixin, TemplateView):
    """The account's two-step verification: whether it is on, recovery codes left,
    new recovery codes (shown once)."""

    template_name = "accounts/two_factor_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            enrolled=two_factor.has_second_factor(user),
            required=two_factor.requires_two_factor(user),
            codes_left=two_factor.recovery_codes_left(user=user),
            new_codes=self.request.session.pop(NEW_CODES_SESSION_KEY, None),
            **kwargs,
        )

    def post(self, request):
        if not request.user.is_verified():
            return HttpResponseRedirect(resolve_url("two_factor_setup"))
        request.session[NEW_CODES_SESSION_KEY] = two_factor.replace_recovery_codes(
            user=request.user
        )
        messages.success(
            request, _("New recovery codes are made; the old ones no longer work.")
        )
        return HttpResponseRedirect(resolve_url("two_factor"))


def _wrong_code_message(user) -> str:
    until = two_factor.throttled_until(user=user)
    if until is None:
        return str(_("The code is wrong or has expired. Try the current one."))
    return str(
        _(
            "The code is wrong. Too many wrong codes: the next one is checked after "
            "%(time)s."
        )
    ) % {"time": timezone.localtime(until).strftime("%H:%M:%S")}
