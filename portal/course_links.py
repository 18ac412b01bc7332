"""A "Reports" link per course on the trainers' "My courses" admin panel.

Implements ``lms_course_admin_summary`` (``courses.hooks``): for each course
the user may report on (the courses they train; every course for admins),
a link to the portal's completions report filtered to that course. Reports
filter on a course's first version (``courses.translations``), so every
language version links there. One query whatever the number of courses.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.scope import scope_for
from courses.hooks import CourseSummaryItem
from portal.access import may_use_portal

REPORT = "completions"


def course_report_links(request, courses) -> list[CourseSummaryItem]:
    user = request.user
    if not courses or not may_use_portal(user):
        return []
    scope = scope_for(user)
    first_of_key: dict = {}
    for pk, key in (
        Page.objects.filter(translation_key__in={c.translation_key for c in courses})
        .order_by("pk")
        .values_list("pk", "translation_key")
    ):
        first_of_key.setdefault(key, pk)
    base = reverse("portal:report", args=[REPORT])
    urls = {}
    for course in courses:
        record = first_of_key.get(course.translation_key, course.pk)
        if scope.is_admin or record in scope.course_ids:
            urls[course.pk] = f"{base}?{urlencode({'course': record})}"
    return [CourseSummaryItem(label=_("Reports"), urls=urls)]
