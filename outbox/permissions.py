"""Who may use the outbox pages: whoever holds `outbox.use_outbox`.

The outbox declares the permission (OutboxMessage's Meta); the roles that get it
are granted it by their group (accounts.roles), which the outbox does not know.
"""

USE_OUTBOX = "outbox.use_outbox"


def can_use_outbox(user) -> bool:
    """The outbox pages, resend, and the mass sends of the apps above."""
    return bool(user.is_authenticated and user.has_perm(USE_OUTBOX))
