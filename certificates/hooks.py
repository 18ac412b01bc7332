"""Extension points that the certificates app offers to plugins.

``lms_register_certificate_layouts``
    Implemented in a plugin's ``wagtail_hooks.py`` by a function that takes no
    arguments and returns a list of
    :class:`certificates.layouts.base.CertificateLayout` instances.
    Identifier: ``layout.identifier``; it is stored on every certificate design,
    so it must never be renamed. Two layouts with the same identifier are
    refused. Wagtail's ``order=`` decides the order admins see them in.

A design whose layout is no longer installed falls back to the built-in
``classic`` layout when rendering, and a system check warns about it.
"""

from __future__ import annotations

from lms.registry import Registry

CERTIFICATE_LAYOUTS_HOOK = "lms_register_certificate_layouts"


def _validate_layout(item):
    from certificates.layouts.base import CertificateLayout

    if not isinstance(item, CertificateLayout):
        raise TypeError(
            f"{CERTIFICATE_LAYOUTS_HOOK} must return CertificateLayout instances, "
            f"got {item!r}"
        )


certificate_layouts = Registry(
    CERTIFICATE_LAYOUTS_HOOK,
    kind="certificate layout",
    identify=lambda item: item.identifier,
    validate=_validate_layout,
)


def layout_choices() -> list[tuple[str, str]]:
    """``(identifier, label)`` of every installed layout, for forms."""
    return [(layout.identifier, str(layout.label)) for layout in certificate_layouts]


COURSE_SCORE_HOOK = "lms_certificate_course_score"
"""``lms_certificate_course_score``
    Implemented by a function taking an ``enrolment`` (a completed
    ``courses.Enrolment``) and returning the officer's score in the course as a
    percentage (a ``Decimal`` between 0 and 100), or ``None`` when the plugin
    has nothing graded in that course. The quiz plugin implements it. When
    several plugins return a score, the certificate prints their mean.
"""


def course_score(enrolment):
    """The score printed on ``enrolment``'s certificate, or ``None``."""
    from decimal import ROUND_HALF_UP, Decimal

    from wagtail import hooks

    scores = [
        Decimal(score)
        for implementation in hooks.get_hooks(COURSE_SCORE_HOOK)
        if (score := implementation(enrolment)) is not None
    ]
    if not scores:
        return None
    mean = sum(scores) / len(scores)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
