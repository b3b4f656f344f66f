"""Celery tasks of the participants app."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import User
from conference.models import BridgePoint

from . import imports

logger = logging.getLogger(__name__)


@shared_task(name="participants.notify_delegate_list_submitted", acks_late=True)
def notify_delegate_list_submitted(*, point_id: int) -> int:
    """E-mail Vụ CCHC that a province submitted its delegate list; return how many."""
    point = (
        BridgePoint.objects.select_related("conference", "unit", "submitted_by")
        .filter(pk=point_id)
        .first()
    )
    if point is None:
        logger.warning("Point %s is gone; no notification sent.", point_id)
        return 0
    recipients = list(
        User.objects.filter(role=Role.ORGANISER, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    context = {"point": point, "delegate_count": point.delegates.count()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(
            "emails/delegate_list_submitted_subject.txt", context
        ).strip()
        message = render_to_string(
            "emails/delegate_list_submitted_message.txt", context
        )
    send_mail(subject, message, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)


@shared_task(name="participants.delete_abandoned_imports", acks_late=True)
def delete_abandoned_imports() -> int:
    """Delete staged Excel imports left unconfirmed for a day (run by beat, hourly)."""
    deleted = imports.delete_abandoned_imports(now=timezone.now())
    if deleted:
        logger.info("Deleted %s abandoned delegate imports.", deleted)
    return deleted
