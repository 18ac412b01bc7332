"""The learner's place in the site header ("My learning"), and who is a learner.

Registered through ``lms_register_header_links`` (``accounts.hooks``) when
``courses.wagtail_hooks`` is imported.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.hooks import HEADER_LINKS_HOOK
from accounts.navigation import LANDING_LEARNER, HeaderLink, Viewer


def is_learner(viewer: Viewer) -> bool:
    """An officer (no other role), or anyone with a role who is enrolled.

    Staff without enrolments would only find an empty page there. The
    enrolment lookup runs once per request, and only for staff.
    """
    if not viewer.is_authenticated:
        return False
    if viewer.is_officer_only:
        return True

    def enrolled() -> bool:
        from courses.models import Enrolment

        return Enrolment.objects.filter(user_id=viewer.user_id).exists()

    return viewer.remember("courses.enrolled", enrolled)


def _lands(viewer: Viewer):
    return LANDING_LEARNER if is_learner(viewer) else None


@hooks.register(HEADER_LINKS_HOOK, order=-100)
def register_learning_link():
    return [
        HeaderLink(
            identifier="learning",
            label=_("My learning"),
            url="courses:dashboard",
            shown_to=is_learner,
            lands=_lands,
            order=10,
        )
    ]
