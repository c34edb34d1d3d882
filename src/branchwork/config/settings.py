"""Branchwork settings. Every value that differs between machines comes from the environment.

The variables are documented in README.md ("Configuration"); keep the two in step.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from branchwork.config.env import (
    env_bool,
    env_choice,
    env_decimal,
    env_int,
    env_list,
    env_str,
    field_key,
    group_road_numbers,
    local_secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent

BRANCHWORK_ENV = env_choice("BRANCHWORK_ENV", "development", ("development", "production"))
PRODUCTION = BRANCHWORK_ENV == "production"

DATA_DIR = Path(env_str("BRANCHWORK_DATA_DIR", "var")).resolve()

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when BRANCHWORK_ENV=production.")

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY must be at least 50 characters with at least 5 different characters; "
            "generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is required when BRANCHWORK_ENV=production (comma-separated host names)."
        )
else:
    SECRET_KEY = env_str("SECRET_KEY") or local_secret_key(DATA_DIR)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "ninja",
    "branchwork.core",
    "branchwork.accounts",
    "branchwork.organizations",
    "branchwork.members",
    "branchwork.meetings",
    "branchwork.dues",
    "branchwork.roads",
    "branchwork.maintenance",
    "branchwork.study",
    "branchwork.regulations",
    "branchwork.activities",
    "branchwork.honors",
    "branchwork.publicity",
    "branchwork.development",
    "branchwork.standards",
    "branchwork.assistance",
    "branchwork.dashboard",
    "branchwork.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "branchwork.core.middleware.RequestLimitsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "branchwork.core.middleware.StaleEditMiddleware",
    # Last, so that it sees the final response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "branchwork.config.urls"
WSGI_APPLICATION = "branchwork.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "branchwork.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
_default_sqlite = f"sqlite:///{DATA_DIR / 'branchwork.sqlite3'}"
_database_url = env_str("DATABASE_URL", _default_sqlite)
try:
    _db = dj_database_url.parse(_database_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if _db["NAME"] not in ("", ":memory:"):
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["CONN_MAX_AGE"] = 0
    # WAL lets readers work while one writer writes; the busy timeout makes a second writer
    # wait instead of failing at once. Both are set on every new connection.
    _db["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif _db["ENGINE"] not in ("django.db.backends.postgresql",):
    raise ImproperlyConfigured(
        f"DATABASE_URL uses {_db['ENGINE']}; Branchwork supports SQLite and PostgreSQL."
    )
DATABASES = {"default": _db}

# Report reads on a streaming replica of the primary (core.replica): set
# DATABASE_REPLICA_URL to the standby. Only reads inside core.replica.reads_from_replica()
# go there, and only once the standby has replayed the primary's latest change (waiting up to
# DATABASE_REPLICA_MAX_WAIT seconds, else the primary answers).
_replica_url = env_str("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_MAX_WAIT = float(
    env_decimal("DATABASE_REPLICA_MAX_WAIT", "2", minimum=Decimal(0), maximum=Decimal(60))
)
# A replica only serves a PostgreSQL primary: with SQLite (a command run against a local
# file while the environment still names a replica) it is left out and reads stay local.
if _replica_url and _db["ENGINE"] == "django.db.backends.postgresql":
    try:
        _replica = dj_database_url.parse(_replica_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URL is not a valid database URL: {exc}"
        ) from None
    if _replica["ENGINE"] != _db["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must name a PostgreSQL replica.")
    # In tests the replica reads the primary's test database (a physical standby copies the
    # whole cluster, so it holds that database too).
    _replica["TEST"] = {"MIRROR": "default"}
    # An unreachable replica must not hold a report longer than the wait for it.
    _replica.setdefault("OPTIONS", {})["connect_timeout"] = max(
        1, math.ceil(DATABASE_REPLICA_MAX_WAIT)
    )
    DATABASES["replica"] = _replica
DATABASE_ROUTERS = ["branchwork.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The key that encrypts ID numbers at rest. Set FIELD_ENCRYPTION_KEY (and keep it apart from
# the backups); without it, a key is generated once into the data directory, in production too,
# so that `check --deploy` passes on a fresh install — keep that file safe. No key is generated
# when the database already holds encrypted data (core.keycheck refuses to start instead).
FIELD_ENCRYPTION_KEY, FIELD_ENCRYPTION_KEY_SOURCE = field_key(DATA_DIR, DATABASES["default"])

# --- Serving (`branchwork serve`, gunicorn) -------------------------------------------------
# Where and how `branchwork serve` listens; its --bind/--workers/--timeout options override.
SERVE_BIND = env_str("SERVE_BIND", "127.0.0.1:8000")
SERVE_WORKERS = env_int("SERVE_WORKERS", 2, minimum=1)
SERVE_THREADS = env_int("SERVE_THREADS", 1, minimum=1)
SERVE_TIMEOUT = env_int("SERVE_TIMEOUT", 60, minimum=1)

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "en", ("en", "zh-hans"))
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates read the same everywhere in English (2019-05-20); Chinese keeps 2019年5月20日.
FORMAT_MODULE_PATH = ["branchwork.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email ----------------------------------------------------------------------------------
# Long jobs (ledger generation for a province, evidence packs, reports) run on Celery. Without
# CELERY_BROKER_URL they run eagerly inside the request or command that asked for them, so
# `make run` needs nothing else; with it (e.g. redis://127.0.0.1:6379/0) a worker started with
# `celery -A branchwork.config.celery worker` runs them.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "")
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 60 * 60, minimum=1)
CELERY_TIMEZONE = TIME_ZONE

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "branchwork@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    if env_bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Silence the checks that the settings above answer in their own way.
SILENCED_SYSTEM_CHECKS: list[str] = []

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # django.request logs every 403/404 with a traceback at WARNING; those are answers, not
    # faults, so only errors are logged.
    "loggers": {"axes": {"level": "WARNING"}, "django.request": {"level": "ERROR"}},
}

# --- Branchwork -----------------------------------------------------------------------------
# Default term of a branch committee in years (支部条例 Art. 21: "normally 3 years";
# village/community branches 5). See shared/specs/party-rules.md §2.1.
BRANCH_COMMITTEE_TERM_YEARS = env_int("BRANCH_COMMITTEE_TERM_YEARS", 3, minimum=1)
PAGE_SIZE = env_int("PAGE_SIZE", 50, minimum=5)
# Meeting frequencies that differ from the defaults in meetings/rules.py, e.g.
# MEETING_FREQUENCIES="lecture=half_yearly" (kinds: general_meeting, committee_meeting,
# group_meeting, lecture, party_day, org_life, appraisal, talk; frequencies: monthly,
# quarterly, half_yearly, yearly).
MEETING_FREQUENCIES = dict(
    item.split("=", 1) for item in env_list("MEETING_FREQUENCIES") if "=" in item
)
if len(MEETING_FREQUENCIES) != len(env_list("MEETING_FREQUENCIES")):
    raise ImproperlyConfigured("MEETING_FREQUENCIES is a comma-separated list of kind=frequency.")
MEETING_DUE_SOON_DAYS = env_int("MEETING_DUE_SOON_DAYS", 10, minimum=0)
# Study (study/rules.py, party-rules.md §2.3): who needs a centralised training by a higher
# organization (leader, probationary, first_year), the month warnings for members behind
# start, prorating new members' hours, and the hours of a half day and a day (local practice).
STUDY_CENTRALISED_FOR = env_list("STUDY_CENTRALISED_FOR", ["leader", "probationary", "first_year"])
STUDY_WARN_FROM_MONTH = env_int("STUDY_WARN_FROM_MONTH", 10, minimum=1)
STUDY_PRORATE_NEW_MEMBERS = env_bool("STUDY_PRORATE_NEW_MEMBERS", True)
STUDY_UNIT_HOURS = {
    "class_hour": 1,
    "half_day": env_int("STUDY_HALF_DAY_HOURS", 4, minimum=1),
    "day": env_int("STUDY_DAY_HOURS", 8, minimum=1),
}
# Member development limits left to local practice (development.rules.LOCAL_PRACTICE), e.g.
# DEVELOPMENT_LOCAL_PRACTICE="public_notice_days=5,conversion_vote_months=2".
DEVELOPMENT_LOCAL_PRACTICE = {
    key.strip(): int(value)
    for key, value in (
        item.split("=", 1) for item in env_list("DEVELOPMENT_LOCAL_PRACTICE") if "=" in item
    )
}
ATTACHMENT_MAX_MB = env_int("ATTACHMENT_MAX_MB", 10, minimum=1)
# Content-Security-Policy (django-csp): scripts only from our own static files, never inline;
# styles may be inline (charts and htmx set element styles); nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The largest request body accepted at all (uploads and imports have their own, smaller limits).
REQUEST_MAX_MB = env_int("REQUEST_MAX_MB", 25, minimum=1)
# Imports (core.tabular): the largest file and the most rows one import reads.
IMPORT_MAX_MB = env_int("IMPORT_MAX_MB", 20, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000, minimum=100)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Party dues (党费规定 2008; party-rules.md §1). The farmer fee is set locally within
# 0.20-1.00 yuan (Art. 6; dues.rules.FARMER_MIN/FARMER_MAX); paying ahead or making up is
# limited to 6 months at once (Art. 12; dues.rules.ART_12_MONTHS_AT_ONCE).
DUES_FARMER_FEE = env_decimal(
    "DUES_FARMER_FEE", "0.50", minimum=Decimal("0.20"), maximum=Decimal("1.00")
)
DUES_MAX_MONTHS_AT_ONCE = env_int("DUES_MAX_MONTHS_AT_ONCE", 6, minimum=1)
# The 组组通 program (roads.md §2.3-2.4): groups of this many households or more are eligible;
# which pavements count as "hardened" is a provincial decision (simple paving is excluded by
# default).
ROADS_ELIGIBLE_HOUSEHOLDS = env_int("ROADS_ELIGIBLE_HOUSEHOLDS", 30, minimum=1)
ROADS_HARDENED_PAVEMENTS = env_list("ROADS_HARDENED_PAVEMENTS", ["concrete", "asphalt"])
# The group-road technical profile (roads/workflow.py PROFILE, UNVERIFIED defaults from
# roads.md §2.4) can be changed locally: "normal_subgrade_width_m=5.0,passing_bay_spacing_m=250".
ROADS_GROUP_ROAD_PROFILE = group_road_numbers(env_list("ROADS_GROUP_ROAD_PROFILE", []))
# The most site photos one progress report takes at once (a local choice, not a regulation:
# enough for a month's site visit, small enough for one upload).
ROADS_MAX_PHOTOS = env_int("ROADS_MAX_PHOTOS", 10, minimum=1)
# Maintenance: the default evaluation-unit length of a new route (JTG 5210-2018 uses 1,000 m;
# roads.md §6) and the most photos one patrol may carry.
MAINTENANCE_UNIT_LENGTH_M = env_int("MAINTENANCE_UNIT_LENGTH_M", 1000, minimum=100)
MAINTENANCE_MAX_PHOTOS = env_int("MAINTENANCE_MAX_PHOTOS", 12, minimum=1)
NINJA_PAGINATION_PER_PAGE = PAGE_SIZE
# Public news pages (publicity/cache.py): answers are kept in a file cache shared by every
# worker process (a hit costs no database query) for at most this many seconds; publishing
# or withdrawing drops a branch's pages at once.
PUBLICITY_CACHE_SECONDS = env_int("PUBLICITY_CACHE_SECONDS", 600, minimum=0)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "public_pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache" / "public-pages"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500
