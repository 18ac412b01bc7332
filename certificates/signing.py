"""PAdES signatures on certificate PDFs (pyHanko), and their validation.

Every issued PDF carries a certification signature (PAdES baseline B-B,
SHA-256, "no changes allowed") made with the platform's key, so any change to
the file shows as a broken signature in a PDF reader.

Key and certificate (PEM files) come from ``CERTIFICATE_SIGNING_KEY`` and
``CERTIFICATE_SIGNING_CERT`` (passphrase: ``CERTIFICATE_SIGNING_KEY_PASSPHRASE``).
Keep them outside the web process where possible: only render processes and
the task worker need them. When both settings are empty (development, tests),
a self-signed pair is generated once into ``CERTIFICATE_SIGNING_DIR``; the
system check ``certificates.E001`` refuses that in production.
"""

from __future__ import annotations

import datetime
import fcntl
import os
import threading
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEV_KEY_NAME = "signing-key.pem"
DEV_CERT_NAME = "signing-cert.pem"
SIGNATURE_FIELD = "CertificateSignature"
# Room for the CMS signature in the file, beyond the certificates it embeds
# and the raw signature: signed attributes and DER overhead, with a margin.
# Reserving it avoids pyHanko's size estimate, which signs every file twice.
SIGNATURE_OVERHEAD_BYTES = 3 * 1024

_lock = threading.Lock()
_signer = None
_signer_pid = None


@dataclass(frozen=True)
class KeyFiles:
    """Where the signing key and certificate are read from."""

    key: Path
    cert: Path
    passphrase: bytes | None
    generated: bool


def configured_key_files() -> KeyFiles | None:
    """The key files named in settings, or ``None`` when both are empty.

    Raises ``ImproperlyConfigured`` when only one of the two is set.
    """
    key = settings.CERTIFICATE_SIGNING_KEY
    cert = settings.CERTIFICATE_SIGNING_CERT
    if not key and not cert:
        return None
    if not (key and cert):
        raise ImproperlyConfigured(
            "Set both CERTIFICATE_SIGNING_KEY and CERTIFICATE_SIGNING_CERT (PEM "
            "files), or neither to use a generated development key."
        )
    passphrase = settings.CERTIFICATE_SIGNING_KEY_PASSPHRASE
    return KeyFiles(
        Path(key), Path(cert), passphrase.encode() if passphrase else None, False
    )


def key_files() -> KeyFiles:
    """The configured key files, else the development pair (made if missing)."""
    return configured_key_files() or ensure_development_key()


def ensure_development_key(directory: Path | None = None) -> KeyFiles:
    """A self-signed RSA key and certificate in ``directory``, made once.

    Safe when several processes start at once: an exclusive lock on the
    directory serialises them, and each file is written under a temporary name
    and renamed into place (the key first, the certificate last, so a reader
    that finds the certificate finds its key).
    """
    directory = Path(directory or settings.CERTIFICATE_SIGNING_DIR)
    key_path, cert_path = directory / DEV_KEY_NAME, directory / DEV_CERT_NAME
    if cert_path.exists() and key_path.exists():
        return KeyFiles(key_path, cert_path, None, True)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cert_path.exists() and key_path.exists()):
            key_pem, cert_pem = _self_signed_pair()
            _write_private(key_path, key_pem, 0o600)
            _write_private(cert_path, cert_pem, 0o644)
    return KeyFiles(key_path, cert_path, None, True)


def _write_private(path: Path, data: bytes, mode: int) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    # Created with its final mode: the key is never readable by others.
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(partial, mode)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _self_signed_pair() -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "LMS certificate signing (dev)"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Development only"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def signer():
    """This process's pyHanko signer, loaded once (and again after a fork)."""
    global _signer, _signer_pid
    if _signer is not None and _signer_pid == os.getpid():
        return _signer
    with _lock:
        if _signer is None or _signer_pid != os.getpid():
            files = key_files()
            loaded = _load_signer(files)
            _signer, _signer_pid = loaded, os.getpid()
    return _signer


def _load_signer(files: KeyFiles):
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    try:
        key = load_private_key_from_pemder(str(files.key), passphrase=files.passphrase)
        cert = load_cert_from_pemder(str(files.cert))
    except (OSError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"The certificate signing key {files.key} or certificate {files.cert} "
            f"cannot be read: {error}. Check the paths, that they are PEM files, "
            "and CERTIFICATE_SIGNING_KEY_PASSPHRASE."
        ) from error
    return _cached_key_signer_class()(
        signing_cert=cert, signing_key=key, cert_registry=SimpleCertificateStore()
    )


def _cached_key_signer_class():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ec import ECDSA
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from pyhanko.sign.general import get_pyca_cryptography_hash
    from pyhanko.sign.signers import SimpleSigner

    class CachedKeySigner(SimpleSigner):
        """pyHanko's ``SimpleSigner`` parses the private key again for every
        signature; for an RSA key that check costs over 100 ms. Parse it once."""

        _private_key = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            try:
                algorithm = mechanism.signature_algo
            except ValueError:
                algorithm = mechanism["algorithm"].native
            if algorithm not in ("rsassa_pkcs1v15", "ecdsa"):
                return super().sign_raw(data, digest_algorithm)
            if self._private_key is None:
                self._private_key = serialization.load_der_private_key(
                    self.signing_key.dump(), password=None
                )
            hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
            if algorithm == "ecdsa":
                return self._private_key.sign(data, ECDSA(hash_algorithm))
            return self._private_key.sign(data, PKCS1v15(), hash_algorithm)

    return CachedKeySigner


def reset_signer() -> None:
    """Forget the loaded signer (tests that change the key settings)."""
    global _signer
    with _lock:
        _signer = None


def sign_pdf(pdf: bytes) -> bytes:
    """``pdf`` with a PAdES certification signature by the platform's key."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason="Certificate issued by the learning platform",
    )
    output = BytesIO()
    platform_signer = signer()
    signers.sign_pdf(
        writer,
        meta,
        signer=platform_signer,
        output=output,
        bytes_reserved=_bytes_reserved(platform_signer),
    )
    return output.getvalue()


def _bytes_reserved(platform_signer) -> int:
    certificates = [platform_signer.signing_cert, *platform_signer.cert_registry]
    size = sum(len(cert.dump()) for cert in certificates)
    size += platform_signer.signing_cert.public_key.byte_size + SIGNATURE_OVERHEAD_BYTES
    return -(-size // 1024) * 1024


def platform_certificate():
    """The platform's signing certificate (an ``asn1crypto`` certificate)."""
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(key_files().cert))


@dataclass(frozen=True)
class Validation:
    """What pyHanko's validator says about a PDF's signature.

    ``intact``: the signed bytes are unchanged; ``valid``: the signature is
    cryptographically sound; ``trusted``: it was made with the platform's
    certificate; ``ok``: all of these, covering the whole file.
    """

    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    signer: str = ""
    signed_at: datetime.datetime | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return (
            self.signed
            and self.intact
            and self.valid
            and self.trusted
            and self.covers_whole_file
        )


def validate_pdf(pdf: bytes) -> Validation:
    """Validate the first signature of ``pdf`` against the platform certificate.

    Never raises for a damaged or unsigned file: the answer says what is wrong.
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    unsigned = Validation(False, False, False, False, False)
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # a damaged file: pyHanko raises many kinds
        return Validation(False, False, False, False, False, error=str(error)[:300])
    if not signatures:
        return unsigned
    context = ValidationContext(
        trust_roots=[platform_certificate()], allow_fetching=False
    )
    try:
        status = validate_pdf_signature(signatures[0], context)
    except Exception as error:
        return Validation(True, False, False, False, False, error=str(error)[:300])
    return Validation(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=status.signing_cert.subject.human_friendly,
        signed_at=status.signer_reported_dt,
    )
