from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_POST

from courses.completion import record_event
from courses.models import Enrolment, LessonPage

app_name = "sample_plugin"


@login_required
@require_POST
def acknowledge(request, page_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=page_id)
    course = lesson.get_parent().get_parent()
    enrolment = get_object_or_404(Enrolment, user=request.user, course_id=course.pk)
    progress = record_event(enrolment, lesson, "acknowledged")
    return JsonResponse({"completed": progress.completed_at is not None})


urlpatterns = [path("acknowledge/<int:page_id>/", acknowledge, name="acknowledge")]
