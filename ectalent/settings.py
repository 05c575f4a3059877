"""One settings module, driven by the environment.

SQLite (``var/ectalent.sqlite3``) unless ``DATABASE_URL`` is set. Production sets ``DEBUG=0``,
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``; see docs/deployment.md.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("ECTALENT_DATA_DIR", BASE_DIR / "var"))
POLICIES_DIR = Path(os.environ.get("ECTALENT_POLICIES_DIR", BASE_DIR / "policies"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
# The quick start (scripts/start.sh) runs with DEBUG=0 and ECTALENT_QUICKSTART=1: no debug pages, but a local,
# plain-HTTP server — the development secret key in var/ is allowed, no HTTPS redirect or secure-only cookies, and
# WhiteNoise serves the static files straight from the apps (no collectstatic). Never set it in production.
QUICKSTART = env_bool("ECTALENT_QUICKSTART", False)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not DEBUG and not QUICKSTART:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0 (生产环境必须设置 SECRET_KEY)")
    # Development only: a random key kept in var/, never in the repository.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG or QUICKSTART else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ectalent.core",
    "ectalent.regions",
    "ectalent.accounts",
    "ectalent.registry",
    "ectalent.audit",
    "ectalent.rules",
    "ectalent.workflow",
    "ectalent.jobs",
    "ectalent.demonstration",
    "ectalent.notices",
    "ectalent.accreditation",
    "ectalent.certification",
    "ectalent.portal",
    "ectalent.lecturers",
    "ectalent.tracking",
    "ectalent.subsidies",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ectalent.core.public_url.PublicURLMiddleware",
]

ROOT_URLCONF = "ectalent.urls"
WSGI_APPLICATION = "ectalent.wsgi.application"
ASGI_APPLICATION = "ectalent.asgi.application"

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
                "ectalent.core.context_processors.platform",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "ectalent.sqlite3",
            "TEST": {"NAME": os.environ.get("ECTALENT_TEST_SQLITE") or None},
        }
    }


def sqlite_safe(db):
    """The SQLite settings every SQLite database gets, however it is named (default path or ``DATABASE_URL=sqlite:///…``):
    writers take the lock at BEGIN (IMMEDIATE), so "lock, then count" holds and a read-then-write transaction waits
    instead of failing with "database is locked"; a busy timeout; WAL so readers do not block the writer."""
    if "sqlite3" in db.get("ENGINE", ""):
        options = db.setdefault("OPTIONS", {})
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", 30)
        options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        db.setdefault("TEST", {}).setdefault("NAME", os.environ.get("ECTALENT_TEST_SQLITE") or None)
    return db


for _db in DATABASES.values():
    sqlite_safe(_db)
# A streaming read replica (PostgreSQL) for reports, dashboards, exports and simulations — only where a view asks
# for it (core/db.py ``replica_reads``); every other read and every write goes to the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL and DATABASE_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["ectalent.core.db.ReplicaRouter"]
ECTALENT_NODE_NAME = os.environ.get("ECTALENT_NODE_NAME", "") or __import__("socket").gethostname()
ECTALENT_REPLICA_MAX_LAG_BYTES = int(os.environ.get("ECTALENT_REPLICA_MAX_LAG_BYTES", str(16 * 1024 * 1024)))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- language and time ------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates as YYYY-MM-DD, shown and parsed alike in both languages (ectalent/formats/*/formats.py).
FORMAT_MODULE_PATH = ["ectalent.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
PRIVATE_ROOT = Path(os.environ.get("ECTALENT_PRIVATE_ROOT", DATA_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Uploaded evidence: never under MEDIA_URL, served only by scoped views (core/uploads.py serve_private).
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or QUICKSTART
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# The quick start serves /static/ through WhiteNoise from the apps' folders (runserver does not when DEBUG=0).
WHITENOISE_USE_FINDERS = DEBUG or QUICKSTART
WHITENOISE_AUTOREFRESH = DEBUG or QUICKSTART
# ECTALENT_STORAGE=s3 keeps uploads and generated files in an S3-compatible object store (MinIO on premises) shared
# by every app node: a private bucket, files streamed through the scoped views, never by a public URL.
ECTALENT_STORAGE = os.environ.get("ECTALENT_STORAGE", "local")
if ECTALENT_STORAGE == "s3":
    _s3 = {
        "bucket_name": os.environ.get("ECTALENT_S3_BUCKET", "ectalent"),
        "endpoint_url": os.environ.get("ECTALENT_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("ECTALENT_S3_REGION", "us-east-1"),
        "access_key": os.environ.get("ECTALENT_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("ECTALENT_S3_SECRET_KEY") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        "addressing_style": "path",
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3, "location": "files"}}
    STORAGES["private"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**_s3, "location": "private"}}

# --- security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "ectalent.core.views.csrf_failure"
if not DEBUG and not QUICKSTART:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Imports (core/sheets.py): checked before any spreadsheet library parses the file.
ECTALENT_IMPORT_MAX_ROWS = int(os.environ.get("ECTALENT_IMPORT_MAX_ROWS", "200000"))
ECTALENT_IMPORT_MAX_COLUMNS = int(os.environ.get("ECTALENT_IMPORT_MAX_COLUMNS", "200"))
ECTALENT_IMPORT_MAX_UNCOMPRESSED = int(os.environ.get("ECTALENT_IMPORT_MAX_UNCOMPRESSED", str(100 * 1024 * 1024)))
ECTALENT_IMPORT_MAX_RATIO = int(os.environ.get("ECTALENT_IMPORT_MAX_RATIO", "200"))

# --- API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ectalent.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ectalent API — 电商人才培育与评价平台",
    "DESCRIPTION": "Scoped to the caller's region and organisation, like the web UI. 与网页界面相同的数据范围。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name (status, level) get their own component names.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "ectalent.workflow.choices.CaseStatus",
        "SessionStatusEnum": "ectalent.certification.choices.SessionStatus",
        "CertificateStatusEnum": "ectalent.certification.choices.CertificateStatus",
        "UnitStatusEnum": "ectalent.accreditation.choices.UnitStatus",
        "CertificationLevelEnum": "ectalent.certification.choices.Level",
    },
}

# --- cache (the public verification page's rate limit counts here; production shares one cache) ------
# REDIS_URL (or the older name CACHE_URL) shares the cache between every web process and worker: rate limits, job
# progress, the worker's heartbeat. Without it: memory per process, and files in var/ for what processes share.
CACHE_URL = os.environ.get("CACHE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL") or (CACHE_URL if CACHE_URL.startswith(("redis://", "rediss://")) else "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
        "jobs": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "jobs"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "jobs": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                 "LOCATION": str(DATA_DIR / "cache" / "jobs")},
    }

# --- certificates (seed 003 附件1) ---------------------------------------------------------------
# The public address for QR codes, printed verification addresses and links in e-mails; unset: the address the
# request came to (or the quick start's served address outside a request), see ectalent/core/public_url.py.
ECTALENT_PUBLIC_BASE_URL = os.environ.get("ECTALENT_PUBLIC_BASE_URL", "")
ECTALENT_CERTIFICATE_ISSUER = os.environ.get("ECTALENT_CERTIFICATE_ISSUER", "浙江省商务厅培训认证中心")
ECTALENT_VERIFY_RATE_LIMIT = int(os.environ.get("ECTALENT_VERIFY_RATE_LIMIT", "20"))
ECTALENT_VERIFY_RATE_WINDOW = int(os.environ.get("ECTALENT_VERIFY_RATE_WINDOW", "600"))
ECTALENT_CLIENT_IP_HEADER = os.environ.get("ECTALENT_CLIENT_IP_HEADER", "")  # e.g. HTTP_X_REAL_IP behind nginx
# ECTALENT_SIGNING_KEY (Ed25519, base64 raw or PEM) is read from the environment only; without it a key is
# generated on first use in DATA_DIR/keys/ (mode 0600). Never commit it.

# --- notices (站内消息; e-mail and SMS copies through one adapter, see notices/backends.py) ------------------
ECTALENT_PLATFORM_SHORT_NAME = os.environ.get("ECTALENT_PLATFORM_SHORT_NAME", "电商人才平台")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(DATA_DIR / "outbox" / "mail")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@ectalent.invalid")
ECTALENT_SMS_BACKEND = os.environ.get("ECTALENT_SMS_BACKEND", "ectalent.notices.backends.FileSMSBackend")

# --- background jobs -----------------------------------------------------------------------
# Jobs (ectalent/jobs) run in the worker: ``ectalent db_worker`` (started by the quick start; a systemd unit in
# docs/deployment.md). ECTALENT_JOBS_EAGER=1 runs them inline in the request instead (the tests do).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ECTALENT_JOBS_EAGER = env_bool("ECTALENT_JOBS_EAGER", False)
if env_bool("ECTALENT_TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"
FILTERS_EMPTY_CHOICE_LABEL = "全部"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
