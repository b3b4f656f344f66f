"""`manage.py check --deploy`: no active account may keep the published demo
password where the site is deployed."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from .demo import DEMO_PASSWORD
from .selectors import accounts_with_demo_totp_key, active_accounts_with_demo_password

SHOWN = 10


@register(Tags.security, deploy=True)
def demo_password_check(app_configs=None, **kwargs):
    """Warn when an active account still has the demo password (accounts/selectors.py
    says which accounts are looked at, and why not every one)."""
    try:
        usernames = active_accounts_with_demo_password()
    except DatabaseError:
        # No database yet (the image build, a first `check` before migrate):
        # nothing to find, and Django's own checks do not need one.
        return []
    if not usernames:
        return []
    shown = ", ".join(usernames[:SHOWN])
    more = len(usernames) - SHOWN
    return [
        Warning(
            f"{len(usernames)} active account(s) still have the published demo "
            f"password {DEMO_PASSWORD}: {shown}{f' and {more} more' if more > 0 else ''}.",
            hint=(
                "Logins with it are refused under the production settings. Set a "
                "password for each (manage.py changepassword USERNAME) or "
                "deactivate them in the admin."
            ),
            id="accounts.W001",
        )
    ]


@register(Tags.security, deploy=True)
def demo_totp_key_check(app_configs=None, **kwargs):
    """Warn when an active account's authenticator still has the published demo key
    (refused at login under the production settings)."""
    try:
        usernames = accounts_with_demo_totp_key()
    except DatabaseError:
        return []
    if not usernames:
        return []
    return [
        Warning(
            f"{len(usernames)} active account(s) have the published demo "
            f"authenticator key: {', '.join(usernames[:SHOWN])}.",
            hint=(
                "Codes from it are refused under the production settings. Reset "
                "each one's two-step verification (manage.py reset_two_factor "
                "USERNAME): it enrols its own phone at its next login."
            ),
            id="accounts.W002",
        )
    ]
