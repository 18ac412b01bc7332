"""Serving activity pages: only to enrolled officers, recording each view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from courses.completion import VIEWED, record_event
from courses.models import Enrolment
from courses.outline import course_outline
from courses.translations import language_versions, record_course, record_page


def activity_course(page):
    """The course an activity belongs to (its nearest course ancestor), one query."""
    from courses.models import CoursePage

    return CoursePage.objects.ancestor_of(page).order_by("-depth").first()


def serve_activity(page, request, render, *args, **kwargs):
    """Gate an activity page, record the view, then ``render`` it.

    Anonymous visitors are sent to sign in; signed-in officers who are not
    enrolled go to the course page with a message. Enrolment is the only way in:
    page editors use Wagtail's preview instead. Whichever language version is
    open, the view is recorded against the course's record version
    (``courses.translations``).
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    course = activity_course(page)
    record = record_course(course)
    enrolment = (
        Enrolment.objects.filter(user=request.user, course=record)
        .select_related("course")
        .first()
    )
    if enrolment is None:
        messages.info(request, _("Enrol in this course to open its lessons."))
        return redirect(course.get_url(request))
    request.lms_enrolment = enrolment
    request.lms_course = course
    if request.method == "GET":
        # Opening records "viewed" (and ``opened_at``); it completes the page
        # only under a rule that says so. Lessons are completed by study.
        request.lms_record_page = record_page(page, record)
        request.lms_progress = record_event(enrolment, request.lms_record_page, VIEWED)
    return render(request, *args, **kwargs)


def activity_context(page, request) -> dict:
    """Course, module, previous/next activity and progress for the template."""
    course = getattr(request, "lms_course", None) or activity_course(page)
    outline = course_outline(course)
    previous, following = outline.neighbours(page)
    module = next((m.module for m in outline.modules if page in m.activities), None)
    return {
        "course": course,
        "module": module,
        "previous_activity": previous,
        "next_activity": following,
        "enrolment": getattr(request, "lms_enrolment", None),
        "language_versions": language_versions(page),
        **study_context(page, request),
    }


def study_context(page, request) -> dict:
    """The lesson's completion status, and its visit token for the study script.

    Only lessons have one. A preview ("view as officer") shows the status of
    an officer who has just started and reports nothing.
    """
    from courses.models import LessonPage
    from courses.study import issue_visit, study_status

    if not isinstance(page, LessonPage):
        return {}
    record = getattr(request, "lms_record_page", None)
    progress = getattr(request, "lms_progress", None)
    enrolment = getattr(request, "lms_enrolment", None)
    status = study_status((record or page).specific, progress)
    context = {"study": status, "study_page_id": (record or page).pk}
    if progress is not None and enrolment is not None and enrolment.pk:
        context["study_visit"] = issue_visit(enrolment, record)
    return context
