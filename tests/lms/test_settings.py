"""Settings come from the environment; production refuses unsafe values."""

import json
import secrets

import pytest

from tests.lms.support import manage, python, run_all

INSECURE_DEFAULT = "insecure-development-key-do-not-use-in-production"
GOOD_KEY = secrets.token_urlsafe(50)

PRINT_PRODUCTION = """
import json
import lms.settings.production as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
    "LMS_DEMO_ALLOWED": s.LMS_DEMO_ALLOWED,
}))
"""

PRINT_BASE = """
import json
import os
import lms.settings.base as s
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.base"
from django.core.cache import caches
cache = caches["default"]
print(json.dumps({
    "DATABASE": s.DATABASES["default"],
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "CACHE": s.CACHES["default"],
    "CACHE_CLASS": f"{type(cache).__module__}.{type(cache).__qualname__}",
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "EMAIL_HOST": getattr(s, "EMAIL_HOST", None),
    "EMAIL_PORT": getattr(s, "EMAIL_PORT", None),
    "EMAIL_USE_TLS": getattr(s, "EMAIL_USE_TLS", None),
    "EMAIL_HOST_USER": getattr(s, "EMAIL_HOST_USER", None),
    "EMAIL_HOST_PASSWORD": getattr(s, "EMAIL_HOST_PASSWORD", None),
    "MEDIA_ROOT": str(s.MEDIA_ROOT),
    "MEDIA_URL": s.MEDIA_URL,
    "DEFAULT_STORAGE": s.STORAGES["default"],
}, default=str))
"""


@pytest.fixture(scope="module")
def production_runs():
    """Import the production settings once per environment, all in parallel."""
    cases = {
        "debug": {"DEBUG": "true", "SECRET_KEY": GOOD_KEY},
        "no_key": {},
        "empty_key": {"SECRET_KEY": ""},
        "default_key": {"SECRET_KEY": INSECURE_DEFAULT},
        "short_key": {"SECRET_KEY": "x" * 31},
        "good": {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "learn.example.gov.kh"},
    }
    results = run_all(*(python(PRINT_PRODUCTION, env=env) for env in cases.values()))
    return dict(zip(cases, results, strict=True))


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("debug", "DEBUG is on in production settings. Unset DEBUG"),
        ("no_key", "Set SECRET_KEY in the environment"),
        ("empty_key", "Set SECRET_KEY in the environment"),
        ("default_key", "Set SECRET_KEY in the environment"),
        ("short_key", "shorter than 32 characters"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(
    production_runs, case, message
):
    result = production_runs[case]

    assert result.returncode != 0
    assert result.stdout == ""
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_starts_with_a_good_key_and_hosts(production_runs):
    result = production_runs["good"]

    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings == {
        "DEBUG": False,
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": ["learn.example.gov.kh"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "STATICFILES": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "LMS_DEMO_ALLOWED": False,
    }


def test_base_settings_read_the_environment(tmp_path):
    configured, defaults = run_all(
        python(
            PRINT_BASE,
            env={
                "DATABASE_URL": "postgres://lms:s3cret@db.internal:5433/learning",
                "ALLOWED_HOSTS": "learn.example.gov.kh,10.0.0.5",
                "CACHE_URL": "redis://127.0.0.1:6379/1",
                "EMAIL_URL": "smtp+tls://mailer:p%40ss@mail.example.org:587",
                "MEDIA_ROOT": str(tmp_path / "uploads"),
                "MEDIA_URL": "/uploads/",
                "MEDIA_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
                "MEDIA_STORAGE_OPTIONS": '{"bucket_name": "lms-media"}',
            },
        ),
        python(PRINT_BASE, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}),
    )

    assert configured.returncode == 0, configured.stderr
    assert defaults.returncode == 0, defaults.stderr
    configured, defaults = json.loads(configured.stdout), json.loads(defaults.stdout)

    database = configured["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == (
        "learning",
        "lms",
        "s3cret",
    )
    assert (database["HOST"], database["PORT"]) == ("db.internal", 5433)
    assert "transaction_mode" not in database.get("OPTIONS", {})
    sqlite = defaults["DATABASE"]
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == str(tmp_path / "x.db")
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

    assert configured["ALLOWED_HOSTS"] == ["learn.example.gov.kh", "10.0.0.5"]
    assert defaults["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]

    assert configured["CACHE"]["BACKEND"] == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert configured["CACHE"]["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert configured["CACHE_CLASS"] == "django.core.cache.backends.redis.RedisCache"
    assert defaults["CACHE"]["BACKEND"] == (
        "django.core.cache.backends.locmem.LocMemCache"
    )

    assert configured["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (configured["EMAIL_HOST"], configured["EMAIL_PORT"]) == (
        "mail.example.org",
        587,
    )
    assert configured["EMAIL_USE_TLS"] is True
    assert configured["EMAIL_HOST_USER"] == "mailer"
    assert configured["EMAIL_HOST_PASSWORD"] == "p@ss"
    assert defaults["EMAIL_BACKEND"] == (
        "django.core.mail.backends.console.EmailBackend"
    )

    assert configured["MEDIA_ROOT"] == str(tmp_path / "uploads")
    assert configured["MEDIA_URL"] == "/uploads/"
    assert configured["DEFAULT_STORAGE"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "lms-media"},
    }
    assert defaults["MEDIA_URL"] == "/media/"
    assert defaults["DEFAULT_STORAGE"]["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )


def test_the_deploy_check_is_clean_under_production_settings(tmp_path):
    """``manage.py check --deploy`` finds nothing to warn about, with the
    environment a ministry's deployment sets (see the README)."""
    from certificates.signing import ensure_development_key

    keys = ensure_development_key(tmp_path / "signing")
    (result,) = run_all(
        manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            env={
                "DJANGO_SETTINGS_MODULE": "lms.settings.production",
                "SECRET_KEY": GOOD_KEY,
                "ALLOWED_HOSTS": "learn.example.gov.kh",
                "CSRF_TRUSTED_ORIGINS": "https://learn.example.gov.kh",
                "LMS_PUBLIC_BASE_URL": "https://learn.example.gov.kh",
                "CERTIFICATE_SIGNING_KEY": str(keys.key),
                "CERTIFICATE_SIGNING_CERT": str(keys.cert),
            },
        ),
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
