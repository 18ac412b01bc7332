"""Certificate designs, issued certificates, their PDFs and audit trail."""

from certificates.models.certificate import (
    Certificate,
    CertificateEvent,
    CertificatePdf,
    CertificateQuerySet,
    CertificateReminder,
)
from certificates.models.designs import (
    CertificateDesign,
    DesignLogo,
    DesignSignatory,
)

__all__ = [
    "Certificate",
    "CertificateDesign",
    "CertificateEvent",
    "CertificatePdf",
    "CertificateQuerySet",
    "CertificateReminder",
    "DesignLogo",
    "DesignSignatory",
]
