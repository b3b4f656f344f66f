"""Every write on a list's delegates, and on the point's own details."""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from common.records import sign_change
from conference.models import BridgePoint

from ..exceptions import AlreadyCreated, StaleEdit
from ..models import Delegate
from .lists import bump_list_version, check_version, ensure_list_editable, lock_point

DELEGATE_FIELDS = (
    "full_name",
    "position",
    "agency",
    "agency_other",
    "phone",
    "email",
    "role",
)
POINT_DETAIL_FIELDS = (
    "room",
    "room_capacity",
    "address",
    "technical_contact_name",
    "technical_contact_phone",
)


def _save_delegate(delegate: Delegate, *, by) -> Delegate:
    sign_change(delegate, by=by)
    delegate.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            delegate.save()
    except IntegrityError as exc:
        # Two saves raced past the form's checks; the constraint decided.
        raise StaleEdit(
            _(
                "The list changed while you were editing (a second chair or the "
                "same person twice). Reload the page and check the list."
            ),
            code="conflict",
        ) from exc
    return delegate


@transaction.atomic
def create_delegate(
    *,
    point: BridgePoint,
    data: dict[str, Any],
    by,
    now: datetime,
    token: UUID | None = None,
) -> Delegate:
    """Add a delegate to the point's list, once per add form (`token`).

    Raises `AlreadyCreated` when the form with this token was already saved.
    """
    point = lock_point(point)
    if token is not None:
        # Under the point's lock: the same form sent twice at once waits here for
        # the first, then finds its delegate.
        existing = Delegate.objects.filter(point=point, creation_token=token).first()
        if existing is not None:
            raise AlreadyCreated(existing)
    ensure_list_editable(point=point, now=now)
    delegate = Delegate(
        point=point,
        creation_token=token,
        **{k: data[k] for k in DELEGATE_FIELDS if k in data},
    )
    _save_delegate(delegate, by=by)
    bump_list_version(point.delegate_list)
    return delegate


@transaction.atomic
def update_delegate(
    *,
    delegate: Delegate,
    data: dict[str, Any],
    expected_version: int | None,
    by,
    now: datetime,
) -> Delegate:
    """Change a delegate, refusing a form made stale by someone else's save."""
    point = lock_point(delegate.point)
    ensure_list_editable(point=point, now=now)
    current = Delegate.objects.select_for_update().get(pk=delegate.pk)
    check_version(current.version, expected_version)
    for name in DELEGATE_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version += 1
    _save_delegate(current, by=by)
    bump_list_version(point.delegate_list)
    return current


@transaction.atomic
def delete_delegate(
    *, delegate: Delegate, expected_version: int | None, by, now: datetime
) -> None:
    """Remove a delegate from the list."""
    point = lock_point(delegate.point)
    ensure_list_editable(point=point, now=now)
    current = (
        Delegate.objects.select_for_update()
        .filter(pk=delegate.pk)
        .order_by("pk")
        .first()
    )
    if current is None:
        return
    check_version(current.version, expected_version)
    sign_change(current, by=by)
    current.delete()
    bump_list_version(point.delegate_list)


@transaction.atomic
def update_point_details(
    *,
    point: BridgePoint,
    data: dict[str, Any],
    expected_version: int | None,
    by,
    now: datetime,
) -> BridgePoint:
    """Save the room, address and technical contact the province keeps current."""
    current = (
        BridgePoint.objects.select_for_update()
        .select_related("conference")
        .get(pk=point.pk)
    )
    check_version(current.version, expected_version)
    for name in POINT_DETAIL_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version += 1
    sign_change(current, by=by)
    current.full_clean()
    current.save()
    return current
