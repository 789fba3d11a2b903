"""Jiesu settings: every value comes from an environment variable (see .env.example)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# Settings load before translation can run: their words are marked for the catalogue only
# (gettext_noop), shown as they are.
from django.utils.translation import gettext_noop

from jiesu.core.env import (
    data_dir,
    envbool,
    envfloat,
    envint,
    envlist,
    envmap,
    envsecret,
    envstr,
    secret_key_file,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite database, the task queue, uploads

DEBUG = envbool("JIESU_DEBUG", False)
# JIESU_SECRET_KEY, else the key file that the first `jiesu migrate` writes into the data
# directory. Without either, this process gets a throwaway key (tests, checks, one-off commands)
# and `jiesu serve` refuses to start unless DEBUG is on: sessions would not survive a restart.
SECRET_KEY, JIESU_SECRET_KEY_SOURCE = envsecret("JIESU_SECRET_KEY", secret_key_file(DATA_DIR))
if not SECRET_KEY:
    SECRET_KEY, JIESU_SECRET_KEY_SOURCE = secrets.token_urlsafe(50), "throwaway"

ALLOWED_HOSTS = envlist("JIESU_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("JIESU_CSRF_TRUSTED_ORIGINS", "")

# --- HTTPS behind a TLS-terminating reverse proxy (docs/decisions/0016-production-settings.md) --
# On: cookies only over HTTPS, HSTS, plain HTTP redirected, and the proxy's X-Forwarded-Proto
# trusted to say the request came in over HTTPS (so set it only behind such a proxy).
JIESU_HTTPS = envbool("JIESU_HTTPS", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = JIESU_HTTPS
SECURE_SSL_REDIRECT = JIESU_HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if JIESU_HTTPS else None
SECURE_HSTS_SECONDS = envint("JIESU_HSTS_SECONDS", 31536000) if JIESU_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("JIESU_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("JIESU_HSTS_PRELOAD", False)
# Entering the browsers' preload list is a decision for whoever owns the city's domain, not a
# default of one application; `check --deploy` would otherwise warn about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "jiesu.core.apps.ThrottleConfig",  # django-axes, named in Chinese
    "ninja",  # django-ninja's bundled Swagger UI, served as static files (no CDN)
    "django_htmx",
    "jiesu.core",
    "jiesu.organisation",
    "jiesu.accounts",
    "jiesu.catalogue",
    "jiesu.workdays",
    "jiesu.tickets",
    "jiesu.handling",
    "jiesu.supervision",
    "jiesu.diversion",
    "jiesu.audit",
    "jiesu.intelligence",
    "jiesu.reports",
    "jiesu.notifications",
    "jiesu.queues",
    "jiesu.knowledge",
    "jiesu.assessment",
    "jiesu.enterprise",
    "jiesu.desk",
    "jiesu.portal",
    "jiesu.integrations",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jiesu.core.middleware.BodySizeLimitMiddleware",
    "jiesu.core.middleware.ApiJsonErrorsMiddleware",
    "jiesu.core.middleware.InputBoundaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jiesu.desk.first_login.FirstLoginMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jiesu.integrations.middleware.CallAuditMiddleware",
    # last, as django-axes asks: turns a locked-out login into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jiesu.urls"
WSGI_APPLICATION = "jiesu.wsgi.application"

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
            ],
        },
    },
]

# --- database: DATABASE_URL wins; otherwise SQLite under JIESU_DATA_DIR -----------------
_database_url = envstr("DATABASE_URL", "")
if _database_url:
    # Health checks: a connection kept between requests is tested before reuse, so a database
    # restart or failover does not give each worker's next request a 500.
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url, conn_max_age=envint("JIESU_DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "jiesu.sqlite3",
            # kept between requests as PostgreSQL's is: a new SQLite connection runs the pragmas
            # and registers Django's SQL functions again, on every request
            "CONN_MAX_AGE": envint("JIESU_DB_CONN_MAX_AGE", 60),
            "OPTIONS": {
                # IMMEDIATE: a write transaction takes the lock at BEGIN, so two concurrent actions
                # serialise instead of failing half-way ("database is locked" on upgrade).
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- login throttling (DESIGN §11; docs/decisions/0006-login-throttling.md) ------------------
# The throttle backend comes first: it refuses a locked-out login before any password is checked.
AUTHENTICATION_BACKENDS = [
    "jiesu.core.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = envbool("JIESU_LOGIN_THROTTLE", True)
AXES_FAILURE_LIMIT = envint("JIESU_LOGIN_FAILURE_LIMIT", 5)
_lockout_minutes = envint("JIESU_LOGIN_LOCKOUT_MINUTES", 15)
if AXES_FAILURE_LIMIT < 1 or _lockout_minutes < 1:
    raise ImproperlyConfigured(
        "JIESU_LOGIN_FAILURE_LIMIT and JIESU_LOGIN_LOCKOUT_MINUTES must be at least 1"
    )
AXES_COOLOFF_TIME = timedelta(minutes=_lockout_minutes)
# Counted per (username, client address) combination: one person's typos lock that person at that
# address, never a whole call centre behind one NAT address (docs/decisions/0017-login-lockout-by-user-and-address.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures are stored in the database, so every gunicorn worker and machine shares the count.
AXES_HANDLER = "jiesu.core.throttle.LoginThrottleHandler"
AXES_RESET_ON_SUCCESS = True  # only the username's failures (see LoginThrottleHandler)
# Attempts during a lockout are refused but do not restart it: it ends on time for the real user.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "jiesu.core.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "jiesu.core.throttle.client_ip"
AXES_VERBOSE = False
# Reverse proxies in front of the web server that append to X-Forwarded-For (0: use REMOTE_ADDR).
JIESU_TRUSTED_PROXY_COUNT = envint("JIESU_TRUSTED_PROXY_COUNT", 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
# Chinese for the libraries that ship none (django-axes); our own texts are written in Chinese
LOCALE_PATHS = [BASE_DIR / "locale"]
# Simplified Chinese only: our own texts have no other translation, so offering English let an
# English browser get Django's admin and framework texts in English beside our Chinese pages
LANGUAGES = [("zh-hans", gettext_noop("简体中文"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"

# Request bodies above this size are refused with 413 before anything is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("JIESU_MAX_BODY_BYTES", 1024 * 1024)
# Multipart (file upload) bodies: a 10 MB stamped statement plus the form's overhead.
JIESU_MAX_UPLOAD_BYTES = envint("JIESU_MAX_UPLOAD_BYTES", 11 * 1024 * 1024)
# Every date and date-time a request carries must fall in these years (core/inputs.py).
JIESU_MIN_YEAR = envint("JIESU_MIN_YEAR", 2000)
JIESU_MAX_YEAR = envint("JIESU_MAX_YEAR", 2100)
if not 1900 <= JIESU_MIN_YEAR <= JIESU_MAX_YEAR <= 9000:
    raise ImproperlyConfigured("JIESU_MIN_YEAR..JIESU_MAX_YEAR must be a range inside 1900..9000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "jiesu": {"handlers": ["console"], "level": envstr("JIESU_LOG_LEVEL", "INFO")},
        # a page's 500 with its traceback (Django's own console handler writes only under DEBUG)
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # failed logins and lockouts (django-axes; usernames and addresses masked)
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- task queue: Huey, SQLite storage by default, Redis when JIESU_REDIS_URL is set ---------
_redis_url = envstr("JIESU_REDIS_URL", "")
HUEY = {
    "name": "jiesu",
    "immediate": envbool("JIESU_HUEY_IMMEDIATE", False),
    "consumer": {"workers": envint("JIESU_WORKERS", 2), "worker_type": "thread"},
}
if _redis_url:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": _redis_url})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")})

# --- time limits (DESIGN §4, "1357"); all in working days unless said otherwise -------------
JIESU_SIGN_WORKING_DAYS = envint("JIESU_SIGN_WORKING_DAYS", 1)
JIESU_ANSWER_WORKING_DAYS = {
    "consult_general": envint("JIESU_ANSWER_DAYS_CONSULT_GENERAL", 3),
    "consult_professional": envint("JIESU_ANSWER_DAYS_CONSULT_PROFESSIONAL", 3),
    "help": envint("JIESU_ANSWER_DAYS_HELP", 5),
    "complaint": envint("JIESU_ANSWER_DAYS_COMPLAINT", 5),
    "report": envint("JIESU_ANSWER_DAYS_REPORT", 5),
    "suggestion": envint("JIESU_ANSWER_DAYS_SUGGESTION", 5),
    "praise": envint("JIESU_ANSWER_DAYS_PRAISE", 5),
}
# Urgent matters (R8): clock hours, not working days — emergencies do not wait for Monday.
# API tokens expire after this many days unless `jiesu token create --days N` says otherwise; 0 = never
JIESU_TOKEN_DAYS = envint("JIESU_TOKEN_DAYS", 365)
if JIESU_TOKEN_DAYS < 0:
    raise ImproperlyConfigured(gettext_noop("JIESU_TOKEN_DAYS 不能为负数（0 表示长期有效）。"))
JIESU_URGENT_SIGN_HOURS = envint("JIESU_URGENT_SIGN_HOURS", 1)
JIESU_URGENT_ANSWER_HOURS = envint("JIESU_URGENT_ANSWER_HOURS", 24)
JIESU_MAX_TOTAL_WORKING_DAYS = envint("JIESU_MAX_TOTAL_WORKING_DAYS", 15)
JIESU_WARNING_LEAD_HOURS = envfloat("JIESU_WARNING_LEAD_HOURS", 4)
JIESU_CALLBACK_MAX_UNREACHED = envint("JIESU_CALLBACK_MAX_UNREACHED", 2)
# R11: the share of online answers drawn for a callback (0–1); the others close at once.
# the citizen portal (docs/portal.md): submissions per client address per hour, wrong query
# codes per client (and per ticket number) per 15 minutes, photos per request and their size
JIESU_PORTAL_SUBMITS_PER_HOUR = envint("JIESU_PORTAL_SUBMITS_PER_HOUR", 5)
JIESU_PORTAL_LOOKUP_FAILURES = envint("JIESU_PORTAL_LOOKUP_FAILURES", 10)
JIESU_PORTAL_PHOTOS = envint("JIESU_PORTAL_PHOTOS", 3)
JIESU_PORTAL_PHOTO_BYTES = envint("JIESU_PORTAL_PHOTO_BYTES", 3 * 1024 * 1024)
# integrations (docs/integration.md): calls per minute of a user's API token used as a key (an
# integration key carries its own limit)
JIESU_INTEGRATION_PER_MINUTE = envint("JIESU_INTEGRATION_PER_MINUTE", 120)
# Open311 discovery: who to contact, and where a developer asks for a key
JIESU_OPEN311_CONTACT = envstr(
    "JIESU_OPEN311_CONTACT", gettext_noop("12345 政务服务便民热线管理办公室")
)
JIESU_OPEN311_KEY_SERVICE = envstr(
    "JIESU_OPEN311_KEY_SERVICE", gettext_noop("请向 12345 热线管理办公室申请接入密钥")
)
JIESU_ONLINE_CALLBACK_SHARE = envfloat("JIESU_ONLINE_CALLBACK_SHARE", 0.2)
if not 0 <= JIESU_ONLINE_CALLBACK_SHARE <= 1:
    raise ImproperlyConfigured(gettext_noop("JIESU_ONLINE_CALLBACK_SHARE 须在 0 到 1 之间。"))
# R16: which 12345 platforms review a main unit's reply before the callback (city, county; empty: none).
JIESU_PLATFORM_REVIEW = frozenset(
    envlist("JIESU_PLATFORM_REVIEW", "city", choices=("city", "county"))
)
JIESU_API_PAGE_SIZE = envint("JIESU_API_PAGE_SIZE", 50)
# work-queue counters (GET /api/v1/me/queues, the desk tabs) count no further than this
JIESU_QUEUE_COUNT_CAP = envint("JIESU_QUEUE_COUNT_CAP", 100)
# Outside systems that diverted tickets go to (docs/diversion.md): channel=dotted.path.Class,…
JIESU_DIVERSION_CHANNELS = envmap("JIESU_DIVERSION_CHANNELS", "")

# --- hand-offs and webhooks (docs/integration.md): signed (HMAC-SHA256), retried with back-off
# The system each diversion channel hands over to: channel=https://…; its secret channel=…; the
# user whose API token reports the channel's results (channel=username). A channel without an
# address is recorded locally only.
JIESU_DIVERSION_URLS = envmap("JIESU_DIVERSION_URLS", "")
JIESU_DIVERSION_SECRETS = envmap("JIESU_DIVERSION_SECRETS", "")
JIESU_DIVERSION_ACCOUNTS = envmap("JIESU_DIVERSION_ACCOUNTS", "")
# City apps that follow tickets: name=https://…, name=secret, and the steps they get.
JIESU_WEBHOOKS = envmap("JIESU_WEBHOOKS", "")
JIESU_WEBHOOK_SECRETS = envmap("JIESU_WEBHOOK_SECRETS", "")
JIESU_WEBHOOK_EVENTS = envlist(
    "JIESU_WEBHOOK_EVENTS",
    "dispatched,answered,closed",
    choices=("dispatched", "answered", "closed"),
)
# Per app, the steps it receives instead (its scope): name=answered+closed,…
JIESU_WEBHOOK_APP_EVENTS = {
    _app: [e for e in _steps.split("+") if e]
    for _app, _steps in envmap("JIESU_WEBHOOK_APP_EVENTS", "").items()
}
for _app, _steps in JIESU_WEBHOOK_APP_EVENTS.items():
    if not set(_steps) <= {"dispatched", "answered", "closed"}:
        raise ImproperlyConfigured(f"JIESU_WEBHOOK_APP_EVENTS: {_app} names an unknown step")
# Attempts before a delivery becomes a dead letter; the first retry waits RETRY_SECONDS, each
# next one twice as long (at most 6 hours); TIMEOUT for one request.
JIESU_WEBHOOK_MAX_ATTEMPTS = envint("JIESU_WEBHOOK_MAX_ATTEMPTS", 8)
JIESU_WEBHOOK_RETRY_SECONDS = envint("JIESU_WEBHOOK_RETRY_SECONDS", 30)
JIESU_WEBHOOK_TIMEOUT_SECONDS = envfloat("JIESU_WEBHOOK_TIMEOUT_SECONDS", 10)
for _urls, _secrets, _what in (
    (JIESU_DIVERSION_URLS, JIESU_DIVERSION_SECRETS, "JIESU_DIVERSION"),
    (JIESU_WEBHOOKS, JIESU_WEBHOOK_SECRETS, "JIESU_WEBHOOK"),
):
    for _name, _url in _urls.items():
        if not _url.startswith(("http://", "https://")):
            raise ImproperlyConfigured(f"{_what}: the address of {_name} must be http(s)://…")
        if not _secrets.get(_name):
            raise ImproperlyConfigured(f"{_what}_SECRETS: {_name} has an address but no secret")
if (
    JIESU_WEBHOOK_MAX_ATTEMPTS < 1
    or JIESU_WEBHOOK_RETRY_SECONDS < 1
    or JIESU_WEBHOOK_TIMEOUT_SECONDS <= 0
):
    raise ImproperlyConfigured(
        "JIESU_WEBHOOK_MAX_ATTEMPTS and JIESU_WEBHOOK_RETRY_SECONDS must be at least 1, "
        "JIESU_WEBHOOK_TIMEOUT_SECONDS above 0"
    )

# --- the enterprise 兜底办 (docs/enterprise.md): the code of the 12345-level unit that runs it
JIESU_ENTERPRISE_CENTRE = envstr("JIESU_ENTERPRISE_CENTRE", "city-qyfw")

# --- 一人多次 (R4, decision 0012): a caller with at least EARLIER earlier tickets on the same matter
# (same category, or subject+content character-bigram similarity ≥ SIMILARITY) in the last DAYS
# days gets a C-class proposal at intake, which the platform confirms by classifying.
JIESU_REPEAT_CALLER_EARLIER = envint("JIESU_REPEAT_CALLER_EARLIER", 2)
JIESU_REPEAT_CALLER_DAYS = envint("JIESU_REPEAT_CALLER_DAYS", 30)
JIESU_REPEAT_CALLER_SIMILARITY = envfloat("JIESU_REPEAT_CALLER_SIMILARITY", 0.2)
if (
    JIESU_REPEAT_CALLER_EARLIER < 1
    or JIESU_REPEAT_CALLER_DAYS < 1
    or not 0 < JIESU_REPEAT_CALLER_SIMILARITY <= 1
):
    raise ImproperlyConfigured(
        "JIESU_REPEAT_CALLER_EARLIER and JIESU_REPEAT_CALLER_DAYS must be at least 1, "
        "JIESU_REPEAT_CALLER_SIMILARITY above 0 and at most 1"
    )

# --- supervision tasks (R18, docs/supervision.md): feedback deadlines in working days, and the
# list of 反复投诉长期未解决的不满意件: at least MIN unsatisfied callbacks, or open longer than DAYS
JIESU_ESCALATION_UNIT_DAYS = envint("JIESU_ESCALATION_UNIT_DAYS", 5)
JIESU_ESCALATION_CITY_DAYS = envint("JIESU_ESCALATION_CITY_DAYS", 10)
JIESU_INSTRUCTION_DAYS = envint("JIESU_INSTRUCTION_DAYS", 5)
JIESU_REPEAT_UNSATISFIED_MIN = envint("JIESU_REPEAT_UNSATISFIED_MIN", 2)
JIESU_LONG_UNRESOLVED_DAYS = envint("JIESU_LONG_UNRESOLVED_DAYS", 15)
if (
    min(
        JIESU_ESCALATION_UNIT_DAYS,
        JIESU_ESCALATION_CITY_DAYS,
        JIESU_INSTRUCTION_DAYS,
        JIESU_REPEAT_UNSATISFIED_MIN,
        JIESU_LONG_UNRESOLVED_DAYS,
    )
    < 1
):
    raise ImproperlyConfigured(
        "JIESU_ESCALATION_UNIT_DAYS, JIESU_ESCALATION_CITY_DAYS, JIESU_INSTRUCTION_DAYS, "
        "JIESU_REPEAT_UNSATISFIED_MIN and JIESU_LONG_UNRESOLVED_DAYS must be at least 1"
    )

# --- weekly hotspot report (R9, docs/reports.md) ---------------------------------------------
# An item (category, region, category in a region) is 趋势性 (rising) with at least MIN_COUNT
# tickets in the week and at least RISE_RATIO times its 4-week average; 苗头性 (new) with none in
# the 4 weeks before and at least MIN_COUNT now. TOP: how many categories the top list shows.
JIESU_HOTSPOT_MIN_COUNT = envint("JIESU_HOTSPOT_MIN_COUNT", 5)
JIESU_HOTSPOT_RISE_RATIO = envfloat("JIESU_HOTSPOT_RISE_RATIO", 1.5)
JIESU_HOTSPOT_TOP = envint("JIESU_HOTSPOT_TOP", 10)
if JIESU_HOTSPOT_MIN_COUNT < 1 or JIESU_HOTSPOT_RISE_RATIO < 1 or JIESU_HOTSPOT_TOP < 1:
    raise ImproperlyConfigured(
        "JIESU_HOTSPOT_MIN_COUNT and JIESU_HOTSPOT_TOP must be at least 1, JIESU_HOTSPOT_RISE_RATIO at least 1.0"
    )

# --- notifications (docs/notifications.md, decision 0021) -----------------------------------
# Every notification is shown in the desk (the bell). EMAIL: also send each one by e-mail to the
# person's address, through Django's e-mail backend (EMAIL_BACKEND, EMAIL_HOST, …); off by
# default. DEFAULT_FROM_EMAIL names the sender.
JIESU_NOTIFY_EMAIL = envbool("JIESU_NOTIFY_EMAIL", False)
EMAIL_BACKEND = envstr("JIESU_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = envstr("JIESU_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("JIESU_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = envstr("JIESU_EMAIL_FROM", "jiesu@localhost")
# SMS: also send each unread notification of the last SMS_HOURS hours to the person's phone
# (their account's 手机号) through the city's SMS gateway: a signed JSON POST to SMS_URL (HMAC
# with SMS_SECRET, as the diversion webhooks; docs/notifications.md). Off while SMS_URL is empty.
JIESU_NOTIFY_SMS_URL = envstr("JIESU_NOTIFY_SMS_URL", "")
JIESU_NOTIFY_SMS_SECRET = envstr("JIESU_NOTIFY_SMS_SECRET", "")
JIESU_NOTIFY_SMS_HOURS = envint("JIESU_NOTIFY_SMS_HOURS", 24)
JIESU_NOTIFY_SMS_TIMEOUT = envfloat("JIESU_NOTIFY_SMS_TIMEOUT", 5.0)
if JIESU_NOTIFY_SMS_URL and not JIESU_NOTIFY_SMS_SECRET:
    raise ImproperlyConfigured("JIESU_NOTIFY_SMS_URL needs JIESU_NOTIFY_SMS_SECRET (the HMAC key).")
# --- intelligent intake (issue 9, docs/intelligence.md) --------------------------------------
# 一事多人 / 一人多次 at intake: tickets within DAYS days whose text (with region and address)
# is at least SIMILARITY alike are the same matter; CALLERS different callers, or CALLS calls of
# one caller, on one matter propose class C and a merge, which the operator confirms.
JIESU_DUPLICATE_DAYS = envint("JIESU_DUPLICATE_DAYS", 30)
JIESU_DUPLICATE_SIMILARITY = envfloat("JIESU_DUPLICATE_SIMILARITY", 0.3)
JIESU_MATTER_CALLERS = envint("JIESU_MATTER_CALLERS", 3)
JIESU_MATTER_CALLS = envint("JIESU_MATTER_CALLS", 2)
# the most tickets `jiesu hotspots` clusters in one period (the newest; clustering is quadratic)
JIESU_HOTSPOT_MAX_TICKETS = envint("JIESU_HOTSPOT_MAX_TICKETS", 6000)
# a unit is suggested at intake only at this confidence or above (the category's confidence times
# the unit's share of it): a unit that answered 3 % of a category's history is noise to an operator
JIESU_SUGGEST_UNIT_MIN_CONFIDENCE = envfloat("JIESU_SUGGEST_UNIT_MIN_CONFIDENCE", 0.1)
# the newest classified tickets `jiesu ml train` learns from
JIESU_ML_MAX_SAMPLES = envint("JIESU_ML_MAX_SAMPLES", 50000)
if (
    min(
        JIESU_DUPLICATE_DAYS,
        JIESU_MATTER_CALLERS,
        JIESU_MATTER_CALLS,
        JIESU_ML_MAX_SAMPLES,
        JIESU_HOTSPOT_MAX_TICKETS,
    )
    < 1
    or not 0 < JIESU_DUPLICATE_SIMILARITY <= 1
    or not 0 <= JIESU_SUGGEST_UNIT_MIN_CONFIDENCE < 1
):
    raise ImproperlyConfigured(
        "JIESU_DUPLICATE_DAYS, JIESU_MATTER_CALLERS, JIESU_MATTER_CALLS and JIESU_ML_MAX_SAMPLES "
        "must be at least 1, JIESU_DUPLICATE_SIMILARITY above 0 and at most 1, "
        "JIESU_SUGGEST_UNIT_MIN_CONFIDENCE at least 0 and below 1"
    )
# The knowledge base's optional drafter (docs/knowledge.md): an OpenAI-compatible endpoint.
JIESU_LLM_URL = envstr("JIESU_LLM_URL", "")
JIESU_LLM_MODEL = envstr("JIESU_LLM_MODEL", "default")
JIESU_LLM_TIMEOUT = envfloat("JIESU_LLM_TIMEOUT", 8.0)
# --- assessment (R21, R22, docs/assessment.md) -----------------------------------------------
# The combined score ranks units: a weighted mean of the rates a unit has (weights of the rates
# it has nothing due on are left out), in points out of 100. PDF_FONT: a CJK font file for PDF
# exports (empty: the usual fonts-wqy-microhei / Noto CJK paths).
JIESU_KPI_WEIGHTS = {
    rate: envfloat(f"JIESU_KPI_WEIGHT_{rate.upper()}", weight)
    for rate, weight in (("sign_rate", 0.2), ("completion_rate", 0.4), ("satisfaction_rate", 0.4))
}
if any(weight < 0 for weight in JIESU_KPI_WEIGHTS.values()) or not sum(JIESU_KPI_WEIGHTS.values()):
    raise ImproperlyConfigured("JIESU_KPI_WEIGHT_* must be at least 0 and not all 0")
JIESU_PDF_FONT = envstr("JIESU_PDF_FONT", "")
