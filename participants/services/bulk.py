"""Bulk writes of synthetic delegates, for demonstrations and load tests only.

These skip `full_clean()` and the audit history on purpose: at a hundred thousand
rows both take minutes, and the rows are valid by construction. Nothing a user
does goes through here.
"""

from collections.abc import Iterable
from typing import Any

from django.db import connection

from conference.models import BridgePoint, Conference

from ..models import Delegate

BATCH_SIZE = 2000


def add_delegates_in_bulk(*, rows: Iterable[dict[str, Any]]) -> int:
    """Insert delegates given as field values (with `point`); return how many."""
    batch: list[Delegate] = []
    total = 0
    for row in rows:
        batch.append(Delegate(**row))
        if len(batch) >= BATCH_SIZE:
            Delegate.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            total += len(batch)
            batch = []
    Delegate.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    return total + len(batch)


def delete_delegates_in_bulk(*, conference: Conference) -> None:
    """Delete every delegate of the conference's points in one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Delegate._meta.db_table} WHERE point_id IN "
            f"(SELECT id FROM {BridgePoint._meta.db_table} WHERE conference_id = %s)",
            [conference.pk],
        )
