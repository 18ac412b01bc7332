"""PAdES signatures: valid when intact, broken by any change, keys handled safely."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from certificates import rendering, signing
from tests.certificates.pdf_helpers import fixed_data, pdfinfo


@pytest.fixture(scope="module")
def unsigned_pdf():
    return rendering.render_pdf(fixed_data(is_sample=False))


@pytest.fixture(scope="module")
def signed_pdf(unsigned_pdf):
    return signing.sign_pdf(unsigned_pdf)


@pytest.fixture
def fresh_signer():
    """Load the signer again from the settings of the test, and afterwards."""
    signing.reset_signer()
    yield
    signing.reset_signer()


def test_signed_pdf_validates(signed_pdf):
    result = signing.validate_pdf(signed_pdf)

    assert result.ok
    assert (result.signed, result.intact, result.valid, result.trusted) == (
        True,
        True,
        True,
        True,
    )
    assert result.covers_whole_file
    assert "LMS certificate signing" in result.signer
    assert pdfinfo(signed_pdf)["pages"] == 1


def _signed_range_positions(pdf: bytes) -> list[int]:
    """Positions spread over the signed bytes: header, body, trailer, and the
    signature value itself."""
    contents = pdf.index(b"/Contents <") + len(b"/Contents <")
    return [
        10,
        len(pdf) // 4,
        len(pdf) // 2,
        contents + 40,  # inside the CMS signature
        len(pdf) - 30,
    ]


@pytest.mark.parametrize("which", range(5))
def test_a_one_byte_change_fails_validation(signed_pdf, which):
    position = _signed_range_positions(signed_pdf)[which]
    tampered = bytearray(signed_pdf)
    tampered[position] = (tampered[position] + 1) % 256

    result = signing.validate_pdf(bytes(tampered))

    assert not result.ok
    assert not (result.intact and result.valid)


def test_appending_an_update_is_not_a_valid_certificate(signed_pdf):
    # An incremental update that changes the page (what a forger would try):
    # the certification signature forbids any change.
    from io import BytesIO

    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(signed_pdf))
    info = writer.root
    info[NameObject("/Lang")] = TextStringObject("en")
    writer.update_root()
    output = BytesIO()
    writer.write(output)

    result = signing.validate_pdf(output.getvalue())

    assert not result.ok


def test_unsigned_and_damaged_files_are_reported_not_raised(unsigned_pdf):
    assert signing.validate_pdf(unsigned_pdf).signed is False
    damaged = signing.validate_pdf(b"%PDF-1.7\nnot really")
    assert not damaged.ok
    assert damaged.error


def test_a_signature_by_another_key_is_not_trusted(
    unsigned_pdf, tmp_path, fresh_signer
):
    with override_settings(CERTIFICATE_SIGNING_DIR=tmp_path / "other"):
        signing.reset_signer()
        other = signing.sign_pdf(unsigned_pdf)
    signing.reset_signer()

    result = signing.validate_pdf(other)

    assert result.intact
    assert not result.trusted
    assert not result.ok


# Keys ---------------------------------------------------------------------------


def test_development_key_is_made_once_with_private_permissions(tmp_path):
    files = signing.ensure_development_key(tmp_path / "signing")
    key_bytes = files.key.read_bytes()

    again = signing.ensure_development_key(tmp_path / "signing")

    assert files.generated
    assert stat.S_IMODE(files.key.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "signing").stat().st_mode) == 0o700
    assert again.key.read_bytes() == key_bytes
    assert list((tmp_path / "signing").glob(".*partial")) == []


def _make_key(directory: str) -> bytes:
    from pathlib import Path

    files = signing.ensure_development_key(Path(directory))
    return files.cert.read_bytes() + files.key.read_bytes()


def test_processes_racing_for_the_development_key_share_one(tmp_path):
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(4, mp_context=context) as pool:
        results = list(pool.map(_make_key, [str(tmp_path / "race")] * 8))

    assert len(set(results)) == 1


def _write_pair(directory, passphrase: bytes | None = None):
    key_pem, cert_pem = signing._self_signed_pair()
    if passphrase:
        key = serialization.load_pem_private_key(key_pem, password=None)
        key_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(passphrase),
        )
    key_path, cert_path = directory / "key.pem", directory / "cert.pem"
    key_path.write_bytes(key_pem)
    cert_path.write_bytes(cert_pem)
    return key_path, cert_path


def test_configured_key_with_passphrase_signs(unsigned_pdf, tmp_path, fresh_signer):
    key, cert = _write_pair(tmp_path, passphrase=b"correct horse")
    with override_settings(
        CERTIFICATE_SIGNING_KEY=str(key),
        CERTIFICATE_SIGNING_CERT=str(cert),
        CERTIFICATE_SIGNING_KEY_PASSPHRASE="correct horse",
        CERTIFICATE_SIGNING_DIR=tmp_path / "unused",
    ):
        signing.reset_signer()
        result = signing.validate_pdf(signing.sign_pdf(unsigned_pdf))

    assert result.ok
    assert not (tmp_path / "unused").exists()


def test_configured_key_with_a_wrong_passphrase_says_so(tmp_path, fresh_signer):
    key, cert = _write_pair(tmp_path, passphrase=b"correct horse")
    with override_settings(
        CERTIFICATE_SIGNING_KEY=str(key),
        CERTIFICATE_SIGNING_CERT=str(cert),
        CERTIFICATE_SIGNING_KEY_PASSPHRASE="wrong",
    ):
        signing.reset_signer()
        with pytest.raises(ImproperlyConfigured, match="PASSPHRASE"):
            signing.signer()


def test_only_one_of_key_and_certificate_is_refused(tmp_path, fresh_signer):
    key, _ = _write_pair(tmp_path)
    with override_settings(
        CERTIFICATE_SIGNING_KEY=str(key), CERTIFICATE_SIGNING_CERT=""
    ):
        signing.reset_signer()
        with pytest.raises(ImproperlyConfigured, match="both"):
            signing.signer()
