"""Tests: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from .base import *  # noqa: F403

DEBUG = False
LMS_DEMO_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
# Serve static files from the apps' folders: tests never run collectstatic.
WHITENOISE_AUTOREFRESH = True
# Tasks run as they are enqueued (after commit); tests of the database queue
# and its worker override this.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["certificates"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": BASE_DIR / ".test-var" / "certificates"},  # noqa: F405
}
STORAGES["private"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": BASE_DIR / ".test-var" / "private"},  # noqa: F405
}
CERTIFICATE_SIGNING_DIR = BASE_DIR / ".test-var" / "signing"  # noqa: F405
CERTIFICATE_VERIFY_MIN_SECONDS = 0.01
# Hundreds of tests force_login staff: MFA tests turn it on with ``settings``.
LMS_MFA_REQUIRED_ROLES = []
