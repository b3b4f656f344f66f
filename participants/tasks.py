"""Celery tasks of the participants app."""

import logging

from celery import shared_task
from django.utils import timezone

from .excel import applying

logger = logging.getLogger(__name__)


@shared_task(name="participants.delete_abandoned_imports", acks_late=True)
def delete_abandoned_imports() -> int:
    """Delete staged Excel imports left unconfirmed for a day (run by beat, hourly)."""
    deleted = applying.delete_abandoned_imports(now=timezone.now())
    if deleted:
        logger.info("Deleted %s abandoned delegate imports.", deleted)
    return deleted
