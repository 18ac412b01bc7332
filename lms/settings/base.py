"""Settings shared by every environment.

Everything that differs between machines is read from the environment (see the
README): ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``CACHE_URL``,
``EMAIL_URL``, ``MEDIA_ROOT``/``MEDIA_URL``/``MEDIA_STORAGE_BACKEND`` and
``LMS_PLUGINS_EXCLUDE``.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from lms.discovery import discover_plugins

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

env = environ.Env()

# Only for development and tests; production refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Built-in plugins follow the same contract as pip-installed ones; they are
# listed here rather than found through entry points.
BUILTIN_PLUGINS: list[str] = ["plugins.quiz"]
LMS_PLUGINS_EXCLUDE = env.list("LMS_PLUGINS_EXCLUDE", default=[])
DISCOVERED_PLUGINS = discover_plugins(exclude=LMS_PLUGINS_EXCLUDE)

INSTALLED_APPS = [
    "lms",
    "accounts",
    "courses",
    "certificates",
    "audit",
    "portal",
    *BUILTIN_PLUGINS,
    *DISCOVERED_PLUGINS.app_names,
    "wagtail.contrib.settings",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "accounts.apps.AccountsUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Sign-in security (README, "Security"): lockout, CSP, multi-factor.
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy with a nonce per response (see "CSP" below).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages go out compressed: border posts are on slow links.
    "lms.middleware.GZipTextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.InterfaceLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): was this session's second factor given?
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a lockout into its "locked" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, so two requests updating
    # the same progress row queue up instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
    # django-environ maps redis:// to the third-party django-redis package; use
    # the backend Django ships (it needs only the ``redis`` client library).
    CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "courses:dashboard"
LOGOUT_REDIRECT_URL = "/"
_PASSWORD_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_PASSWORD_VALIDATION}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_PASSWORD_VALIDATION}.MinimumLengthValidator"},
    {"NAME": f"{_PASSWORD_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{_PASSWORD_VALIDATION}.NumericPasswordValidator"},
]

# Email: console in development; EMAIL_URL (smtp+tls://user:pass@host:587) in
# production.
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="learning@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("km", _("Khmer"))]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "lms_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "MEDIA_STORAGE_BACKEND",
            default="django.core.files.storage.FileSystemStorage",
        ),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
    # Job files (uploaded imports, built ZIPs and exports): private too.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path(
                "PRIVATE_STORAGE_LOCATION", default=BASE_DIR / "var" / "private"
            )
        },
    },
    # Issued PDFs: private (outside MEDIA_ROOT, never served as media).
    "certificates": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path(
                "CERTIFICATE_STORAGE_LOCATION",
                default=BASE_DIR / "var" / "certificates",
            )
        },
    },
}

# Background work: Django's Tasks API with a database queue that survives
# restarts; `manage.py db_worker` runs it (one worker per core).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# Certificates ------------------------------------------------------------
# The public address printed in QR codes and emails (no trailing slash).
LMS_PUBLIC_BASE_URL = env.str("LMS_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# PAdES signing key and certificate (PEM). Left empty, development generates a
# self-signed pair under var/signing/; production refuses to start without them.
CERTIFICATE_SIGNING_KEY = env.str("CERTIFICATE_SIGNING_KEY", default="")
CERTIFICATE_SIGNING_CERT = env.str("CERTIFICATE_SIGNING_CERT", default="")
CERTIFICATE_SIGNING_KEY_PASSPHRASE = env.str(
    "CERTIFICATE_SIGNING_KEY_PASSPHRASE", default=""
)
# Production sets this: no generated key, a configured one or a system check error.
CERTIFICATE_SIGNING_REQUIRED = env.bool("CERTIFICATE_SIGNING_REQUIRED", default=False)
CERTIFICATE_SIGNING_DIR = env.path(
    "CERTIFICATE_SIGNING_DIR", default=BASE_DIR / "var" / "signing"
)
# Limits on one PDF render: seconds, and MiB of address space a render process
# may add to what it starts with.
CERTIFICATE_RENDER_TIMEOUT = env.float("CERTIFICATE_RENDER_TIMEOUT", default=20.0)
CERTIFICATE_RENDER_MEMORY_MB = env.int("CERTIFICATE_RENDER_MEMORY_MB", default=1024)
# Render in the calling process instead of the render pool: no time or memory
# limit, but no fork either (for processes that run other threads, e.g. tests
# driving a browser against a live server).
CERTIFICATE_RENDER_IN_PROCESS = env.bool("CERTIFICATE_RENDER_IN_PROCESS", default=False)
# Render processes per worker (the PDF pool); bulk commands use every core.
CERTIFICATE_RENDER_PROCESSES = env.int("CERTIFICATE_RENDER_PROCESSES", default=1)
# Expiry reminders go out this many days before a certificate expires.
CERTIFICATE_REMINDER_DAYS = (60, 7)
# Public verification lookups per client and minute.
CERTIFICATE_VERIFY_RATE = env.int("CERTIFICATE_VERIFY_RATE", default=30)
# Verification answers take at least this long, known code or not (seconds).
CERTIFICATE_VERIFY_MIN_SECONDS = 0.05

# The client's address (lms.client_ip), for the audit log, the sign-in
# lockout, the throttles and the verification limit alike: how many reverse
# proxies you run in front of Django (0: none, REMOTE_ADDR is the client), and
# the header they append the client's address to. The CERTIFICATE_* names of
# earlier releases are still read.
_legacy_ip_header = env.str("CERTIFICATE_CLIENT_IP_HEADER", default="")
_legacy_proxy_count = env.int("CERTIFICATE_TRUSTED_PROXY_COUNT", default=1)
LMS_TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT", default=_legacy_proxy_count if _legacy_ip_header else 0
)
LMS_CLIENT_IP_HEADER = env.str(
    "CLIENT_IP_HEADER", default=_legacy_ip_header or "HTTP_X_FORWARDED_FOR"
)

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Frontline Officer Learning"
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
# Courses exist in Khmer and English as translations of one another (Wagtail
# locales, linked by translation_key); progress is kept against the course.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "docx",
    "odt",
    "pptx",
    "xlsx",
    "csv",
    "txt",
    "mp4",
    "webm",
    "mp3",
    "ogg",
    "m4a",
    "vtt",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 200 * 1024 * 1024
# Documents download through Wagtail's serve view, where the hook in
# courses.authoring.documents checks who may have them; links never point at
# the media storage. (The web server must not serve MEDIA_ROOT/documents/.)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Content types of media and caption files, whatever the host's mime.types says
# (browsers play and show captions only with the right type).
WAGTAILDOCS_CONTENT_TYPES = {
    "mp4": "video/mp4",
    "webm": "video/webm",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "m4a": "audio/mp4",
    "vtt": "text/vtt",
}
# The catalog is public: hide Wagtail's own "password required" page plumbing.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Demo users and their printed passwords exist only where this is True.
LMS_DEMO_ALLOWED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per background task is noise at INFO; failures still show.
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        # Per-page progress and font-table chatter while rendering certificates.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Security: sign-in lockout (django-axes) ---------------------------------
# Axes checks first, so a locked-out username and address pair is refused
# before any password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Security: content security policy (django-csp) --------------------------

# Security: multi-factor sign-in (django-otp, django-otp-webauthn) ---------
# Passkeys are bound to the public host name (the relying party).
OTP_WEBAUTHN_RP_ID = env.str("OTP_WEBAUTHN_RP_ID", default="localhost")
OTP_WEBAUTHN_RP_NAME = WAGTAIL_SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS",
    default=["http://localhost:8000", "http://127.0.0.1:8000"],
)
