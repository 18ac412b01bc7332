"""The demo's certificate design (``manage.py load_demo``, see ``courses.hooks``).

Registered from ``certificates/wagtail_hooks.py``. Idempotent: an existing
design of the same name is left as it is, so an admin's edits survive.
"""

from __future__ import annotations

from wagtail import hooks

from courses.hooks import DEMO_CONTENT_HOOK

DEMO_DESIGN_NAME = "Frontline Officer Learning"
EDITION = "2026"


def load_demo_certificate_design(report, courses) -> None:
    from certificates.models import CertificateDesign, DesignSignatory

    design = CertificateDesign.objects.filter(name=DEMO_DESIGN_NAME).first()
    created = design is None
    if created:
        design = CertificateDesign.objects.create(
            name=DEMO_DESIGN_NAME,
            layout="classic",
            is_default=not CertificateDesign.objects.filter(is_default=True).exists(),
            issuer_name="Frontline Officer Learning Programme",
            issuer_name_km="កម្មវិធីសិក្សាសម្រាប់មន្ត្រីជួរមុខ",
        )
        DesignSignatory.objects.create(
            design=design,
            sort_order=0,
            name="Programme Coordinator",
            name_km="អ្នកសម្របសម្រួលកម្មវិធី",
            title="Capacity Building Unit",
            title_km="អង្គភាពកសាងសមត្ថភាព",
        )
    report.count("certificate designs", created)
    for course in courses.values():
        if not course.edition:
            course.edition = EDITION
            course.save_revision().publish()


hooks.register(DEMO_CONTENT_HOOK, load_demo_certificate_design)
