"""Two-factor sign-in in tests: an authenticator for a user, its current code, and a
test client whose session has passed the second step."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import TOTP_DEVICE_NAME, requires_two_factor


def needs_second_step(user) -> bool:
    """Whether the account must pass the second step (the rule of
    `accounts.middleware`, without its per-session memory): it must use a second
    factor, or chose to and has one."""
    return requires_two_factor(user) or user_has_device(user, confirmed=True)


def authenticator(user) -> TOTPDevice:
    """The user's confirmed authenticator, made when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=True
        )
    return device


def current_code(device: TOTPDevice, *, fresh: bool = True) -> str:
    """The code the device's app shows now. `fresh` forgets the last code used, so a
    test may log the same user in twice within one 30-second step."""
    if fresh:
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def code_at(device: TOTPDevice, *, step_offset: int) -> str:
    """The code the app shows `step_offset` steps of 30 s from now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + step_offset * device.step
    return f"{totp.token():0{device.digits}d}"


def login_verified(client: Client, user) -> Client:
    """force_login, and the second step passed when the account needs it (every
    Ministry account): what a real login with the code leaves in the session."""
    client.force_login(user)
    if needs_second_step(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = authenticator(user).persistent_id
        session.save()
    return client
