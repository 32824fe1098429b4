"""Settings for NTM Portal, read from the environment (django-environ).

Everything a deployment changes comes from environment variables or a `.env`
file beside `manage.py`; the defaults are safe for a commune laptop: SQLite in
`data/`, DEBUG off unless asked for.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE lets tests and deployments point at another file (or /dev/null).
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# Set by pytest-env for the test suite only.
TESTING = env.bool("TESTING", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Django's admin with the portal's admin site: every save raises the data version.
    "ntm_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "villages",
    "jobs",
    "criteria",
    "plans",
    "submissions",
    "reports",
    "dashboard",
    "province",
    "evidence",
    "notifications",
    "assessment",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ntm_portal.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ntm_portal.middleware.SessionActivityMiddleware",
    "ntm_portal.middleware.InitialPasswordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Turns a database outage raised by a view into the 503 page (ntm_portal/middleware.py).
    "ntm_portal.middleware.DatabaseUnavailableMiddleware",
    # Axes wants to be last: it swaps the login page for the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ntm_portal.urls"
WSGI_APPLICATION = "ntm_portal.wsgi.application"

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
                "django.template.context_processors.i18n",
                "villages.context_processors.commune",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# Database: SQLite in data/ unless DATABASE_URL points elsewhere (PostgreSQL in
# production). SQLite runs in WAL mode with IMMEDIATE transactions so that two
# writers queue on the busy timeout instead of failing with "database is locked".
DATA_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "data")))
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"),
}
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'ntm.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Tests run on a file, not Django's shared-cache in-memory database, so that two
    # connections lock and wait exactly as they do in production (WAL, busy timeout).
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# OWASP ASVS 5.0 level 1 (V6.2): at least 8 characters, checked against a list of common
# passwords, and no composition rules. NumericPasswordValidator is left out on purpose:
# "not only digits" is a composition rule (V6.2.5); a long number nobody can guess is a
# good password, and the common-password list already rejects 12345678 and its kin.
# Pasting is never blocked (V6.2.6): the login and password forms are plain inputs.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# The Axes backend comes first: it refuses a locked-out username+address before the
# password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

if TESTING:
    # Fast hashing keeps the suite quick; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: Vietnamese by default, English available.
LANGUAGE_CODE = "vi"
# Each language is named in itself, so a reader can always find their own.
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ntm_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Evidence files: under MEDIA_ROOT (never served directly: only evidence.views, which
    # checks access), random names. A deployment may point this at object storage.
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "evidence", "base_url": None},
    },
    # The files jobs prepare (province exports, evidence dossiers), one folder per job:
    # written by the worker, read by the web servers, so every server and worker must
    # share it (one mounted folder, or object storage). Never served directly: only
    # jobs.views.result, which checks access. Kept JOBS_KEEP_DAYS (jobs_purge).
    "jobs": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "jobs", "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Serve straight from the app folders in development and tests; collectstatic in production.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Each test client builds its own middleware chain: without autorefresh WhiteNoise would
# scan every static file for every test (a third of the URL matrix's time); with it, a
# file is looked up when it is requested.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing root otherwise

# --- Uploads (evidence files) ---------------------------------------------------------
MB = 1024 * 1024
# Per file; nginx's client_max_body_size (docs/DEPLOY.md) bounds the whole request.
EVIDENCE_MAX_FILE_SIZE = env.int("EVIDENCE_MAX_FILE_MB", default=20) * MB
EVIDENCE_COMMUNE_QUOTA = env.int("EVIDENCE_QUOTA_MB", default=10 * 1024) * MB
EVIDENCE_MAX_IMAGE_PIXELS = env.int("EVIDENCE_MAX_IMAGE_PIXELS", default=50_000_000)
EVIDENCE_ZIP_MAX_ENTRIES = env.int("EVIDENCE_ZIP_MAX_ENTRIES", default=5000)
EVIDENCE_ZIP_MAX_UNCOMPRESSED = env.int("EVIDENCE_ZIP_MAX_UNCOMPRESSED_MB", default=200) * MB
# The size limit is counted while the body is read (evidence/uploads.py); files above
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file, never whole into memory; form
# fields are limited by DATA_UPLOAD_MAX_MEMORY_SIZE.
FILE_UPLOAD_HANDLERS = [
    "evidence.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * MB
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * MB
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# An uploaded entry template larger than this is refused before it is read.
FIGURE_UPLOAD_MAX_BYTES = env.int("FIGURE_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)

# --- Queue and cache -------------------------------------------------------------------
# Slow work (rendering sent reports, exports) runs in Celery workers when a broker is
# set, e.g. CELERY_BROKER_URL=redis://127.0.0.1:6379/0; without one it runs in the web
# process (jobs/services.py). REDIS_URL makes Redis the cache shared by every web process
# and server (cached dashboards); without it each process has its local-memory cache.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = None  # results are the job rows (jobs.Job), not Celery's
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="ntm")
# A queued or running job with no heartbeat for this long is stalled: its worker died,
# and the page offers to retry it.
JOBS_STALE_AFTER = env.int("JOBS_STALE_AFTER", default=600)
# A finished job's file (and the job) is removed this many days after it was prepared,
# by the daily run of send_reminders (or the beat's); the person asks for a fresh one.
JOBS_KEEP_DAYS = env.int("JOBS_KEEP_DAYS", default=7)
# The day's reminders at 07:00 (when the quiet hours end) and, every ten minutes, the
# e-mails held back by the quiet hours or refused by the mail server
# (notifications/tasks.py). Run by `celery -A ntm_portal beat`; an installation without
# a queue runs `manage.py send_reminders` from cron or a systemd timer (docs/DEPLOY.md).
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "notifications.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "send-emails": {"task": "notifications.send_emails", "schedule": 600.0},
}
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ntm"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ntm"}
    )
}
# How long a cached dashboard is kept; a write makes it unreachable at once anyway (its
# key holds the commune's data version), this only bounds the memory it uses.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=24 * 3600)
# Sessions are stored in the database (Django's default engine, named here on purpose):
# any web process or server reads the session another one wrote, so two app servers
# behind one load balancer behave as one.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- E-mail (notifications) ------------------------------------------------------------
# The address links in e-mails lead back to (no request to take it from: they are written
# by the daily command). With EMAIL_HOST set, mail goes out through that SMTP server;
# without it, e-mails are printed on the console (`make run`), and the test runner
# replaces the backend with its in-memory outbox.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
# A mail server that does not answer must not hold a worker (or a request) for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="NTM Portal <no-reply@localhost>")
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.locmem.EmailBackend"
        if TESTING
        else "django.core.mail.backends.smtp.EmailBackend"
        if EMAIL_HOST
        else "django.core.mail.backends.console.EmailBackend"
    ),
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------
# HTTPS says whether browsers reach the site over TLS (directly or through nginx). It is on
# by default in production; set HTTPS=0 for a commune LAN served over plain HTTP, which
# turns off secure cookies, HSTS and the HTTPS redirect (see docs/DEPLOY.md for the cost).
HTTPS = env.bool("HTTPS", default=not DEBUG and not TESTING)
# Behind nginx (or another reverse proxy) that sets X-Forwarded-Proto and X-Forwarded-For.
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=HTTPS)
# A monitor on the server itself asks http://127.0.0.1:8000/healthz without TLS.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# Off by default: hstspreload.org asks software not to send "preload" unless the owner of
# the whole domain has decided to submit it to the browsers' list (hard to undo).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # check --deploy's "not preloaded" advice (W021) is the decision above, not an oversight.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: "__Host-" names make the browser insist on Secure, Path=/ and no Domain, so a
# neighbouring host cannot plant a session or CSRF cookie. Browsers drop "__Host-" cookies
# over plain HTTP, hence the plain names when HTTPS is off (development, tests, plain LAN).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_FAILURE_VIEW = "ntm_portal.views.csrf_failure"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True

# Sessions end after SESSION_COOKIE_AGE seconds without a request: SessionActivityMiddleware
# renews the session at most once a minute (not on every request, which would cost a
# database write per page), so the timeout counts from the last activity.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_ACTIVITY_RESOLUTION = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp 4): only this site's own files, no inline scripts
# or style attributes, never framed. data: images are Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "font-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is refused for AXES_COOLOFF_MINUTES. Locking by the pair
# keeps one mistyping officer from locking out the whole office behind one NAT address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ntm_portal.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "ntm_portal.middleware.client_ip"

LOG_LEVEL = env.str("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # A refused request (403, 404, 405) is an answer, not a fault, and the access log has
    # its status: Django would log each one at WARNING with the exception's traceback, as
    # its own default configuration does only with DEBUG on. Server errors (5xx) are still
    # logged with theirs; LOG_LEVEL=INFO or DEBUG shows the refusals again.
    "loggers": {"django.request": {"level": "ERROR" if LOG_LEVEL == "WARNING" else LOG_LEVEL}},
}
