"""Who may see and manage which documents."""

from participants.permissions import can_view_rollup


def can_manage_documents(user) -> bool:
    """Vụ CCHC (and administrators): upload, publish, render everything."""
    return can_view_rollup(user)
