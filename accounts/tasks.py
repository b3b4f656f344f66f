"""Celery tasks of the accounts app."""

from celery import shared_task
from django.utils import timezone

from . import password_reset


@shared_task(name="accounts.answer_password_resets", acks_late=True, ignore_result=True)
def answer_password_resets() -> int:
    """Queue the reset e-mails of the pending anonymous requests."""
    return password_reset.answer_requests(now=timezone.now())
