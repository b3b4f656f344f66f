"""Two-factor sign-in: who must use it, enrolment, recovery codes, the second step.

A code from an authenticator app (TOTP, django-otp) or a recovery code (one of ten,
each usable once). Every Ministry account must sign in with one; a province's
staff may choose to. Each device throttles itself (django-otp): every wrong code
doubles the wait before the next one is even checked, per device and whatever the
address, so guessing six digits is hopeless; the wrong codes also count toward the
login lock (django-axes) of the user name from that address.
"""

import re
from base64 import b32encode
from datetime import datetime

import segno
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .demo import DEMO_TOTP_KEY, demo_accounts_allowed
from .enums import Role
from .models import User

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"
# Authenticator apps show six digits; a recovery code is eight letters and digits
# (django-otp's StaticToken.random_token: base32 of 40 random bits).
TOTP_CODE = re.compile(r"^[0-9]{6}$")
RECOVERY_CODE = re.compile(r"^[a-z2-7]{8}$")


def requires_two_factor(user) -> bool:
    """Whether the account must sign in with a second factor: every account that
    is not a province's (administrators, Vụ CCHC, Trung tâm Thông tin, Văn phòng Bộ
    and any Ministry account without a portal role)."""
    return bool(user.is_authenticated and user.role != Role.PROVINCE_STAFF)


def has_second_factor(user) -> bool:
    """Whether the account has an authenticator confirmed (recovery codes alone do
    not count: they come with one)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def secret_for_display(device: TOTPDevice) -> str:
    """The device's key as authenticator apps take it typed: base32 in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def start_enrolment(*, user: User) -> TOTPDevice:
    """Return the account's pending authenticator, made on first call: its key is
    shown until a code from it confirms it."""
    device = TOTPDevice.objects.filter(
        user=user, confirmed=False, name=TOTP_DEVICE_NAME
    ).first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def confirm_enrolment(*, user: User, token: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the pending authenticator with a code it shows; return it and a new set
    of recovery codes, or None for a wrong code (which counts toward its throttle)."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False, name=TOTP_DEVICE_NAME)
        .first()
    )
    if device is None or not TOTP_CODE.match(normalise_code(token)):
        return None
    if not device.verify_token(normalise_code(token)):
        return None
    # One authenticator per account: enrolling again replaces the old phone.
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return device, replace_recovery_codes(user=user)


@transaction.atomic
def replace_recovery_codes(*, user: User) -> list[str]:
    """Make the account's ten recovery codes, cancelling any earlier ones; return
    them to be shown once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def normalise_code(token: str) -> str:
    """A code as typed: spaces and dashes dropped, letters in lower case."""
    return re.sub(r"[\s-]", "", token or "").lower()


def verify_second_factor(*, user: User, token: str) -> Device | None:
    """The device that accepts this code (a code from the authenticator, or a
    recovery code, which is then spent), or None.

    Each device is locked while it checks, so one code is never accepted twice by
    requests racing each other. A wrong code counts toward the device's throttle;
    while it is throttled even the right code is refused. The published demo key is
    refused where demo accounts are not allowed.
    """
    code = normalise_code(token)
    if TOTP_CODE.match(code):
        model = TOTPDevice
    elif RECOVERY_CODE.match(code):
        model = StaticDevice
    else:
        return None
    for candidate in model.objects.filter(user=user, confirmed=True).order_by("pk"):
        with transaction.atomic():
            device = model.objects.select_for_update().get(pk=candidate.pk)
            if (
                model is TOTPDevice
                and device.key == DEMO_TOTP_KEY
                and not demo_accounts_allowed()
            ):
                continue
            if device.verify_token(code):
                return device
    return None


def throttled_until(*, user: User) -> datetime | None:
    """When the account's devices check codes again, if every one is throttled now."""
    until = []
    for device in devices_for_user(user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if allowed:
            return None
        until.append((data or {}).get("locked_until"))
    known = [moment for moment in until if moment is not None]
    return max(known) if known else None


def recovery_codes_left(*, user: User) -> int:
    """How many unused recovery codes the account has."""
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_DEVICE_NAME
    ).count()


@transaction.atomic
def reset_two_factor(*, user: User) -> int:
    """Remove the account's authenticator and recovery codes (a lost phone): at its
    next login it enrols again. Return how many devices were removed."""
    devices = [
        TOTPDevice.objects.filter(user=user),
        StaticDevice.objects.filter(user=user),
    ]
    removed = sum(queryset.count() for queryset in devices)
    for queryset in devices:
        queryset.delete()
    return removed


@transaction.atomic
def give_demo_authenticator(*, user: User) -> TOTPDevice:
    """Give a demo account the published demo authenticator key (demo mode only)."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice(
        user=user, name=TOTP_DEVICE_NAME, key=DEMO_TOTP_KEY, confirmed=True
    )
    device.full_clean()
    device.save()
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as a QR code, an SVG data: URI for an <img>
    (the CSP allows data: images, not inline SVG styles)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
