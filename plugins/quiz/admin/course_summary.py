"""Essays to mark, per course, on the trainers' "My courses" admin panel.

Implements ``lms_course_admin_summary`` (``courses.hooks``): the number of
answers waiting for the user's mark in each course, counted as the marking
queue counts them (``plugins.quiz.admin.marking``), so a trainer sees only
their own courses' answers. Two queries whatever the number of courses.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from courses.hooks import CourseSummaryItem
from plugins.quiz.admin.marking import marking_queue


def essays_to_mark(request, courses) -> list[CourseSummaryItem]:
    if not courses:
        return []
    # Attempts belong to a course's first version; every version shows them.
    first_of_key: dict = {}
    for pk, key in (
        Page.objects.filter(translation_key__in={c.translation_key for c in courses})
        .order_by("pk")
        .values_list("pk", "translation_key")
    ):
        first_of_key.setdefault(key, pk)
    counts = dict(
        marking_queue(request.user)
        .filter(attempt__enrolment__course_id__in=set(first_of_key.values()))
        .order_by()
        .values("attempt__enrolment__course_id")
        .annotate(n=Count("pk"))
        .values_list("attempt__enrolment__course_id", "n")
    )
    url = reverse("quiz_marking:queue")
    values, urls = {}, {}
    for course in courses:
        count = counts.get(first_of_key.get(course.translation_key), 0)
        values[course.pk] = count
        if count:
            urls[course.pk] = url
    return [CourseSummaryItem(label=_("Essays to mark"), values=values, urls=urls)]
