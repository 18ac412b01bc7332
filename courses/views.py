from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.dashboard import dashboard_context
from courses.enrolment import EnrolmentRefused, enrol
from courses.models import CoursePage, Enrolment, LessonPage
from courses.outline import course_outline
from courses.study import InvalidVisit, record_confirmation, record_study, study_status


@login_required
def dashboard(request):
    return render(request, "courses/dashboard.html", dashboard_context(request.user))


@login_required
@require_POST
def enrol_in_course(request, course_id: int):
    """Enrol the signed-in officer; go to the first lesson, or say why not."""
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        enrolment, created = enrol(request.user, course)
    except EnrolmentRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(course.get_url(request))
    if created:
        messages.success(
            request, _("You are enrolled in “%s”.") % course.localized_title
        )
    first = next(iter(course_outline(course).activities), None)
    return redirect(first.get_url(request) if first else course.get_url(request))


# Lesson study: the reports of the lesson page's script, and its buttons. ----------


def _lesson_and_enrolment(request, page_id: int):
    """The live lesson (record version) and the officer's enrolment, or a refusal.

    Deny by default: a page that is not a live lesson is 404; an officer not
    enrolled in its course (staff included: they preview instead) is 403.
    """
    from courses.activity_view import activity_course
    from courses.translations import record_course, record_page

    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    record = record_course(activity_course(lesson))
    if record is None:
        raise Http404
    enrolment = Enrolment.objects.filter(user=request.user, course=record).first()
    if enrolment is None:
        raise PermissionDenied(_("You are not enrolled in this lesson's course."))
    return lesson, record_page(lesson, record).specific, enrolment


@require_POST
def study_report(request, page_id: int):
    """Credit the study time and end-of-lesson reported by the lesson page.

    Form fields: ``visit`` (the signed visit token of the page view),
    ``seconds`` (that visit's cumulative active seconds), ``end`` ("1" once
    the end of the lesson was in view). Answers JSON: the lesson's status
    (``courses.study.StudyStatus.as_json``), or ``{"error": ...}`` with 400
    for bad input, 403 when not signed in or not enrolled.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Sign in to record your study.")}, status=403)
    try:
        _lesson, record, enrolment = _lesson_and_enrolment(request, page_id)
    except PermissionDenied as refusal:
        return JsonResponse({"error": str(refusal)}, status=403)
    try:
        seconds = int(request.POST.get("seconds", ""))
        if seconds < 0:
            raise ValueError
    except ValueError:
        return JsonResponse(
            {"error": _("“seconds” must be a whole number of seconds, 0 or more.")},
            status=400,
        )
    try:
        progress = record_study(
            enrolment,
            record,
            request.POST.get("visit", ""),
            seconds,
            request.POST.get("end") == "1",
        )
    except InvalidVisit as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(study_status(record, progress).as_json())


@login_required
@require_POST
def confirm_lesson(request, page_id: int):
    """The "I have read this" button: a plain form, so it works without script."""
    lesson, record, enrolment = _lesson_and_enrolment(request, page_id)
    progress = record_confirmation(enrolment, record)
    if progress.completed_at is not None:
        messages.success(request, _("Lesson complete."))
    else:
        messages.info(request, study_status(record, progress).message)
    return redirect(lesson.get_url(request) + "#study-status")
