"""Settings shared by every environment.

Everything that differs between machines is read from the environment (see the
README): ``DATABASE_URL``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``CACHE_URL``,
``EMAIL_URL``, ``MEDIA_ROOT``/``MEDIA_URL``/``MEDIA_STORAGE_BACKEND`` and
``LMS_PLUGINS_EXCLUDE``.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

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
    # Content translation: wagtail-localize (its locales app replaces
    # wagtail.locales and syncs locales from WAGTAIL_CONTENT_LANGUAGES).
    "wagtail_localize",
    "wagtail_localize.locales",
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
    # Other sites cannot make a signed-in browser fetch our pages (downloads
    # that write to the record, above all); see lms.fetch_metadata.
    "lms.fetch_metadata.ResourceIsolationMiddleware",
    # Content-Security-Policy with a nonce per response, the admin's own policy
    # under /admin/; Permissions-Policy (see "content security policy" below).
    "lms.security_headers.ContentSecurityPolicyMiddleware",
    "lms.security_headers.PermissionsPolicyMiddleware",
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
    # Sends a signed-in user who still owes a second factor to it, on every
    # path but a short allow-list (accounts.mfa.middleware).
    "accounts.mfa.middleware.SecondFactorMiddleware",
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
                # The header's links by role (lazy: read only when rendered).
                "accounts.navigation.header",
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
# Each person lands where they work (accounts.navigation.landing_url).
LOGIN_REDIRECT_URL = "accounts:start"
# A styled, translated page when a form's CSRF token has expired.
CSRF_FAILURE_VIEW = "lms.error_pages.csrf_failure"
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
# Stored in UTC (USE_TZ), shown in Cambodia's time.
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True
# Dates day first (7/12/2026, 7 Dec 2026), 24-hour times, day-first input, in
# English and Khmer alike: lms/formats/<language>/formats.py (README, "Dates
# and numbers").
FORMAT_MODULE_PATH = ["lms.formats"]

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
# The Wagtail admin's date pickers write and read day first (strftime syntax;
# each must be one of lms.formats' *_INPUT_FORMATS).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"

# Demo users and their printed passwords exist only where this is True.
LMS_DEMO_ALLOWED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # The worker's own: db_worker sets its loggers' levels from its
        # --verbosity (INFO by default) whatever LOGGING says, so the level
        # that keeps its routine lines out sits on the handler. Development
        # adds a file that keeps them (lms.settings.dev: var/worker.log).
        "worker_console": {"class": "logging.StreamHandler", "level": "WARNING"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per background task is noise at INFO; failures still show.
    "loggers": {
        "django_tasks": {
            "level": "WARNING",
            "handlers": ["worker_console"],
            "propagate": False,
        },
        "django_tasks_db": {
            "level": "WARNING",
            "handlers": ["worker_console"],
            "propagate": False,
        },
        # Per-page progress and font-table chatter while rendering certificates.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # django-axes logs every failed sign-in at INFO; the audit log has them.
        "axes": {"level": "WARNING"},
    },
}

# Security: throttles on self-registration, password-reset and e-mail-change
# mails (lms.ratelimit, fixed windows of an hour). "Per client" counts one
# address (lms.client_ip); "per address" counts one e-mail address, so one
# mailbox is never flooded. 0 switches a limit off.
LMS_REGISTRATION_RATE = env.int("LMS_REGISTRATION_RATE", default=10)
LMS_REGISTRATION_RATE_PER_ADDRESS = env.int(
    "LMS_REGISTRATION_RATE_PER_ADDRESS", default=3
)
LMS_PASSWORD_RESET_RATE_PER_ADDRESS = env.int(
    "LMS_PASSWORD_RESET_RATE_PER_ADDRESS", default=3
)
LMS_PASSWORD_RESET_RATE_PER_CLIENT = env.int(
    "LMS_PASSWORD_RESET_RATE_PER_CLIENT", default=20
)
# Requests to change one's e-mail address, per signed-in user and hour; and how
# long the confirmation link mailed to the new address works (seconds).
LMS_EMAIL_CHANGE_RATE = env.int("LMS_EMAIL_CHANGE_RATE", default=5)
LMS_EMAIL_CHANGE_TIMEOUT = env.int("LMS_EMAIL_CHANGE_TIMEOUT", default=60 * 60 * 24)
# Account activation (accounts.activation): days until a printed letter's code
# and an invitation e-mail's link expire; tries per hour to use a code, per
# client and per account.
# An admin may create an officer without a password: they are invited instead.
WAGTAILUSERS_PASSWORD_REQUIRED = False
LMS_ACTIVATION_LETTER_DAYS = env.int("LMS_ACTIVATION_LETTER_DAYS", default=30)
LMS_INVITATION_DAYS = env.int("LMS_INVITATION_DAYS", default=7)
LMS_ACTIVATION_RATE_PER_CLIENT = env.int("LMS_ACTIVATION_RATE_PER_CLIENT", default=30)
LMS_ACTIVATION_RATE_PER_ACCOUNT = env.int("LMS_ACTIVATION_RATE_PER_ACCOUNT", default=10)

# Paths any site may fetch (lms.fetch_metadata): public verification (and its
# QR images), static files, the health check.
LMS_CROSS_SITE_ALLOWED_PATHS = ["/certificates/verify/", "/static/", "/healthz"]

# Security: sign-in lockout (django-axes) ---------------------------------
# Axes checks first, so a locked-out username and address pair is refused
# before any password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A username and client address pair is locked after this many failures in a
# row, on the officers' and the admin's sign-in alike (accounts.lockout says
# why the pair), until the cool-off has passed or an admin unlocks it.
AXES_FAILURE_LIMIT = env.int("SIGNIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGNIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lms.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
AXES_HTTP_RESPONSE_CODE = 429
# The audit log keeps failures and lockouts; axes' own log of every successful
# sign-in would only grow.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# One password-reset page for everyone (accounts:password_reset, throttled per
# address and per client); Wagtail's own admin copy would be a second,
# unthrottled way to send reset mail.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Likewise one way to change an e-mail address, with the password and a link
# to the new address (accounts.email_change); Wagtail's account page would
# change it on the spot.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# Security: content security policy (django-csp) --------------------------
# Officers', reviewers' and public pages: everything from this host, no inline
# script or style, no eval. A template's own <script>/<style> tags carry
# nonce="{{ request.csp_nonce }}" (the nonce is made only when a page asks for
# one). lms.security_headers swaps in LMS_CSP_ADMIN_DIRECTIVES under the
# Wagtail admin, and allows frame-ancestors 'self' for the admin's preview
# frames ('none' everywhere else).
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE  # noqa: E402

# Media on another host (MEDIA_URL of an object store) may be shown, nothing else.
_MEDIA_HOST = (
    ["/".join(MEDIA_URL.split("/")[:3])]
    if MEDIA_URL.startswith(("https://", "http://"))
    else []
)
# lms/templates/500.html is rendered without a request (no nonce, and no
# stylesheet in case static files are what broke): its one <style> block is
# allowed by hash. tests/lms/test_security_headers.py recomputes it.
LMS_CSP_ERROR_PAGE_STYLE = "'sha256-jdbE60+occnydgBHexWjaZwECl/WEp8dRE5ozewdctY='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE, LMS_CSP_ERROR_PAGE_STYLE],
        "img-src": [SELF, "data:", *_MEDIA_HOST],
        "media-src": [SELF, *_MEDIA_HOST],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Paths served under the admin's policy.
LMS_CSP_ADMIN_PREFIXES = ("/admin/",)
# The Wagtail admin: the same, except what Wagtail 8 itself needs (found by
# walking the trainers' admin pages in Chromium, tests/e2e/test_csp.py):
# - script-src 'unsafe-inline': Wagtail writes inline <script> tags from Python
#   (BaseChooser.render for every page, image, document, snippet and question
#   chooser field; date widgets; inline panels) where no request, so no nonce,
#   is at hand (wagtail/wagtail#1288). A nonce in the list would switch
#   'unsafe-inline' off, so the admin gets none. Still no eval, no other host.
# - style-src 'unsafe-inline': the rich-text editor (Draftail) writes <style>
#   elements whose text depends on each editor's features and language.
LMS_CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}
# No avatars from gravatar.com and no release check against wagtail.org: the
# admin fetches nothing from another host (and the policy would refuse it).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Permissions-Policy on every response (lms.security_headers): features nobody
# here uses are off; passkeys (WebAuthn) and video fullscreen stay on for this
# origin. A feature maps to the origins allowed it: [] none, ["self"] this host.
LMS_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# Security: multi-factor sign-in (django-otp, django-otp-webauthn) ---------
# Passkeys are bound to the public host name (the relying party). A host name,
# never an address: in development open http://localhost:8000/ to use them
# (django-otp-webauthn refuses plain http:// origins other than localhost).
# By default both follow LMS_PUBLIC_BASE_URL (an address there becomes
# localhost, on the same port).
_public = urlsplit(LMS_PUBLIC_BASE_URL)
_public_host = _public.hostname or "localhost"
if _public_host.replace(".", "").isdigit() or ":" in _public_host:
    _public_host = "localhost"
_public_origin = f"{_public.scheme}://{_public_host}" + (
    f":{_public.port}" if _public.port else ""
)
OTP_WEBAUTHN_RP_ID = env.str("OTP_WEBAUTHN_RP_ID", default=_public_host)
OTP_WEBAUTHN_RP_NAME = WAGTAIL_SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", default=[_public_origin]
)
# Passkeys are a second factor only: the password always comes first (and
# through django-axes), never a passkey alone.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Who must give a second factor (accounts.mfa.policy): any of "admin"
# (superusers), "lead_trainer", "trainer", "reviewer" (organisation
# reviewers). Relax it per role, e.g. LMS_MFA_REQUIRED_ROLES=admin,lead_trainer.
# Officers may always opt in; once they have a device it is asked for.
# "admin_access" is anyone else who may open the Wagtail admin (any group or
# permission giving wagtailadmin.access_admin).
LMS_MFA_REQUIRED_ROLES = env.list(
    "LMS_MFA_REQUIRED_ROLES",
    default=["admin", "lead_trainer", "trainer", "reviewer", "admin_access"],
)
# Shown by authenticator apps next to the code.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
