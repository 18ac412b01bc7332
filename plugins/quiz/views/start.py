"""Starting (or continuing) an attempt from the quiz page's button."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.activity_view import activity_course
from courses.models import Enrolment
from courses.translations import page_language, record_course, record_page
from plugins.quiz.models import Attempt, QuizPage
from plugins.quiz.request_data import BadRequestData, parse_form
from plugins.quiz.taking import QuizUnavailable, start_attempt
from plugins.quiz.views.access import attempt_url, problem_page, result_url
from plugins.quiz.views.responses import FormError, parse_sequence


@require_POST
def start(request, quiz_id: int):
    """Start the attempt the button offered (``number``), once, then open it.

    A double click posts the same ``number`` twice; the second post gets the
    attempt the first one started, never another.
    """
    quiz = QuizPage.objects.live().filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.get_url(request))
    shown_quiz, course = quiz, activity_course(quiz)
    # Attempts belong to the course's record version of the quiz, whichever
    # language version the officer started from (courses.translations).
    record = record_course(course)
    quiz = record_page(quiz, record)
    enrolment = Enrolment.objects.filter(user=request.user, course=record).first()
    if enrolment is None:
        messages.info(request, _("Enrol in this course to open its lessons."))
        return redirect(course.get_url(request))
    try:
        data = parse_form(request)
        unknown = set(data) - {"csrfmiddlewaretoken", "number"}
        if unknown:
            name = sorted(unknown)[0][:60]
            raise FormError(
                name,
                _("This form does not ask for a field named “%(name)s”.")
                % {"name": name},
            )
        number = parse_sequence(data, "number")
    except (BadRequestData, FormError) as error:
        return problem_page(
            request,
            field=error.field,
            message=error.message,
            status=getattr(error, "status", 400),
        )
    can_edit = quiz.draft and quiz.permissions_for_user(request.user).can_edit()
    try:
        attempt, _created = start_attempt(
            quiz, enrolment, expected_number=number, can_edit=can_edit
        )
    except QuizUnavailable as refusal:
        messages.error(request, refusal.message)
        return redirect(shown_quiz.get_url(request))
    # The questions show in the language of the version it was taken from
    # (started or continued: the officer may switch versions in between).
    language = page_language(shown_quiz)
    if attempt.content_language != language:
        attempt.content_language = language
        Attempt.objects.filter(pk=attempt.pk).update(content_language=language)
    if attempt.is_finished:
        return redirect(result_url(attempt))
    return redirect(attempt_url(attempt))
