"""Production settings: every secret and host must come from the environment."""

from config.base_url import require_public_base_url

from .base import *  # noqa: F403
from .base import env

DEBUG = False
# WhiteNoise serves the collected static files right after SecurityMiddleware.
_after_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1  # noqa: F405
MIDDLEWARE = [  # noqa: F405
    *MIDDLEWARE[:_after_security],  # noqa: F405
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_after_security:],  # noqa: F405
]
DEMO_MODE = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=True)
# Behind the TLS proxy: plain http is redirected and browsers told to stay on
# https. Both follow DJANGO_SECURE_COOKIES unless set, so trying the stack over
# plain http (secure cookies off) keeps working.
SECURE_SSL_REDIRECT = env.bool(
    "DJANGO_SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE
)
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS",
    default=30 * 24 * 60 * 60 if SESSION_COOKIE_SECURE else 0,
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Joining the browsers' HSTS preload list is the domain owner's decision, not the
# portal's.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405  on disk or S3 (base.py)
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# WhiteNoise's own list, plus the fonts: only the PDF renderer reads them, from disk,
# so a compressed copy would never be served and only slows every deploy's
# collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz"),
    *("br", "swf", "flv", "woff", "woff2", "ttf", "otf"),
)

# The links of every e-mail are built on it: required, and never this machine's
# address (the default in base.py), or the site refuses to start.
PORTAL_BASE_URL = require_public_base_url(env("PORTAL_BASE_URL"))
