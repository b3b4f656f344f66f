"""Who may do what with questions and comments.

A province's staff reach their own point's questions and comments through
`conference.permissions.points_visible_to` (another province's point is a 404),
and from there only their own rows. Vụ CCHC's pages answer province staff 404 and
any other role 403, as the dashboard does.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.enums import Role
from conference.models import BridgePoint
from participants.permissions import can_manage_point, can_view_rollup


def is_organiser(user) -> bool:
    """Vụ CCHC and the administrators: triage, answers, drafts, the record."""
    return can_view_rollup(user)


def check_organiser(user) -> None:
    """Raise 404 for province staff (the page does not exist for them), 403 for
    any other role that is not Vụ CCHC."""
    if user.role == Role.PROVINCE_STAFF:
        raise Http404
    if not is_organiser(user):
        raise PermissionDenied


def can_ask(user, point: BridgePoint) -> bool:
    """The point's own province: ask, comment, read its answers."""
    return can_manage_point(user, point)


def can_read_point_files(user, point: BridgePoint) -> bool:
    """A comment's attachment, a draft's file: the point's province and Vụ CCHC."""
    return can_ask(user, point) or is_organiser(user)
