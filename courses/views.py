from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.dashboard import dashboard_context
from courses.enrolment import EnrolmentRefused, enrol
from courses.models import CoursePage
from courses.outline import course_outline


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
