"""What a user locked out by too many failed logins sees: when to try again."""

from datetime import timedelta

from axes.helpers import get_client_username
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from .selectors import lock_ends_at


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (django-axes' AXES_LOCKOUT_CALLABLE), for /login/ and
    /admin/login/: the time the user may try again, in Vietnamese time."""
    cool_off = settings.AXES_COOLOFF_TIME
    # Refused tries during the lock are not recorded: it ends the cool-off after
    # the failure that caused it (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT).
    ends_at = lock_ends_at(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address,
        cool_off=cool_off,
    )
    now = timezone.now()
    ends_at = ends_at or now + cool_off
    # The page shows HH:MM: rounded up to the minute, so a user who waits until
    # then finds the lock over.
    retry_at = timezone.localtime(ends_at).replace(second=0, microsecond=0)
    if retry_at < ends_at:
        retry_at += timedelta(minutes=1)
    minutes = max(1, round((retry_at - now).total_seconds() / 60))
    return render(
        request,
        "registration/locked_out.html",
        {"retry_at": retry_at, "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
