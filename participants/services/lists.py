"""The delegate list as a whole: opening it with its point, the lock and version
every change of it goes through, and its submission, reopening and extension."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from common.display import local_datetime
from common.records import sign_change
from conference.models import BridgePoint, Conference

from ..enums import DelegateRole, RegistrationStatus
from ..exceptions import DecisionRefused, ListNotEditable, StaleEdit
from ..models import DECISION_REASON_MAX_LENGTH, DelegateList

BATCH_SIZE = 2000


@transaction.atomic
def open_delegate_lists(*, conference: Conference) -> int:
    """Give each point of the conference that has none its (empty, draft) list;
    return how many were opened.

    Whoever creates points calls it (the plan loader, the demo, the admin), so
    every point has exactly one list (the list's key is the point's).
    """
    missing = BridgePoint.objects.filter(
        conference=conference, delegate_list__isnull=True
    ).values_list("pk", flat=True)
    lists = [DelegateList(point_id=pk) for pk in missing]
    if lists:
        bulk_create_with_history(lists, DelegateList, batch_size=BATCH_SIZE)
    return len(lists)


def is_list_editable(*, point: BridgePoint, now: datetime) -> bool:
    """Tell whether the province may still change its list."""
    return point.delegate_list.is_open_for_changes(now=now)


def ensure_list_editable(*, point: BridgePoint, now: datetime) -> None:
    """Refuse a change to a list that is submitted or past its deadline."""
    if point.delegate_list.status == RegistrationStatus.SUBMITTED:
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
    """Lock the point's list (and the point's row) until the transaction ends; every
    list write goes through it. Return the point, its list read under the lock."""
    delegate_list = (
        DelegateList.objects.select_for_update()
        .select_related("point__conference")
        .get(pk=point.pk)
    )
    return delegate_list.point


def bump_list_version(delegate_list: DelegateList) -> None:
    """Mark the list as changed, so forms and submissions made before it are stale."""
    # A plain UPDATE: a change to the delegates is not an event of the list's history.
    DelegateList.objects.filter(pk=delegate_list.pk).update(version=F("version") + 1)
    delegate_list.version += 1


def check_version(current: int, expected: int | None) -> None:
    """Refuse a save from a page someone else's save made stale."""
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


@dataclass(frozen=True)
class SubmissionBlocker:
    code: str
    message: str


def submission_blocker(
    *, delegate_count: int, chair_count: int
) -> SubmissionBlocker | None:
    """Why a list may not be sent yet (no delegate, no chair), or None.

    The point page disables "Send the list" with this reason beside it, and the
    submission refuses with it: one rule for both.
    """
    if delegate_count == 0:
        return SubmissionBlocker(
            "no_delegates",
            _("The list has no delegates yet: add the chair and the delegates first."),
        )
    if chair_count != 1:
        return SubmissionBlocker(
            "no_chair",
            _(
                "The list needs exactly one chair before it can be submitted: set "
                "the chair in step 1."
            ),
        )
    return None


@transaction.atomic
def submit_delegate_list(
    *, point: BridgePoint, by, now: datetime, expected_list_version: int | None
) -> BridgePoint:
    """Mark the point's list as final; a receipt to the province, a notice to Vụ CCHC."""
    from .. import notifications

    current = lock_point(point)
    ensure_list_editable(point=current, now=now)
    delegate_list = current.delegate_list
    check_version(delegate_list.version, expected_list_version)
    reason = submission_blocker(
        delegate_count=current.delegates.count(),
        chair_count=current.delegates.filter(role=DelegateRole.CHAIR).count(),
    )
    if reason is not None:
        raise ListNotEditable(reason.message, code=reason.code)
    delegate_list.status = RegistrationStatus.SUBMITTED
    delegate_list.submitted_at = now
    delegate_list.submitted_by = by
    _save_decision(delegate_list, by=by)
    # Outbox rows in this transaction: they exist exactly when the submission does.
    notifications.list_submitted(point=current)
    return current


def _check_new_deadline(
    extend_to: datetime | None, *, point: BridgePoint, now: datetime
) -> None:
    """Refuse a deadline that gives no more time, or runs into the conference."""
    if extend_to is None:
        return
    if extend_to <= now:
        raise DecisionRefused(
            _("The new deadline must be in the future (it is now %(now)s)."),
            code="past_deadline",
            field="extend_to",
            params={"now": local_datetime(now)},
        )
    if extend_to <= point.delegate_list.deadline:
        raise DecisionRefused(
            _(
                "The new deadline, %(new)s, must be later than the current "
                "deadline, %(current)s."
            ),
            code="not_later",
            field="extend_to",
            params={
                "new": local_datetime(extend_to),
                "current": local_datetime(point.delegate_list.deadline),
            },
        )
    starts_at = point.conference.starts_at
    if extend_to >= starts_at:
        raise DecisionRefused(
            _(
                "The new deadline, %(new)s, must be before the conference starts, "
                "at %(starts)s."
            ),
            code="after_start",
            field="extend_to",
            params={
                "new": local_datetime(extend_to),
                "starts": local_datetime(starts_at),
            },
        )


def _check_reason(reason: str) -> None:
    """Refuse a decision without a reason, or one longer than the history keeps."""
    if not reason or not reason.strip():
        raise DecisionRefused(
            _("Give the reason of the decision."), code="no_reason", field="reason"
        )
    if len(reason) > DECISION_REASON_MAX_LENGTH:
        raise DecisionRefused(
            _(
                "The reason may be at most %(limit_value)s characters long; it has "
                "%(show_value)s. Shorten it."
            ),
            code="reason_too_long",
            field="reason",
            params={
                "limit_value": DECISION_REASON_MAX_LENGTH,
                "show_value": len(reason),
            },
        )


def can_be_reopened(point: BridgePoint) -> bool:
    """Only a submitted list is reopened; a draft's deadline is extended instead."""
    return point.delegate_list.status == RegistrationStatus.SUBMITTED


def _save_decision(
    delegate_list: DelegateList, *, by, reason: str | None = None
) -> None:
    """Save a change of the list's status or deadline, with who and why in its
    history."""
    sign_change(delegate_list, by=by, reason=reason)
    delegate_list.full_clean()
    delegate_list.save()


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

    The reason is kept in the list's history; the province is told by e-mail
    (through the outbox), with the deadline and why.
    """
    from .. import notifications

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
    _check_reason(reason)
    _check_new_deadline(extend_to, point=current, now=now)
    delegate_list = current.delegate_list
    delegate_list.status = RegistrationStatus.REOPENED
    delegate_list.deadline_extended_to = extend_to
    _save_decision(delegate_list, by=by, reason=reason)
    notifications.list_reopened(point=current, reason=reason, at=now)
    return current


@transaction.atomic
def extend_deadline(
    *, point: BridgePoint, by, now: datetime, extend_to: datetime, reason: str
) -> BridgePoint:
    """Give a list that is not submitted (a draft, or a reopened list) a new
    deadline; a draft stays a draft. The reason is kept in the history and the
    province is told by e-mail."""
    from .. import notifications

    current = lock_point(point)
    if current.delegate_list.status == RegistrationStatus.SUBMITTED:
        raise ListNotEditable(
            _(
                "The list was submitted: reopen it, with a new deadline if "
                "needed, for the province to change it."
            ),
            code="submitted",
        )
    if extend_to is None:
        raise DecisionRefused(
            _("Enter the new deadline."), code="no_deadline", field="extend_to"
        )
    _check_reason(reason)
    _check_new_deadline(extend_to, point=current, now=now)
    delegate_list = current.delegate_list
    delegate_list.deadline_extended_to = extend_to
    _save_decision(delegate_list, by=by, reason=reason)
    notifications.deadline_extended(point=current, reason=reason, at=now)
    return current
