"""Settings for the emulation registry, read from the environment.

Every variable is documented in `.env.example`. A value that cannot be parsed is an error at
start-up, never a silent default.
"""

import hashlib
import re
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_flag(name: str, default: bool = False) -> bool:
    """A strict boolean: "maybe" is an error, not False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use true or false.")


DEBUG = env_flag("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin with two-step login (config/admin.py's RegistryAdminSite) instead of the plain one.
    "config.apps.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    # The open API's docs page and its own static files (Swagger UI, served from here: no CDN).
    "ninja",
    "units",
    "awards",
    "reports",
    "api",
    "backups",
    # manage.py generate_data: an invented national registry for benchmarks.
    "generator",
]

MIDDLEWARE = [
    # First: each request named (X-Request-ID) and logged with its time, whatever answers it.
    "config.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether this session passed two-step login: request.user.is_verified() (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change in the audit history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Turns a locked-out login into the "try again at …" page; django-axes wants it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "awards.context_processors.languages",
                "awards.context_processors.office",
            ],
        },
    },
]

# SQLite by default so that `make run` needs nothing installed; PostgreSQL in production and CI.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica of the primary: public pages read from it, everything else from the
# primary, and a replica that is down or behind is skipped (config/db_router.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].update(
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        # Tests read the test database through it (a connection of its own: committed rows).
        TEST={"MIRROR": "default"},
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that is gone fails a request in seconds, not in the kernel's minutes.
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
    # After AuthenticationMiddleware: a logged-in visitor reads the primary.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "config.db_router.ReplicaMiddleware",
    )
# Seconds the replica may be behind the primary before public pages read the primary instead.
REPLICA_MAX_LAG_SECONDS = env.int("REPLICA_MAX_LAG_SECONDS", default=10)
if REPLICA_MAX_LAG_SECONDS < 1:
    raise ImproperlyConfigured(
        f"REPLICA_MAX_LAG_SECONDS={REPLICA_MAX_LAG_SECONDS} must be 1 or more."
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One process's memory by default; several app servers share redis://host:6379/0.
# Cached public pages and their versions must be shared by every process that serves them:
# with one process's memory, each gunicorn worker would keep serving a page the others have
# retired (an award revoked, a person unlisted) for up to a day. Files serve the workers of one
# machine; several machines share a Redis through CACHE_URL.
if env.str("CACHE_URL", default=""):
    CACHES = {"default": env.cache("CACHE_URL")}
    if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
        CACHES["default"]["BACKEND"] = "config.cache.RedisCache"  # one client, not one a call
        # A Redis that does not answer (its machine gone, packets dropped: no refusal) must
        # cost a page a moment: each call gives up after these (redis-py's own are 5 s, and a
        # page makes two or three), and the page is made uncached. CACHE_URL's
        # `?socket_timeout=…` wins.
        redis_options = CACHES["default"].setdefault("OPTIONS", {})
        redis_options.setdefault("socket_connect_timeout", 0.5)
        redis_options.setdefault("socket_timeout", 1.0)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(BASE_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        }
    }


def code_release(base: Path = BASE_DIR) -> str:
    """A digest of the project's code, templates and compiled translations: what the cached
    public pages are kept under (awards.views.cached_page), so that a deployment that changes
    any of them never serves the pages the previous one made. The same on every machine that
    runs the same code."""
    digest = hashlib.sha256()
    patterns = [f"{app}/**/*.py" for app in ("config", "awards", "units", "reports", "api")]
    patterns += ["templates/**/*.html", "locale/**/*.mo", "static/css/*.css"]
    for pattern in patterns:
        for path in sorted(base.glob(pattern)):
            digest.update(path.relative_to(base).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Set it (e.g. to the commit deployed) to skip reading the files at start-up.
RELEASE = env.str("RELEASE", default="") or code_release()

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out login is refused before any password is checked (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "vi"
LANGUAGES = [
    ("vi", _("Vietnamese")),
    ("en", _("English")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates are typed day first in every language (config/formats/): 05/12/2024 is 5 December.
FORMAT_MODULE_PATH = "config.formats"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# A draft's change page posts 13 fields per award inline: Django's default (1,000) refused any
# decision of more than 76 awards. Inline formsets build no more forms than the rows they hold
# and 100 new ones (units.admin.RegistryAdminMixin), so a large cap costs nothing to abuse.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# The audit history is a record, not an undo button: reverting would bypass publishing rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

# The office that reports: printed on the official statistical forms.
OFFICE_NAME = env.str("OFFICE_NAME", default="")
# The office's emblem in the public pages' header: a static file's path (e.g. "office/emblem.svg"
# in a directory of STATICFILES_DIRS); none by default, the header then shows the names alone.
OFFICE_EMBLEM = env.str("OFFICE_EMBLEM", default="")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# A strict policy: no inline scripts or styles anywhere; the admin's own carry nonces.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SESSION_COOKIE_SECURE = env_flag("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", default=False)
# A load balancer may probe the app server itself over plain HTTP: a redirect would fail it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("BEHIND_TLS_PROXY", default=False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# A form refused for its CSRF token gets the site's 403 page, like the other errors.
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"


def positive_int(name: str, default: int) -> int:
    value = env.int(name, default=default)
    if value < 1:
        raise ImproperlyConfigured(f"{name}={value} must be 1 or more.")
    return value


# Staff login throttling (django-axes). A login is locked by username *and* client address
# together: by username alone, anyone who knows a staff member's login name could lock them out
# at will; by address alone, one person's typos would lock out a whole commune office whose
# staff share one public address. Failures are forgotten after a successful login.
AXES_FAILURE_LIMIT = positive_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=positive_int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.admin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.admin.client_ip_address"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
# Lockouts end by themselves, and `manage.py axes_reset_username NAME` ends one early: axes' own
# pages (lists of login attempts) stay out of the registry's admin.
AXES_ENABLE_ADMIN = False
# How many reverse proxies stand in front of the app, each appending the address it saw to
# X-Forwarded-For; the client's address is read that many entries from the right (the entries
# further left are whatever the client sent). One by default behind the TLS proxy, none
# otherwise (then REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=1 if env_flag("BEHIND_TLS_PROXY", default=False) else 0
)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT} cannot be negative.")

# Requests to the open API (/api/v1/) one client address may make, counted in the cache that
# every process shares (CACHE_URL), so that several workers count together: "120/min",
# "2000/hour", "10/s". The address is read as for the login lockout (TRUSTED_PROXY_COUNT).
API_THROTTLE_RATE = env.str("API_THROTTLE_RATE", default="120/min")
if not re.fullmatch(r"[1-9][0-9]*/([1-9][0-9]*)?(s|sec|m|min|h|hour|d|day)", API_THROTTLE_RATE):
    raise ImproperlyConfigured(
        f"API_THROTTLE_RATE={API_THROTTLE_RATE!r}: a number of requests a period, e.g. 120/min."
    )

# Two-step login (django-otp, TOTP). Staff enrol an authenticator app at /admin/two-step/; with
# ADMIN_REQUIRE_OTP nobody uses the admin without it.
ADMIN_REQUIRE_OTP = env_flag("ADMIN_REQUIRE_OTP", default=False)
# The name the authenticator app shows beside the staff member's login name.
OTP_TOTP_ISSUER = OFFICE_NAME or "Emulation registry"

# Days an annex preview that was never confirmed is kept, and a finished export with its file:
# `manage.py purge_imports` (daily, from cron) deletes older ones; each new import deletes the
# old previews too.
IMPORT_PREVIEW_DAYS = positive_int("IMPORT_PREVIEW_DAYS", default=7)
EXPORT_FILE_DAYS = positive_int("EXPORT_FILE_DAYS", default=7)
# Background work (the PDFs of the summary and of annexes: reports.jobs) through Django's tasks
# framework. Tasks are rows of the database (django-tasks-db), taken by `manage.py worker`
# processes on any machine that reaches it; TASKS_BACKEND=immediate runs each where it is
# queued, inside the request (tests, or a registry without a worker).
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if (TASKS_BACKEND := env.str("TASKS_BACKEND", default="database")) not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={TASKS_BACKEND}: one of {list(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}
# A run of an export whose worker said nothing for this many seconds is given up (the worker
# was killed, ran out of memory or lost its machine) and the export run again, up to
# EXPORT_ATTEMPTS runs in all. A run says it is alive after every part of the layout, seconds
# apart.
EXPORT_WORKER_TIMEOUT = positive_int("EXPORT_WORKER_TIMEOUT", default=120)
EXPORT_ATTEMPTS = positive_int("EXPORT_ATTEMPTS", default=2)
# Exports a member of staff may have waiting or running at once (a second click on the same
# export waits for the first; a further one is refused with a message).
EXPORTS_WAITING_PER_USER = positive_int("EXPORTS_WAITING_PER_USER", default=3)
# What lays out the PDFs (reports.pdf): Typst, the default, in a process of its own for each
# document or part (templates/reports/typst/), or WeasyPrint from the HTML print templates
# (templates/reports/print/), about ten times slower, kept for comparison and as a fallback.
PDF_ENGINES = ("typst", "weasyprint")
if (PDF_ENGINE := env.str("PDF_ENGINE", default="typst")) not in PDF_ENGINES:
    raise ImproperlyConfigured(f"PDF_ENGINE={PDF_ENGINE}: one of {list(PDF_ENGINES)}.")
# The folders of the fonts Typst may use: DejaVu Sans (Debian's fonts-dejavu-core), which has
# every Vietnamese letter. Only these are read; scanning all a system's fonts takes seconds.
PDF_FONT_DIRS = env.list("PDF_FONT_DIRS", default=["/usr/share/fonts/truetype/dejavu"])
# A directory of the office's own words for the annex import (column names, abbreviations,
# forms of address), added to ours: see awards/imports/aliases.py.
IMPORT_ALIASES_DIR = env.str("IMPORT_ALIASES_DIR", default="")

# Logs on standard output, one JSON object a line (config/logs.py) unless LOG_FORMAT=text, each
# with its request's id; a line for every request answered unless LOG_REQUESTS is off.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT}: json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "registry.requests": {
            "level": "INFO" if env_flag("LOG_REQUESTS", default=True) else "WARNING"
        },
    },
}

# Errors also to Sentry (or a server that speaks its protocol, e.g. GlitchTip) when a DSN is
# given: only what Django and the logs report, no personal data (send_default_pii off).
if SENTRY_DSN := env.str("SENTRY_DSN", default=""):
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        release=RELEASE,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
