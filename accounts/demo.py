"""The demo accounts' published password, and where it may be used."""

from django.conf import settings
from django.utils.crypto import constant_time_compare

from .enums import Role

# Printed by seed_demo and in the README: anyone may know it.
DEMO_PASSWORD = "demo12345"
# seed_demo hashes the demo password with this salt, so every account it made has
# the same stored hash and one hash finds them all (accounts/selectors.py). The
# password is public, so a shared salt gives nothing away; 23 characters are the
# 128 bits Django wants of a salt, or it would re-hash with a random one at login.
DEMO_SALT = "portalDemoAccountsSalt1"
# The accounts seed_demo creates besides one per province: user name, role, the
# person's name (what the portal shows as who did something, e.g. the technician
# of a connection test) and the unit they work in (what `make run` prints).
DEMO_FIXED_ACCOUNTS = (
    ("admin", Role.ADMIN, "Lê Minh Quân", "Quản trị hệ thống"),
    ("cchc", Role.ORGANISER, "Nguyễn Thị Thu Hà", "Vụ Cải cách hành chính"),
    ("tttt", Role.TECHNICIAN, "Trần Quốc Bảo", "Trung tâm Thông tin"),
    # No portal role: the Ministry Office works through its unit's tasks.
    ("vpb", "", "Phạm Thị Mai", "Văn phòng Bộ"),
)
# The demo accounts that must sign in with a second factor get an authenticator with
# this published key (RFC 6238's test key, base32 below), so `make run` stays usable:
# any authenticator app takes it, and `manage.py demo_totp` prints the current codes.
# Like the password, it is refused where demo accounts are not allowed.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
DEMO_FIXED_USERNAMES = tuple(account[0] for account in DEMO_FIXED_ACCOUNTS)
# A province's demo account is "snv-" and the province's code, always digits.
DEMO_PROVINCE_USERNAME_REGEX = r"^snv-[0-9]+$"
DEMO_EMAIL_DOMAIN = "demo.invalid"


def demo_province_username(code: str) -> str:
    """The demo account of the province with this code."""
    return f"snv-{code}"


def demo_accounts_allowed() -> bool:
    """Whether the demo password may be used here: DEBUG or demo mode, never the
    production settings (they force both off)."""
    return bool(settings.DEBUG or settings.DEMO_MODE)


def is_demo_password(password: str) -> bool:
    """Whether a password typed at login is the published demo password."""
    return constant_time_compare(password or "", DEMO_PASSWORD)
