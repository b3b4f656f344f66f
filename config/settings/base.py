"""Settings shared by every environment; everything variable comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Demo accounts with a published password may only exist where this is true.
DEMO_MODE = env.bool("PORTAL_DEMO_MODE", default=False)

INSTALLED_APPS = [
    # django.contrib.admin, with the portal's admin site (config/admin.py)
    "config.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_celery_beat",
    "config.apps.PortalConfig",
    "outbox",
    "axes",
    # Two-factor sign-in (TOTP apps, recovery codes): required for every Ministry
    # account, optional for provinces (accounts/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "accounts",
    "conference",
    "participants",
    "agenda",
    "tasks",
    "readiness",
    "dashboard",
    "plans",
    "reminders",
    "documents",
    "questions",
    "publication",
]

MIDDLEWARE = [
    # The request id and who asked: on every log line of the request (config/logs.py).
    "config.logs.RequestContextMiddleware",
    # /healthz and /readyz for the proxy and compose: before the Host check and the
    # https redirect, which a health check from inside the stack would fail.
    "config.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session.
    "django_otp.middleware.OTPMiddleware",
    # An account that must (or chose to) use a second factor reaches nothing but the
    # second step, enrolment and logout until it has used it.
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A lost database connection: "try again in a moment" (503), not the 500 page.
    "config.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a login refused by the lockout into the "try again at" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tasks.context_processors.navigation",
                "dashboard.context_processors.navigation",
                "outbox.context_processors.navigation",
                "questions.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Each web thread keeps its connection this many seconds instead of opening one per
# request, and checks it is alive before reusing it; a connection broken during a
# request (a failover, a restart) is closed at its end and the next one reconnects.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling (django-axes) on /login/ and /admin/login/ alike: a user name is
# locked from one client address only, so a province behind a shared government
# gateway cannot lock another out, and the lock ends by itself after the cool-off.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The second step's code is never stored with a failed attempt (axes keeps the form).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# A refused try during the lock is not recorded, so the lock ends at the cool-off
# after the try that caused it, however often someone keeps trying meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Axes' admin pages are English only; unlocking is `manage.py axes_reset_username`.
AXES_ENABLE_ADMIN = False
# The client's address (django-ipware). Behind AXES_PROXY_COUNT reverse proxies,
# each appending the address it was reached from to X-Forwarded-For, the client is
# the entry that many places from the right: what the client wrote in the header
# itself sits further left and is never read. ipware counts only the proxies whose
# addresses are in the header, one fewer (the last proxy's is REMOTE_ADDR), and
# REMOTE_ADDR is left out: ipware prefers a public address from any header to a
# private one, and would take a proxy's public address over every client on the
# government's private network.
# (Not a setting named AXES_PROXY_COUNT: that is axes' deprecated name.)
_reverse_proxies = env.int("AXES_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = _reverse_proxies - 1 if _reverse_proxies else None
AXES_IPWARE_PROXY_ORDER = "left-most"
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR"] if _reverse_proxies else ["REMOTE_ADDR"]
)
# A header with a spoofed entry the client prepended is still read (not refused
# whole): the count picks the proxy's entry, wherever the spoofed ones are.
IPWARE_STRICT = False

# Two-factor sign-in (django-otp): the issuer authenticator apps show beside the code.
OTP_TOTP_ISSUER = "Cổng hội nghị Bộ Nội vụ"
# Each wrong code doubles the wait before the next is checked (1, 2, 4 … seconds,
# per device, whatever the address): some 25 guesses a year, of a million codes.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# A session ends after a working day without a request (not Django's two weeks).
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese for everyone, whatever language the browser asks for: officials often
# run an English browser. (No LocaleMiddleware, so Accept-Language is not read.)
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# dd/mm/yyyy and HH:MM everywhere, read and shown (config/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=VAR_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=VAR_DIR / "media")
# Uploaded and rendered files: on this machine's disk (MEDIA_ROOT), or, for several
# web and worker hosts, in an S3-compatible bucket (django-storages). Either way the
# code reaches them only through the storage API, and the portal's views serve
# them after checking access: the bucket stays private (signed URLs never shown).
FILE_STORAGE = env("DJANGO_STORAGE", default="filesystem")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if FILE_STORAGE == "s3":
    if not env("AWS_STORAGE_BUCKET_NAME", default=""):
        raise ImproperlyConfigured("DJANGO_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME", default=""),
            # MinIO, Ceph, a cloud's S3-compatible service; empty for AWS itself.
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            # MinIO and most on-premises services want path-style addresses.
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="path"),
            # Objects under this prefix, so one bucket may hold several portals.
            "location": env("AWS_LOCATION", default=""),
            # Two files of one name get two objects, as on disk: an upload never
            # replaces another's file.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
elif FILE_STORAGE != "filesystem":
    raise ImproperlyConfigured('DJANGO_STORAGE is "filesystem" or "s3".')

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_FILE_PATH = env.path("DJANGO_EMAIL_FILE_PATH", default=VAR_DIR / "mail")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
# Seconds a send waits for the relay to answer: a relay that accepts and then says
# nothing fails the send (retried later) instead of holding the mail worker.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="hoinghi@moha.gov.vn")
# The name the portal's e-mail comes from ("Bộ Nội vụ – Hội nghị trực tuyến
# <hoinghi@moha.gov.vn>"); empty keeps the name DEFAULT_FROM_EMAIL may carry.
PORTAL_MAIL_SENDER_NAME = env(
    "PORTAL_MAIL_SENDER_NAME", default="Bộ Nội vụ – Hội nghị trực tuyến"
)
# The signature under every e-mail (templates/emails/_signature.txt): the unit
# that answers, its address and phone (either left out when empty).
PORTAL_MAIL_SIGNATURE_UNIT = env(
    "PORTAL_MAIL_SIGNATURE_UNIT", default="Vụ Cải cách hành chính – Bộ Nội vụ"
)
PORTAL_MAIL_SIGNATURE_ADDRESS = env(
    "PORTAL_MAIL_SIGNATURE_ADDRESS",
    default="Số 8 Tôn Thất Thuyết, Nam Từ Liêm, thành phố Hà Nội",
)
PORTAL_MAIL_SIGNATURE_PHONE = env("PORTAL_MAIL_SIGNATURE_PHONE", default="")
# Who a user asks for help, printed on the login page (a phone, an address, a name).
PORTAL_HELP_CONTACT = env("PORTAL_HELP_CONTACT", default="")
# A password reset link is valid this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)
# Anonymous reset requests within the window: per address typed, per client
# address, and links sent per account (accounts/password_reset.py).
PASSWORD_RESET_WINDOW_MINUTES = env.int("PASSWORD_RESET_WINDOW_MINUTES", default=60)
PASSWORD_RESET_MAX_PER_ADDRESS = env.int("PASSWORD_RESET_MAX_PER_ADDRESS", default=3)
PASSWORD_RESET_MAX_PER_ACCOUNT = env.int("PASSWORD_RESET_MAX_PER_ACCOUNT", default=3)
PASSWORD_RESET_MAX_PER_IP = env.int("PASSWORD_RESET_MAX_PER_IP", default=20)

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport, a real
# broker that crosses processes with nothing to install.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    _queue_dir = VAR_DIR / "broker" / "queue"
    _processed_dir = VAR_DIR / "broker" / "processed"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_processed_dir),
        "store_processed": False,
        # kombu's default is ./control, relative to wherever the process started.
        "control_folder": str(VAR_DIR / "broker" / "control"),
    }
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="portal")
# E-mail goes out on its own queue and worker: a relay that hangs holds only that
# worker, never reminders, renders or the sweeper.
CELERY_MAIL_QUEUE = env("CELERY_MAIL_QUEUE", default="mail")


def celery_queues(default: str, mail: str) -> tuple[tuple[Queue, ...], dict]:
    """The queues a worker without -Q consumes, and the outbox sender's route."""
    return (Queue(default), Queue(mail)), {"outbox.send_queued": {"queue": mail}}


CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = celery_queues(
    CELERY_TASK_DEFAULT_QUEUE, CELERY_MAIL_QUEUE
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The schedule lives in the database (django-celery-beat) so the admin sees and
# changes it; the apps create their entries after migrate (outbox/schedule.py,
# reminders/schedule.py, participants/schedule.py).
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE: dict = {}

# Excel uploads of delegate lists.
DELEGATE_IMPORT_MAX_BYTES = env.int(
    "DELEGATE_IMPORT_MAX_BYTES", default=5 * 1024 * 1024
)
DELEGATE_IMPORT_MAX_ROWS = env.int("DELEGATE_IMPORT_MAX_ROWS", default=5000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# One JSON object a line (config/logs.py), with the request id, user, role,
# province and point of the request or task; "text" for a person reading a terminal.
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "config.logs.ContextFilter"}},
    "formatters": {
        "json": {"()": "config.logs.PortalJsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Django's own console handler would print every line a second time.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # WeasyPrint logs every step of every render at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
# The conference-day check-in opens this many minutes before the points connect
# (the conference's connection time, else its start), on the conference day only.
CHECK_IN_OPENS_MINUTES_BEFORE = env.int("CHECK_IN_OPENS_MINUTES_BEFORE", default=60)
# The workers log through the same configuration (JSON lines with the task's
# request id), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
DOCUMENT_UPLOAD_MAX_BYTES = env.int(
    "DOCUMENT_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024
)
# Background jobs (documents.RenderJob: "Render all", the roll-up PDF, the printed
# list): one waiting or running silent this long has lost its worker and is ended;
# finished ones and their files are deleted after JOBS_KEEP_FILES_HOURS.
JOBS_STUCK_AFTER_MINUTES = env.int("JOBS_STUCK_AFTER_MINUTES", default=10)
JOBS_KEEP_FILES_HOURS = env.int("JOBS_KEEP_FILES_HOURS", default=24)

# The outbox (outbox/): every e-mail of the portal, sent by the Celery worker.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
# A claim not renewed for this long is taken back by the sweeper (a fraction of a
# minute is allowed, for tests).
OUTBOX_STUCK_AFTER_MINUTES = env.float("OUTBOX_STUCK_AFTER_MINUTES", default=10)
# The most rows a sender claims at once; fewer when its pace would not send them
# within a quarter of the window above.
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=10)
# How long a save may wait for the broker when it nudges the sender after commit.
OUTBOX_NUDGE_TIMEOUT_SECONDS = env.float("OUTBOX_NUDGE_TIMEOUT_SECONDS", default=1.0)
