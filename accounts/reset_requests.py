"""The anonymous page's side of a password reset: record the request, throttled,
and hand it to a worker (`tasks.answer_password_resets`, which runs
`password_reset.answer_requests`).

Apart from `password_reset` because it queues the task that module's work runs
in: the task imports that module, this one imports the task.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction

from common.broker import enqueue_or_leave_for_beat

from .models import PasswordResetRequest
from .password_reset import window
from .tasks import answer_password_resets


@transaction.atomic
def request_reset(*, email: str, ip_address: str | None, now: datetime) -> bool:
    """Record an anonymous reset request for a worker to answer; False, recording
    nothing, when the address typed or the client has asked too often."""
    email = email.strip().lower()
    recent = PasswordResetRequest.objects.filter(requested_at__gt=now - window())
    if recent.filter(email=email).count() >= settings.PASSWORD_RESET_MAX_PER_ADDRESS:
        return False
    if (
        ip_address
        and recent.filter(ip_address=ip_address).count()
        >= settings.PASSWORD_RESET_MAX_PER_IP
    ):
        return False
    PasswordResetRequest.objects.create(
        email=email, ip_address=ip_address, requested_at=now
    )
    transaction.on_commit(hand_to_worker)
    return True


def hand_to_worker() -> bool:
    """Ask a worker to answer the pending requests; never raise, never hang long.

    With the broker down, the beat entry answers them once it is back.
    """
    return enqueue_or_leave_for_beat(answer_password_resets, what="a password reset")
