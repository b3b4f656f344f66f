"""The portal's public address (PORTAL_BASE_URL), as the production settings accept it."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def _is_loopback(host: str) -> bool:
    host = host.rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        # "127.1" and "2130706433" are 127.0.0.1 to a browser, not to ipaddress.
        if not all(part.isdigit() for part in host.split(".")):
            return False
        try:
            address = ipaddress.ip_address(socket.inet_aton(host))
        except OSError:
            return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def require_public_base_url(url: str) -> str:
    """Return the address if e-mails can link to it: http(s), with a host that is
    not this machine (127.0.0.0/8, ::1, localhost, 0.0.0.0); else refuse to start."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        parts, host = None, ""
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL={url!r} is not an http(s) address. Set it to the "
            "portal's public address, e.g. https://hoinghi.example.gov.vn: the links "
            "in every e-mail are built on it."
        )
    if _is_loopback(host):
        raise ImproperlyConfigured(
            f"PORTAL_BASE_URL={url!r} points to this machine, so the links in every "
            "e-mail would lead nowhere. Set it to the portal's public address, e.g. "
            "https://hoinghi.example.gov.vn."
        )
    return url
