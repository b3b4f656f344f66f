"""What a user locked out by too many failed logins sees: when to try again."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (django-axes' AXES_LOCKOUT_CALLABLE), for /login/ and
    /admin/login/: the time the user may try again, in Vietnamese time."""
    # Each refused attempt restarts the cool-off, so it runs from now.
    retry_at = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"retry_at": retry_at, "minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
