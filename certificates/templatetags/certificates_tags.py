"""Certificate links for other apps' templates (the dashboard, the course page).

The ``courses`` app's Python code never imports ``certificates``; its
templates load these tags instead. Each lookup is one query, whatever the
number of courses::

    {% load certificates_tags %}
    {% certificates_by_course user as certificates %}       {# one query #}
    {% with certificate=certificates|certificate_for:course.pk %}
      {% if certificate %}{% certificate_actions certificate %}{% endif %}
    {% endwith %}

    {% course_certificate user page as certificate %}       {# one query #}
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from certificates.bulk import has_stored_pdf as _has_stored_pdf
from certificates.models import Certificate
from courses.translations import record_course

register = template.Library()


@register.simple_tag
def certificates_by_course(user) -> dict[int, Certificate]:
    """``user``'s own certificates by course page id (no query if anonymous)."""
    if user is None or not user.is_authenticated:
        return {}
    return {
        certificate.course_id: certificate
        for certificate in Certificate.objects.filter(user=user)
    }


@register.filter
def certificate_for(certificates: dict, course_pk) -> Certificate | None:
    """The certificate for one course out of :func:`certificates_by_course`."""
    return (certificates or {}).get(course_pk)


@register.simple_tag
def course_certificate(user, course) -> Certificate | None:
    """``user``'s certificate for ``course`` (any language version: the
    certificate is kept against the course's record version), or ``None``."""
    if user is None or not user.is_authenticated or course is None:
        return None
    return Certificate.objects.filter(
        user=user, course_id=record_course(course).pk
    ).first()


@register.filter
def has_stored_pdf(certificate: Certificate) -> bool:
    """Whether the certificate's PDF can be downloaded now."""
    return _has_stored_pdf(certificate)


@register.filter
def course_title_shown(certificate: Certificate) -> str:
    """The course title as printed, in the active language where there is one."""
    if get_language() == "km" and certificate.course_title_km:
        return certificate.course_title_km
    return certificate.course_title


@register.filter
def course_title_lang(certificate: Certificate) -> str:
    """The ``lang`` of :func:`course_title_shown`."""
    return "km" if get_language() == "km" and certificate.course_title_km else "en"


@register.inclusion_tag("certificates/includes/certificate_actions.html")
def certificate_actions(certificate: Certificate) -> dict:
    """Status, download link (or why there is none yet) and verification link."""
    return {"certificate": certificate}
