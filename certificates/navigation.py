"""The learner's certificates in the site header ("My certificates").

Registered through ``lms_register_header_links`` (``accounts.hooks``) when
``certificates.wagtail_hooks`` is imported. Shown to the same people as
"My learning": a certificate comes from an enrolment.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.hooks import HEADER_LINKS_HOOK
from accounts.navigation import HeaderLink
from courses.navigation import is_learner


@hooks.register(HEADER_LINKS_HOOK, order=-100)
def register_certificates_link():
    return [
        HeaderLink(
            identifier="certificates",
            label=_("My certificates"),
            url="certificates:mine",
            shown_to=is_learner,
            order=20,
        )
    ]
