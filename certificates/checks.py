"""System checks for certificates (``certificates.W001`` ...).

| id                | problem                                                    |
|-------------------|------------------------------------------------------------|
| certificates.E001 | signing is required (production) but no key and            |
|                   | certificate are configured, or the configured files cannot |
|                   | be read, do not match, or only one of the two is set       |
| certificates.W001 | ``libharfbuzz-subset`` cannot be loaded: WeasyPrint falls  |
|                   | back to subsetting fonts with fontTools, ten times slower  |
| certificates.W002 | the static certificate fonts have not been built           |
| certificates.W003 | a certificate design uses a layout that is not installed   |
|                   | (database check: ``manage.py check --database default``)   |

Registered when the app is ready (``CertificatesConfig.ready`` imports this).
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from django.conf import settings
from django.core import checks

# The names WeasyPrint tries (weasyprint/text/ffi.py), Linux and macOS first.
HARFBUZZ_SUBSET_NAMES = (
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "harfbuzz-subset-0.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
HARFBUZZ_NAMES = (
    "libharfbuzz.so.0",
    "libharfbuzz-0",
    "harfbuzz",
    "libharfbuzz.0.dylib",
)


def _load_first(names):
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint can subset fonts with HarfBuzz (library >= 4.1).

    Checked with ctypes rather than by importing WeasyPrint, which takes most
    of a second and would slow every management command.
    """
    if _load_first(HARFBUZZ_SUBSET_NAMES) is None:
        return False
    harfbuzz = _load_first(HARFBUZZ_NAMES)
    if harfbuzz is None:
        return False
    try:
        return bool(harfbuzz.hb_version_atleast(4, 1, 0))
    except AttributeError:
        return False


@checks.register("certificates")
def check_harfbuzz_subset(app_configs=None, **kwargs):
    """certificates.W001: fast font subsetting is available."""
    if harfbuzz_subset_available():
        return []
    return [
        checks.Warning(
            "libharfbuzz-subset (HarfBuzz 4.1 or later) cannot be loaded, so "
            "WeasyPrint falls back to subsetting fonts with fontTools in pure "
            "Python: every certificate PDF takes about ten times longer.",
            hint="Install it: apt-get install libharfbuzz-subset0 (Debian/Ubuntu).",
            id="certificates.W001",
        )
    ]


@checks.register("certificates")
def check_certificate_fonts(app_configs=None, **kwargs):
    """certificates.W002: the static certificate fonts exist."""
    from lms import fonts

    missing = fonts.missing_certificate_fonts(fonts.CERTIFICATE_FONTS_DIR)
    if not missing:
        return []
    return [
        checks.Warning(
            f"The certificate fonts are missing from {fonts.CERTIFICATE_FONTS_DIR}: "
            + ", ".join(path.name for path in missing)
            + ". Certificates would print Khmer with whatever font the system has, "
            "or with boxes.",
            hint="Run: python manage.py build_fonts",
            id="certificates.W002",
        )
    ]


def _signing_problem() -> str | None:
    """Why the configured signing key cannot be used, or ``None``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    key_setting = settings.CERTIFICATE_SIGNING_KEY
    cert_setting = settings.CERTIFICATE_SIGNING_CERT
    if not key_setting and not cert_setting:
        if getattr(settings, "CERTIFICATE_SIGNING_REQUIRED", False):
            return (
                "Certificates must be signed with the platform's key here, but "
                "CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT are not set "
                "(a generated development key is not accepted)."
            )
        return None
    if not (key_setting and cert_setting):
        return (
            "Only one of CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT is set; "
            "set both."
        )
    key_path, cert_path = Path(key_setting), Path(cert_setting)
    try:
        key_data, cert_data = key_path.read_bytes(), cert_path.read_bytes()
    except OSError as error:
        return f"The signing key or certificate cannot be read: {error}."
    passphrase = settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE
    try:
        key = serialization.load_pem_private_key(
            key_data, password=passphrase.encode() if passphrase else None
        )
    except (ValueError, TypeError) as error:
        return (
            f"The signing key {key_path} is not a PEM private key that "
            f"CERTIFICATE_SIGNING_KEY_PASSPHRASE opens ({error})."
        )
    try:
        cert = x509.load_pem_x509_certificate(cert_data)
    except ValueError as error:
        return (
            f"The signing certificate {cert_path} is not a PEM certificate ({error})."
        )
    public = serialization.PublicFormat.SubjectPublicKeyInfo
    encoding = serialization.Encoding.DER
    if key.public_key().public_bytes(
        encoding, public
    ) != cert.public_key().public_bytes(encoding, public):
        return f"The signing certificate {cert_path} is not for the key {key_path}."
    return None


@checks.register("certificates")
def check_signing_key(app_configs=None, **kwargs):
    """certificates.E001: the PDF signing key is configured and usable."""
    problem = _signing_problem()
    if problem is None:
        return []
    return [
        checks.Error(
            problem,
            hint="Point CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT at PEM "
            "files readable by the task worker (set "
            "CERTIFICATE_SIGNING_KEY_PASSPHRASE if the key is encrypted). Keep them "
            "outside the web process where possible.",
            id="certificates.E001",
        )
    ]


@checks.register("certificates", checks.Tags.database)
def check_design_layouts(app_configs=None, databases=None, **kwargs):
    """certificates.W003: every design's layout is installed."""
    if not databases:
        return []
    from django.db import DatabaseError

    from certificates.hooks import certificate_layouts
    from certificates.models import CertificateDesign

    try:
        designs = list(CertificateDesign.objects.only("pk", "name", "layout"))
        installed = set(certificate_layouts.identifiers())
    except (DatabaseError, TypeError, ValueError):
        return []  # no tables yet, or lms.E003 reports the broken registry
    return [
        checks.Warning(
            f"Certificate design “{design.name}” uses the layout {design.layout!r}, "
            "which is not installed; its certificates print with the classic layout.",
            hint="Install the plugin that provides it, or choose another layout "
            "for the design in the admin (Certificates > Designs).",
            obj=design,
            id="certificates.W003",
        )
        for design in designs
        if design.layout not in installed
    ]
