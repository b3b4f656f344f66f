from accounts.enums import Role


def can_use_outbox(user) -> bool:
    """Vụ CCHC and the administrators: the outbox pages, resend, remind now."""
    return user.is_authenticated and (
        user.is_superuser or user.role in (Role.ORGANISER, Role.ADMIN)
    )
