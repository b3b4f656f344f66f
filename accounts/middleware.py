"""The gate of two-factor sign-in: after the password, nothing but the second step."""

from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from .two_factor import has_second_factor, requires_two_factor

# What an account that still owes its second factor may reach.
OPEN_URL_NAMES = frozenset(
    {
        "two_factor_verify",
        "two_factor_setup",
        "logout",
    }
)
# Cached per session from the login on: whether the account has a device (for a
# province's account, which need not have one; two queries each time otherwise).
SESSION_KEY = "portal_has_device"


class TwoFactorMiddleware:
    """Send an account that must use a second factor, or has one, and has not used it
    in this session to the second step (or to enrolment, when it has no
    authenticator yet). After django-otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.url_name in OPEN_URL_NAMES:
            return None
        if not self._needs_second_step(request, user):
            return None
        name = "two_factor_verify" if has_second_factor(user) else "two_factor_setup"
        target = f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a fragment: load it whole instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)

    @staticmethod
    def _needs_second_step(request, user) -> bool:
        # The role is read each time: an account given a Ministry role must use a
        # second factor from its next request on.
        if requires_two_factor(user):
            return True
        cached = request.session.get(SESSION_KEY)
        if cached is not None and cached[0] == user.pk:
            return cached[1]
        return remember_device(request=request, user=user)


def remember_device(*, request, user) -> bool:
    """Store in the session whether the account has a device; return it."""
    has_device = user_has_device(user, confirmed=True)
    request.session[SESSION_KEY] = (user.pk, has_device)
    return has_device


def remember_device_at_login(sender, request, user, **kwargs) -> None:
    """At login (user_logged_in), so no later request pays for it."""
    if request is not None and hasattr(request, "session"):
        remember_device(request=request, user=user)
