"""“View as officer”: a Wagtail preview mode on course and activity pages.

Trainers see a page as an officer enrolled in the course, with no progress
yet, would see it: the officer layout, no admin link, no editor messages,
before the page is published. The page is rendered for a stand-in officer
and enrolment that are never saved: their id (0) matches no row, so every
lookup of "this officer's" progress, attempts or certificates finds nothing,
and nothing is recorded (previews do not go through ``serve``, where views
are recorded).

Pages get the mode from :class:`OfficerPreviewMixin` (``courses.models``).
"""

from __future__ import annotations

from django.contrib.messages.storage.base import BaseStorage
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

OFFICER = "officer"

#: The stand-ins' id: no row has it (ids start at 1).
NO_ROW = 0


class NothingSaved(Exception):
    """A preview stand-in was about to be written to the database."""


def _refuse(*args, **kwargs):
    raise NothingSaved("a “view as officer” preview never writes its stand-ins")


def stand_in_officer():
    """An active officer with no groups, no permissions and no records."""
    from django.contrib.auth import get_user_model

    officer = get_user_model()(
        pk=NO_ROW,
        username="officer-preview",
        full_name=gettext("Officer (preview)"),
        is_active=True,
        is_staff=False,
        is_superuser=False,
    )
    officer.save = officer.delete = _refuse
    return officer


def stand_in_enrolment(officer, course):
    """An enrolment in ``course``, just made: nothing done, nothing due."""
    from courses.models import Enrolment

    enrolment = Enrolment(pk=NO_ROW, user=officer, course=course)
    enrolment.save = enrolment.delete = _refuse
    return enrolment


class _NoMessages(BaseStorage):
    """Message storage that shows and keeps nothing: the editor's own messages
    ("Page saved") stay for the admin instead of showing in the preview."""

    def _get(self, *args, **kwargs):
        return [], True

    def _store(self, messages, response, *args, **kwargs):
        return []


def act_as_officer(request, course):
    """Make ``request`` that of an officer just enrolled in ``course``."""
    officer = stand_in_officer()
    enrolment = stand_in_enrolment(officer, course)
    request.user = officer
    request._messages = _NoMessages(request)
    request.lms_officer_preview = True
    request.lms_course = course
    request.lms_enrolment = enrolment
    return enrolment


def officer_context(page, request, mode_name) -> dict:
    from courses.activity_view import activity_course
    from courses.models import CoursePage

    if isinstance(page, CoursePage):
        enrolment = act_as_officer(request, page)
        context = page.get_preview_context(request, mode_name)
        # Enrolled, so prerequisites are behind them and the outline opens.
        context.update(
            enrolment=enrolment, missing_prerequisites=[], refusal_message=""
        )
        return context
    course = activity_course(page)
    act_as_officer(request, course)
    context = page.get_preview_context(request, mode_name)
    if context.get("module") is None:
        # A page not yet published is not in the live outline: its module is
        # still its parent.
        parent = page.get_parent()
        context["module"] = parent.specific if parent else None
    return context


class OfficerPreviewMixin:
    """Adds the “As an officer” preview mode (the default) to a page model."""

    preview_modes = [
        (OFFICER, _("As an enrolled officer")),
        ("", _("As you (editor)")),
    ]

    def serve_preview(self, request, mode_name):
        if mode_name != OFFICER:
            return super().serve_preview(request, mode_name)
        return TemplateResponse(
            request,
            self.get_preview_template(request, mode_name),
            officer_context(self, request, mode_name),
        )
