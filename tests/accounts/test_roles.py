"""Each role's group carries its permissions from the apps that declare them."""

import pytest
from django.contrib.auth.models import Group

from accounts.enums import ROLE_GROUPS, Role
from accounts.services import sync_role_groups

pytestmark = pytest.mark.django_db


def _granted(role) -> set[str]:
    group = Group.objects.get(name=ROLE_GROUPS[role])
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_role_groups_carry_the_moved_permissions_from_their_apps():
    sync_role_groups()

    moved = {
        "participants.manage_own_point",
        "participants.view_rollup",
        "participants.reopen_delegate_list",
        "readiness.record_connection_check",
    }
    assert {
        role: sorted(_granted(role) & moved)
        for role in (Role.PROVINCE_STAFF, Role.ORGANISER, Role.TECHNICIAN)
    } == {
        Role.PROVINCE_STAFF: ["participants.manage_own_point"],
        Role.ORGANISER: [
            "participants.reopen_delegate_list",
            "participants.view_rollup",
        ],
        Role.TECHNICIAN: ["readiness.record_connection_check"],
    }


def test_no_role_keeps_a_permission_of_the_bridge_point_it_no_longer_declares():
    sync_role_groups()

    for role in (Role.PROVINCE_STAFF, Role.ORGANISER, Role.TECHNICIAN):
        conference_rights = {p for p in _granted(role) if p.startswith("conference.")}
        assert conference_rights <= {
            "conference.view_conference",
            "conference.view_bridgepoint",
            "conference.view_conferencedocument",
            "conference.add_conferencedocument",
            "conference.change_conferencedocument",
        }, role


def test_migrate_s_post_migrate_creates_every_role_s_group():
    # What `migrate` ends with on a new database: the groups, with no seed run.
    from django.core.management.sql import emit_post_migrate_signal

    Group.objects.all().delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert set(Group.objects.values_list("name", flat=True)) >= set(
        ROLE_GROUPS.values()
    )
    assert "participants.manage_own_point" in _granted(Role.PROVINCE_STAFF)
