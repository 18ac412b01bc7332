"""System checks ``certificates.E001`` and ``certificates.W001`` ... ``W003``."""

from __future__ import annotations

import shutil

import pytest
from django.core import checks
from django.core.management import call_command
from django.test import override_settings

from certificates import checks as certificate_checks
from certificates import signing
from lms import fonts

# W001: HarfBuzz subsetting -------------------------------------------------------


def test_harfbuzz_subset_is_found_here():
    # The project installs libharfbuzz-subset0; this machine has it.
    assert certificate_checks.harfbuzz_subset_available()
    assert certificate_checks.check_harfbuzz_subset() == []


def test_missing_harfbuzz_subset_is_w001(monkeypatch):
    monkeypatch.setattr(
        certificate_checks, "HARFBUZZ_SUBSET_NAMES", ("libno-such-harfbuzz.so.0",)
    )

    [warning] = certificate_checks.check_harfbuzz_subset()

    assert warning.id == "certificates.W001"
    assert warning.level == checks.WARNING
    assert "fontTools" in warning.msg
    assert "apt-get install libharfbuzz-subset0" in warning.hint


# W002: static certificate fonts -------------------------------------------------


def test_built_fonts_pass():
    assert certificate_checks.check_certificate_fonts() == []


def test_missing_certificate_fonts_are_w002(monkeypatch, tmp_path):
    for path in fonts.certificate_font_outputs():
        if path.name != "NotoSansKhmer-Bold.ttf":
            shutil.copy2(path, tmp_path / path.name)
    monkeypatch.setattr(fonts, "CERTIFICATE_FONTS_DIR", tmp_path)

    [warning] = certificate_checks.check_certificate_fonts()

    assert warning.id == "certificates.W002"
    assert "NotoSansKhmer-Bold.ttf" in warning.msg
    assert "NotoSans-Regular.ttf" not in warning.msg
    assert warning.hint == "Run: python manage.py build_fonts"


# E001: signing key -----------------------------------------------------------------


@pytest.fixture
def key_pair(tmp_path):
    key_pem, cert_pem = signing._self_signed_pair()
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    key.write_bytes(key_pem)
    cert.write_bytes(cert_pem)
    return key, cert


def test_development_without_a_key_passes():
    with override_settings(CERTIFICATE_SIGNING_KEY="", CERTIFICATE_SIGNING_CERT=""):
        assert certificate_checks.check_signing_key() == []


def test_production_without_a_key_is_e001():
    with override_settings(
        CERTIFICATE_SIGNING_REQUIRED=True,
        CERTIFICATE_SIGNING_KEY="",
        CERTIFICATE_SIGNING_CERT="",
    ):
        [error] = certificate_checks.check_signing_key()

    assert error.id == "certificates.E001"
    assert error.level == checks.ERROR
    assert "CERTIFICATE_SIGNING_KEY" in error.msg


def test_production_with_a_good_key_passes(key_pair):
    key, cert = key_pair
    with override_settings(
        CERTIFICATE_SIGNING_REQUIRED=True,
        CERTIFICATE_SIGNING_KEY=str(key),
        CERTIFICATE_SIGNING_CERT=str(cert),
    ):
        assert certificate_checks.check_signing_key() == []


@pytest.mark.parametrize(
    "problem,expected",
    [
        ("missing key file", "cannot be read"),
        ("not pem", "not a PEM private key"),
        ("only the key", "Only one of"),
        ("another certificate", "is not for the key"),
        ("wrong passphrase", "not a PEM private key"),
    ],
)
def test_unusable_configured_keys_are_e001(key_pair, tmp_path, problem, expected):
    key, cert = key_pair
    key_setting, cert_setting, passphrase = str(key), str(cert), ""
    if problem == "missing key file":
        key_setting = str(tmp_path / "absent.pem")
    elif problem == "not pem":
        key.write_text("not a key")
    elif problem == "only the key":
        cert_setting = ""
    elif problem == "another certificate":
        cert.write_bytes(signing._self_signed_pair()[1])
    elif problem == "wrong passphrase":
        passphrase = "nothing to open"
        from cryptography.hazmat.primitives import serialization

        loaded = serialization.load_pem_private_key(key.read_bytes(), password=None)
        key.write_bytes(
            loaded.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(b"the real one"),
            )
        )
    with override_settings(
        CERTIFICATE_SIGNING_KEY=key_setting,
        CERTIFICATE_SIGNING_CERT=cert_setting,
        CERTIFICATE_SIGNING_KEY_PASSPHRASE=passphrase,
    ):
        [error] = certificate_checks.check_signing_key()

    assert error.id == "certificates.E001"
    assert expected in error.msg


# W003: designs with an uninstalled layout -----------------------------------------


@pytest.mark.django_db
def test_design_with_an_uninstalled_layout_is_w003():
    from certificates.models import CertificateDesign

    CertificateDesign.objects.create(name="Good", issuer_name="Ministry")
    gone = CertificateDesign.objects.create(
        name="Gone", issuer_name="Ministry", layout="removed-plugin"
    )

    [warning] = certificate_checks.check_design_layouts(databases=["default"])

    assert warning.id == "certificates.W003"
    assert warning.obj == gone
    assert "removed-plugin" in warning.msg
    assert certificate_checks.check_design_layouts(databases=None) == []


# All together ----------------------------------------------------------------------


def test_manage_py_check_is_clean_for_certificates():
    messages = checks.run_checks(tags=["certificates"])

    assert [m for m in messages if m.id.startswith("certificates.")] == []
    call_command("check", tag=["certificates"])  # raises on errors
