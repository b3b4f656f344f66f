"""Password reset by e-mail, through the outbox, without the link ever being stored.

The anonymous page only records the request, throttled per address typed and per
client address, and hands it to a worker (`reset_requests`, the one module here
that queues the task: the task runs this one): it does the same work, in the same
time, whether the address has an account or not. The worker finds the accounts (at most
PASSWORD_RESET_MAX_PER_ACCOUNT links per account in the window) and enqueues for
each an e-mail whose link is a slot. The outbox's sender asks `reset_link_values`
for a fresh link at each attempt and puts it only into the SMTP message: the
outbox's pages, its admin, its keys and headers never hold a token.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from axes.utils import reset as reset_axes_attempts
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from outbox.selectors import count_since
from outbox.services import Secret, enqueue_mail, slot

from .models import PasswordResetRequest, User

logger = logging.getLogger(__name__)

# The name the outbox knows the link's maker by (apps.py registers it).
FILLER = "password_reset"
KEY_PREFIX = "password-reset:"
# The outbox topic of these e-mails (registered with its label in apps.py).
TOPIC = "password-reset"
# Requests are kept this long for the throttle, then deleted.
KEEP_REQUESTS = timedelta(days=1)


def window() -> timedelta:
    return timedelta(minutes=settings.PASSWORD_RESET_WINDOW_MINUTES)


def answer_requests(*, now: datetime) -> int:
    """Queue a reset e-mail to each account each pending request names; return how
    many were queued. Each request is answered once, whichever worker takes it."""
    queued = 0
    with transaction.atomic():
        pending = list(
            PasswordResetRequest.objects.select_for_update(skip_locked=True)
            .filter(processed_at__isnull=True)
            .order_by("pk")[:100]
        )
        for request in pending:
            queued += _answer(request, now=now)
        PasswordResetRequest.objects.filter(pk__in=[r.pk for r in pending]).update(
            processed_at=now
        )
    PasswordResetRequest.objects.filter(requested_at__lt=now - KEEP_REQUESTS).delete()
    return queued


def _answer(request: PasswordResetRequest, *, now: datetime) -> int:
    queued = 0
    # Django's own choice of accounts: active, with a usable password, that address.
    for user in PasswordResetForm().get_users(request.email):
        sent = count_since(topic=TOPIC, about={"user": user.pk}, since=now - window())
        if sent >= settings.PASSWORD_RESET_MAX_PER_ACCOUNT:
            logger.info("Password reset for user %s refused: too many.", user.pk)
            continue
        queued += enqueue_mail(
            # The request's id, never the token: asking again is a new key.
            key=f"{KEY_PREFIX}{user.pk}:{request.pk}",
            topic=TOPIC,
            about={"user": user.pk, "request": request.pk},
            recipients=[user.email],
            template="password_reset",
            context={
                # A personal e-mail: addressed to its owner by name.
                "addressee": user.get_full_name() or user.username,
                "username": user.get_username(),
                "reset_url": slot("reset_url"),
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
            secret=Secret(filler=FILLER, ref=str(user.pk)),
        )
    return queued


def reset_link_values(ref: str, recipient: str) -> dict[str, str] | None:
    """A fresh reset link for the account `ref`, made at send time (the outbox's
    secret filler); None when the account may no longer reset by that address."""
    user = User.objects.filter(pk=int(ref), is_active=True).first()
    if (
        user is None
        or not user.has_usable_password()
        or user.email.strip().lower() != recipient.strip().lower()
    ):
        return None
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    # The portal's configured address, never a request's Host header.
    return {"reset_url": f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}"}


def after_reset(*, user: User) -> int:
    """Lift the login lock on an account its owner has just proved by e-mail: wrong
    passwords typed by someone else must not keep the owner out."""
    return reset_axes_attempts(username=user.get_username())
