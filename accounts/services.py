"""Writes on accounts: role groups, role assignment, demo accounts."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .demo import (
    DEMO_EMAIL_DOMAIN,
    DEMO_FIXED_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_SALT,
    demo_accounts_allowed,
    demo_province_username,
)
from .enums import ROLE_GROUPS, Role
from .models import User
from .roles import ROLE_PERMISSIONS
from .two_factor import give_demo_authenticator, requires_two_factor


def sync_role_groups() -> dict[str, Group]:
    """Create each role's group and give it exactly its permissions."""
    groups: dict[str, Group] = {}
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
        user.groups.add(Group.objects.get(name=ROLE_GROUPS[Role(role)]))
    return user


def ensure_demo_allowed() -> None:
    """Refuse demo accounts and data (a published password) outside DEBUG or demo mode."""
    if not demo_accounts_allowed():
        raise ImproperlyConfigured(
            "Demo accounts and data are refused outside DEBUG or PORTAL_DEMO_MODE."
        )


@transaction.atomic
def create_demo_accounts(*, provinces) -> list[tuple[str, str]]:
    """Create or reset the demo accounts; return (username, description) pairs."""
    ensure_demo_allowed()
    sync_role_groups()
    # One hash for all: the same salt gives the same stored hash (accounts/demo.py).
    password = make_password(DEMO_PASSWORD, salt=DEMO_SALT)
    created = []
    for username, role, person, unit in DEMO_FIXED_ACCOUNTS:
        user = _reset_demo_user(username=username, last_name=person, password=password)
        assign_role(user=user, role=role)
        # Every Ministry account signs in with a second factor: the demo ones with
        # the published demo key (accounts/demo.py).
        if requires_two_factor(user):
            give_demo_authenticator(user=user)
        created.append((username, f"{person} – {unit}"))
    for province in provinces:
        username = demo_province_username(province.code)
        label = province.home_affairs_name
        user = _reset_demo_user(username=username, last_name=label, password=password)
        assign_role(user=user, role=Role.PROVINCE_STAFF, province=province)
        created.append((username, label))
    return created


def _reset_demo_user(*, username: str, last_name: str, password: str) -> User:
    user, _ = User.objects.get_or_create(username=username)
    user.last_name = last_name
    user.email = f"{username}@{DEMO_EMAIL_DOMAIN}"
    user.is_active = True
    user.password = password
    user.save()
    return user
