"""Reads on accounts: who gets the organisers' and a province's e-mails, accounts
left with the demo password, the end of a login lock."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Max, Q
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .demo import (
    DEMO_EMAIL_DOMAIN,
    DEMO_FIXED_USERNAMES,
    DEMO_PASSWORD,
    DEMO_PROVINCE_USERNAME_REGEX,
    DEMO_SALT,
    DEMO_TOTP_KEY,
)
from .enums import ORGANISER_UNIT_CODE, Role
from .models import User


def organiser_addresses() -> list[str]:
    """Vụ CCHC's e-mails: the organiser accounts and the members of its unit
    (`tasks.OrganisationalUnit` coded ORGANISER_UNIT_CODE), active, each once."""
    organisers = User.objects.filter(
        Q(role=Role.ORGANISER) | Q(organisational_units__code=ORGANISER_UNIT_CODE)
    )
    return list(
        User.objects.filter(pk__in=organisers.values("pk"), is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", flat=True)
    )


def province_staff_addresses(*, province_ids: Iterable[int]) -> dict[int, list[str]]:
    """The e-mails of each province's active Sở Nội vụ accounts, by province id."""
    result: dict[int, list[str]] = {}
    for province_id, email in (
        User.objects.filter(
            role=Role.PROVINCE_STAFF, is_active=True, province_id__in=province_ids
        )
        .exclude(email="")
        .order_by("pk")
        .values_list("province_id", "email")
    ):
        result.setdefault(province_id, []).append(email)
    return result


def active_accounts_with_demo_password() -> list[str]:
    """Return the user names of active accounts that still have the demo password.

    Checking a stored hash costs one run of the hasher, slow on purpose (PBKDF2;
    its time in docs/operations.md), so not every account is checked: only those seed_demo makes, found in SQL. They are
    the accounts whose stored hash is the one seed_demo writes (the demo password
    with its fixed salt, one hash to compute), and the accounts seed_demo made
    before that salt or that were given the demo password again by hand: a demo
    user name with its @demo.invalid address. Each distinct hash among the latter
    costs one run. An account of another name given the demo password by hand is
    not found here; the login refuses it all the same (accounts/forms.py).
    """
    seeded = make_password(DEMO_PASSWORD, salt=DEMO_SALT)
    demo_name = Q(username__in=DEMO_FIXED_USERNAMES) | Q(
        username__regex=DEMO_PROVINCE_USERNAME_REGEX
    )
    candidates = User.objects.filter(is_active=True).filter(
        Q(password=seeded) | (demo_name & Q(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}"))
    )
    hashes = {
        encoded
        for encoded in candidates.exclude(password=seeded)
        .values_list("password", flat=True)
        .distinct()
        if check_password(DEMO_PASSWORD, encoded)
    }
    return list(
        candidates.filter(password__in=[seeded, *hashes])
        .order_by("username")
        .values_list("username", flat=True)
    )


def lock_ends_at(
    *, username: str | None, ip_address: str | None, cool_off: timedelta
) -> datetime | None:
    """When the login lock of this user name from this address ends: the cool-off
    after the last failure recorded (refused tries during a lock are not), or None
    without a failure on record."""
    last: datetime | None = AccessAttempt.objects.filter(
        username=username, ip_address=ip_address
    ).aggregate(last=Max("attempt_time"))["last"]
    return last + cool_off if last is not None else None


def demo_totp_codes() -> list[tuple[str, str]]:
    """(user name, current code) of each active account whose authenticator has the
    published demo key."""
    devices = (
        TOTPDevice.objects.filter(
            key=DEMO_TOTP_KEY, confirmed=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__username")
    )
    codes = []
    for device in devices:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        codes.append((device.user.username, f"{totp.token():0{device.digits}d}"))
    return codes


def accounts_with_demo_totp_key() -> list[str]:
    """User names of active accounts whose authenticator has the published demo key."""
    return list(
        TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, user__is_active=True)
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )
