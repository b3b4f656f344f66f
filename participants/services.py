"""Every write on a delegate list: delegates, the point's details, submit and reopen."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from conference.enums import RegistrationStatus
from conference.models import BridgePoint

from .enums import DelegateRole
from .exceptions import ListNotEditable, StaleEdit
from .models import Delegate

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
    "address",
    "technical_contact_name",
    "technical_contact_phone",
)


def is_list_editable(*, point: BridgePoint, now: datetime) -> bool:
    """Tell whether the province may still change its list."""
    return point.is_open_for_changes(now=now)


def ensure_list_editable(*, point: BridgePoint, now: datetime) -> None:
    """Refuse a change to a list that is submitted or past its deadline."""
    if point.registration_status == RegistrationStatus.SUBMITTED:
        raise ListNotEditable(
            _(
                "The list was submitted and is read-only. Ask the Administrative "
                "Reform Department to reopen it."
            ),
            code="submitted",
        )
    if not is_list_editable(point=point, now=now):
        raise ListNotEditable(
            _(
                "The deadline for the delegate list has passed. Ask the "
                "Administrative Reform Department to reopen or extend it."
            ),
            code="deadline",
        )


def lock_point(point: BridgePoint) -> BridgePoint:
    """Lock the point's row until the transaction ends; every list write goes through it."""
    return (
        BridgePoint.objects.select_for_update()
        .select_related("conference")
        .get(pk=point.pk)
    )


def bump_list_version(point: BridgePoint) -> None:
    """Mark the list as changed, so forms and submissions made before it are stale."""
    # A plain UPDATE: a change to the list is not a change of the point's own history.
    BridgePoint.objects.filter(pk=point.pk).update(list_version=F("list_version") + 1)
    point.list_version += 1


def _check_version(current: int, expected: int | None) -> None:
    # No version is no proof that the page was current: refused like a stale one,
    # never a blind overwrite.
    if expected is None or expected != current:
        raise StaleEdit(
            _(
                "Someone else changed this while you were editing. Your changes were "
                "not saved: reload the page and make them again."
            ),
            code="stale",
        )


def _save_delegate(delegate: Delegate, *, by) -> Delegate:
    delegate._history_user = by
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
    *, point: BridgePoint, data: dict[str, Any], by, now: datetime
) -> Delegate:
    """Add a delegate to the point's list."""
    point = lock_point(point)
    ensure_list_editable(point=point, now=now)
    delegate = Delegate(
        point=point, **{k: data[k] for k in DELEGATE_FIELDS if k in data}
    )
    _save_delegate(delegate, by=by)
    bump_list_version(point)
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
    _check_version(current.version, expected_version)
    for name in DELEGATE_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version += 1
    _save_delegate(current, by=by)
    bump_list_version(point)
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
    _check_version(current.version, expected_version)
    current._history_user = by
    current.delete()
    bump_list_version(point)


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
    current = lock_point(point)
    _check_version(current.version, expected_version)
    for name in POINT_DETAIL_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version += 1
    current._history_user = by
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def submit_delegate_list(
    *, point: BridgePoint, by, now: datetime, expected_list_version: int | None
) -> BridgePoint:
    """Mark the point's list as final; a receipt to the province, a notice to Vụ CCHC."""
    from . import notifications

    current = lock_point(point)
    ensure_list_editable(point=current, now=now)
    _check_version(current.list_version, expected_list_version)
    chairs = current.delegates.filter(role=DelegateRole.CHAIR).count()
    if chairs != 1:
        raise ListNotEditable(
            _("The list needs exactly one chair before it can be submitted."),
            code="no_chair",
        )
    current.registration_status = RegistrationStatus.SUBMITTED
    current.submitted_at = now
    current.submitted_by = by
    current._history_user = by
    current.save()
    # Outbox rows in this transaction: they exist exactly when the submission does.
    notifications.list_submitted(point=current)
    return current


def _check_new_deadline(extend_to: datetime | None, *, now: datetime) -> None:
    if extend_to is not None and extend_to <= now:
        raise ListNotEditable(
            _("The new deadline must be in the future."), code="past_deadline"
        )


def can_be_reopened(point: BridgePoint) -> bool:
    """Only a submitted list is reopened; a draft's deadline is extended instead."""
    return point.registration_status == RegistrationStatus.SUBMITTED


@transaction.atomic
def reopen_delegate_list(
    *,
    point: BridgePoint,
    by,
    now: datetime,
    reason: str,
    extend_to: datetime | None = None,
) -> BridgePoint:
    """Let the province change its submitted list again, optionally until a new
    deadline (without one, until the conference starts).

    The reason is kept in the point's history; the province is told by e-mail
    (through the outbox), with the deadline and why.
    """
    from . import notifications

    current = lock_point(point)
    if not can_be_reopened(current):
        # A draft reopened would stay open until the conference starts; a list
        # already reopened is given more time by an extension.
        raise ListNotEditable(
            _(
                "The list was never submitted, so there is nothing to reopen. "
                "Extend its deadline instead."
            ),
            code="never_submitted",
        )
    _check_new_deadline(extend_to, now=now)
    current.registration_status = RegistrationStatus.REOPENED
    current.deadline_extended_to = extend_to
    current._history_user = by
    current._change_reason = reason
    current.save()
    notifications.list_reopened(point=current, reason=reason, at=now)
    return current


@transaction.atomic
def extend_deadline(
    *, point: BridgePoint, by, now: datetime, extend_to: datetime, reason: str
) -> BridgePoint:
    """Give a list that is not submitted (a draft, or a reopened list) a new
    deadline; a draft stays a draft. The reason is kept in the history and the
    province is told by e-mail."""
    from . import notifications

    current = lock_point(point)
    if current.registration_status == RegistrationStatus.SUBMITTED:
        raise ListNotEditable(
            _(
                "The list was submitted: reopen it, with a new deadline if "
                "needed, for the province to change it."
            ),
            code="submitted",
        )
    if extend_to is None:
        raise ListNotEditable(_("Enter the new deadline."), code="no_deadline")
    _check_new_deadline(extend_to, now=now)
    current.deadline_extended_to = extend_to
    current._history_user = by
    current._change_reason = reason
    current.save()
    notifications.deadline_extended(point=current, reason=reason, at=now)
    return current
