"""Every write on a delegate list: the list itself (`lists`: opened with its point,
locked and versioned, submitted, reopened, extended) and its delegates and the
point's details (`delegates`). `bulk` writes synthetic delegates for demos and
load tests only, and is imported by its own name."""

from .delegates import (
    DELEGATE_FIELDS,
    POINT_DETAIL_FIELDS,
    create_delegate,
    delete_delegate,
    update_delegate,
    update_point_details,
)
from .lists import (
    bump_list_version,
    can_be_reopened,
    check_version,
    ensure_list_editable,
    extend_deadline,
    is_list_editable,
    lock_point,
    open_delegate_lists,
    reopen_delegate_list,
    submission_blocker,
    submit_delegate_list,
)

__all__ = [
    "DELEGATE_FIELDS",
    "POINT_DETAIL_FIELDS",
    "bump_list_version",
    "can_be_reopened",
    "check_version",
    "create_delegate",
    "delete_delegate",
    "ensure_list_editable",
    "extend_deadline",
    "is_list_editable",
    "lock_point",
    "open_delegate_lists",
    "reopen_delegate_list",
    "submission_blocker",
    "submit_delegate_list",
    "update_delegate",
    "update_point_details",
]
