"""The permissions each role's group carries; the groups are synced after migrate."""

from .enums import Role

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.PROVINCE_STAFF: [
        "participants.manage_own_point",
        "conference.view_bridgepoint",
        "participants.view_delegate",
        "participants.add_delegate",
        "participants.change_delegate",
        "participants.delete_delegate",
    ],
    Role.ORGANISER: [
        "participants.view_rollup",
        "participants.reopen_delegate_list",
        "conference.view_conference",
        "conference.view_bridgepoint",
        "conference.view_conferencedocument",
        "conference.add_conferencedocument",
        "conference.change_conferencedocument",
        "participants.view_delegate",
        "agenda.view_agendaslot",
        "tasks.view_task",
        "tasks.change_task",
        "tasks.view_organisationalunit",
        "outbox.use_outbox",
    ],
    Role.TECHNICIAN: [
        "readiness.record_connection_check",
        "conference.view_conference",
        "conference.view_bridgepoint",
    ],
    Role.ADMIN: [],  # admins are superusers
}


def is_administrator(user) -> bool:
    """An administrator's account: the admin role, or a superuser without a role."""
    return user.role == Role.ADMIN or (user.is_superuser and not user.role)
