"""Who may see and manage which documents."""

from conference.permissions import can_view_rollup


def can_manage_documents(user) -> bool:
    """Vụ CCHC (and administrators): upload, publish, render everything."""
    return can_view_rollup(user)
