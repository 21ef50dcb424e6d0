"""One settings file, driven by environment variables.

Development (`make run`) sets DJANGO_DEBUG=1 and uses the embedded SQLite database.
Production sets DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and leaves DEBUG off.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")
    return value == "1"


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG") or env_bool("DEBUG")
# The test client and the browser tests speak plain HTTP to a local server.
TESTING = bool(os.environ.get("PYTEST_VERSION"))
SECURE_DEFAULT = not DEBUG and not TESTING

# Without SECRET_KEY a development key is used so management commands work anywhere; the
# WSGI entry point refuses to serve with it when DEBUG is off, and `check --deploy` flags it.
DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-giamngheo"
SECRET_KEY = os.environ.get("SECRET_KEY") or DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "giamngheo",
    "giamngheo.documents",
    "households",
    "projects",
    "inspections",
    "reports",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "giamngheo.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "giamngheo.middleware.IdleSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees the login view's answer and turns a locked-out attempt into our page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "giamngheo.urls"
WSGI_APPLICATION = "giamngheo.wsgi.application"

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
                "giamngheo.context_processors.nav",
            ],
            "builtins": ["giamngheo.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A streaming replica of the primary: report and dashboard pages read from it (giamngheo/db_router.py,
# docs/scaling.md). Tests always have the alias, as a mirror of the test database, and switch the
# routing on where they check it.
REPLICA_DATABASE_URL = os.environ.get("REPLICA_DATABASE_URL", "")
READ_REPLICA = "replica" if REPLICA_DATABASE_URL else None
if REPLICA_DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
elif TESTING:
    DATABASES["replica"] = dict(DATABASES["default"])
if "replica" in DATABASES:
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["giamngheo.db_router.ReplicaRouter"]
# Behind pgbouncer in transaction mode a server-side cursor (QuerySet.iterator() outside a
# transaction) would outlive the transaction pgbouncer lends its connection for. Django already
# turns psycopg's prepared statements off. DB_CONN_MAX_AGE may stay: pgbouncer is the pool.
if env_bool("DB_PGBOUNCER"):
    for database in DATABASES.values():
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "giamngheo.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is refused until the cool-off ends or commune staff unlock the account.
# Keyed by username AND address: a commune office shares one public IP, so locking by address
# alone would lock the whole office out because of one person's typos.
AUTHENTICATION_BACKENDS = [
    "giamngheo.auth.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A locked-out user who keeps trying does not push the retry time further away: the time the
# login page announces stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "giamngheo.views.login_locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Successful logins are not kept (the audit trail records what people do); failures are.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
if env_bool("BEHIND_PROXY"):
    # The proxy in front of us appends the client's address; trust only the last hop it adds.
    AXES_CLIENT_IP_CALLABLE = "giamngheo.auth.client_ip_behind_proxy"
# Django's own validators; their messages come translated into Vietnamese with Django. They apply
# to the forms that set a password (account creation, reset, change), not to seed_demo.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "full_name", "phone", "email"]},
    },
    {
        "NAME": "giamngheo.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["giamngheo.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files that hold personal data (uploaded household lists awaiting confirmation) live here,
# outside MEDIA_ROOT, so no URL ever serves them.
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "private"))
# Uploaded lists not confirmed within this many hours are deleted.
IMPORT_UPLOAD_MAX_AGE_HOURS = env_int("IMPORT_UPLOAD_MAX_AGE_HOURS", 48)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, pre-compressed files in production (after collectstatic); plain files otherwise.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Size limits of uploads (giamngheo/uploads.py checks every uploaded file against them).
UPLOAD_MAX_SCAN_BYTES = env_int("UPLOAD_MAX_SCAN_MB", 10) * 1024 * 1024
UPLOAD_MAX_IMPORT_BYTES = env_int("UPLOAD_MAX_IMPORT_MB", 10) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Background work (reports' big exports): stored in the database and run by `manage.py db_worker`
# (django-tasks-db); tests run each task at once, in the request.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# Security. Production values unless DEBUG; each can be overridden from the environment.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Signed out after this many minutes without a request (a shared office computer left open).
# IdleSessionMiddleware pushes the expiry forward as the user works, at most once a minute.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_DEFAULT)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", SECURE_DEFAULT)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", SECURE_DEFAULT)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# One line per record on stderr (journald, or docker logs, collects it): time, level, logger,
# process, message; LOG_FORMAT=json writes the same fields as one JSON object per line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s pid=%(process)d %(message)s"},
        "json": {"()": "giamngheo.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # 403/404 are answers to users, not incidents: keep them out of the log.
    "loggers": {"django.request": {"level": "ERROR"}},
}

# Tests need no real password hashing, and no connection may outlive its request: the
# live server's threads would otherwise keep the test database busy at teardown.
if TESTING:
    for database in DATABASES.values():
        database["CONN_MAX_AGE"] = 0
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
