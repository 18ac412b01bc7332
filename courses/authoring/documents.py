"""Who may download a document from the library, checked on every download.

Documents (PDFs, videos, caption files...) are served by Wagtail's serve view
(``WAGTAILDOCS_SERVE_METHOD = "serve_view"``, so links never point at the
media storage). Before it sends a file, its ``before_serve_document`` hooks
run; ours lets through:

- users who may choose or edit the document in the admin (trainers with
  document permissions on its collection, admins), through Wagtail's document
  permission policy;
- signed-in officers enrolled in a course that uses the document on a live
  page: the course page itself or any page under it. Uses come from Wagtail's
  reference index (rich text links, document blocks, media blocks and their
  caption tracks). A course's translations count as the same course.

Anonymous visitors are sent to sign in; everyone else gets a 403. Only the
live version of a page counts: the reference index holds what the page row
holds, which for a published page is its live content (draft edits live in
revisions) and for a never-published page is the draft, which ``live``
filters out.

For byte-range requests (video seeking) the hook answers itself once access
is granted: see :mod:`courses.authoring.byte_ranges`.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import BigIntegerField
from django.db.models.functions import Cast
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from courses.authoring.byte_ranges import partial_response

#: Document permissions that make a user an editor of the document library.
EDITOR_ACTIONS = ("choose", "change")


def may_manage(user, document) -> bool:
    """Whether ``user`` may choose or edit ``document`` in the admin."""
    policy = policy_registry.get_by_type(get_document_model())
    return policy.user_has_any_permission_for_instance(user, EDITOR_ACTIONS, document)


def using_courses(document):
    """Courses whose page, or a live page under it, references ``document``.

    Three queries at most, whatever the number of pages using it.
    """
    from courses.models import CoursePage

    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .annotate(page_id=Cast("object_id", BigIntegerField()))
        .values("page_id")
    )
    paths = Page.objects.filter(pk__in=page_ids, live=True).values_list(
        "path", flat=True
    )
    steplen = Page.steplen
    ancestors = {
        path[:end] for path in paths for end in range(steplen, len(path) + 1, steplen)
    }
    if not ancestors:
        return CoursePage.objects.none()
    return CoursePage.objects.filter(path__in=ancestors)


def enrolled_in_a_course_using(user, document) -> bool:
    from courses.models import Enrolment

    keys = list(using_courses(document).values_list("translation_key", flat=True))
    return bool(keys) and (
        Enrolment.objects.filter(user=user, course__translation_key__in=keys).exists()
    )


def may_download(user, document) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return may_manage(user, document) or enrolled_in_a_course_using(user, document)


# Runs after Wagtail's own collection view restrictions (order 0), so a range
# response never skips them.
@hooks.register("before_serve_document", order=100)
def check_document_access(document, request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_download(request.user, document):
        raise PermissionDenied
    # Wagtail streams whole files only (no Range support): answer range
    # requests here, after the check. ``None`` lets Wagtail serve the file.
    return partial_response(request, document)
