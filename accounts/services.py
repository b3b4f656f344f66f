"""Writes on accounts: role groups, role assignment, demo accounts."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .enums import ROLE_GROUPS, Role
from .models import User
from .roles import ROLE_PERMISSIONS

DEMO_PASSWORD = "demo12345"


def sync_role_groups() -> dict[str, Group]:
    """Create each role's group and give it exactly its permissions."""
    groups = {}
    for role, group_name in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        perms = []
        for dotted in ROLE_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            perms.append(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(perms)
        groups[role] = group
    return groups


@transaction.atomic
def assign_role(*, user: User, role: str, province=None) -> User:
    """Give the user one role: its group, its flags and, for province staff, the province."""
    user.role = role
    user.province = province if role == Role.PROVINCE_STAFF else None
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    user.full_clean(exclude=["password"])
    user.save()
    role_group_names = set(ROLE_GROUPS.values())
    user.groups.remove(*Group.objects.filter(name__in=role_group_names))
    if role:
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    return user


def ensure_demo_allowed() -> None:
    """Refuse demo accounts and data (a published password) outside DEBUG or demo mode."""
    if not (settings.DEBUG or settings.DEMO_MODE):
        raise ImproperlyConfigured(
            "Demo accounts and data are refused outside DEBUG or PORTAL_DEMO_MODE."
        )


@transaction.atomic
def create_demo_accounts(*, provinces) -> list[tuple[str, str]]:
    """Create or reset the demo accounts; return (username, description) pairs."""
    ensure_demo_allowed()
    sync_role_groups()
    created = []
    fixed = [
        ("admin", Role.ADMIN, "Quản trị hệ thống"),
        ("cchc", Role.ORGANISER, "Vụ Cải cách hành chính"),
        ("tttt", Role.TECHNICIAN, "Trung tâm Thông tin"),
        # No portal role: the Ministry Office works through its unit's tasks.
        ("vpb", "", "Văn phòng Bộ"),
    ]
    for username, role, label in fixed:
        user = _reset_demo_user(username=username, last_name=label)
        assign_role(user=user, role=role)
        created.append((username, label))
    for province in provinces:
        username = f"snv-{province.code}"
        label = f"Sở Nội vụ {province.full_name}"
        user = _reset_demo_user(username=username, last_name=label)
        assign_role(user=user, role=Role.PROVINCE_STAFF, province=province)
        created.append((username, label))
    return created


def _reset_demo_user(*, username: str, last_name: str) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.last_name = last_name
    user.email = f"{username}@demo.invalid"
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user
