"""The trainers' starting point in the Wagtail admin: "My courses".

Wagtail's dashboard opens on a site summary (page, image and document
counts) that tells a trainer nothing. :class:`MyCoursesPanel` comes first
instead, listing:

- for a trainer, the courses they train (with their translations);
- for a lead trainer, every course (they review them all: the "Course
  review" workflow covers the whole tree), marked "trains" where they also
  train it;
- for a platform admin, every course;
- for anyone else, nothing (the panel is not shown).

Each course (each language version a row) shows its edition and language,
whether it is live, how many of its pages await review and how many have
unpublished changes, how many officers are enrolled, the figures that
plugins add through ``lms_course_admin_summary`` (``courses.hooks``), and
links: edit, add a module, view live, and how far its translation has come
("Khmer: 40%", linked to the course's Translations view). The panel costs a
fixed number of queries whatever the number of courses.

The site summary is hidden for everyone but platform admins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from accounts.roles import LEAD_TRAINERS
from accounts.scope import scope_for
from courses.hooks import COURSE_ADMIN_SUMMARY_HOOK, CourseSummaryItem
from courses.models import CoursePage, Enrolment, ModulePage
from courses.translation_status import course_statuses


@dataclass
class CourseRow:
    """One course (one language version) on the panel."""

    course: CoursePage
    trains: bool
    awaiting_review: int = 0
    in_draft: int = 0
    enrolled: int = 0
    edit_url: str = ""
    add_module_url: str = ""
    live_url: str = ""
    extras: list[tuple[str, object, str]] = field(default_factory=list)


def is_lead_trainer(user) -> bool:
    # Group names of the user are read once and kept with the scope's cache.
    names = user.__dict__.get("_lms_group_names")
    if names is None:
        names = set(user.groups.values_list("name", flat=True))
        user.__dict__["_lms_group_names"] = names
    return LEAD_TRAINERS in names


def courses_for(user):
    """The course pages on ``user``'s panel (deny by default)."""
    if not user.is_active:
        return CoursePage.objects.none()
    scope = scope_for(user)
    if user.is_superuser or is_lead_trainer(user):
        return CoursePage.objects.all()
    if not scope.course_ids:
        return CoursePage.objects.none()
    keys = Page.objects.filter(pk__in=sorted(scope.course_ids)).values(
        "translation_key"
    )
    return CoursePage.objects.filter(translation_key__in=keys)


def _course_of(path: str, course_paths: dict[str, int]) -> int | None:
    for level in range(len(path) // Page.steplen, 0, -1):
        course_pk = course_paths.get(path[: level * Page.steplen])
        if course_pk is not None:
            return course_pk
    return None


def _subtree_q(courses) -> Q:
    q = Q(pk__in=[])
    for course in courses:
        q |= Q(path__startswith=course.path)
    return q


def _count_by_course(paths, course_paths) -> dict[int, int]:
    counts: dict[int, int] = {}
    for path in paths:
        course_pk = _course_of(path, course_paths)
        if course_pk is not None:
            counts[course_pk] = counts.get(course_pk, 0) + 1
    return counts


def course_rows(request) -> list[CourseRow]:
    """The panel's rows for ``request.user``: a fixed number of queries."""
    user = request.user
    courses = list(
        courses_for(user)
        .select_related("locale")
        .order_by("title", "path")
        .defer_streamfields()
    )
    if not courses:
        return []
    scope = scope_for(user)
    course_paths = {course.path: course.pk for course in courses}
    # Admins and lead trainers see every course: no need to spell out subtrees.
    everything = user.is_superuser or is_lead_trainer(user)
    subtree = Q() if everything else _subtree_q(courses)
    depth = min(course.depth for course in courses)

    page_type = ContentType.objects.get_for_model(Page)
    in_review = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type_id=page_type.pk,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    reviewing = _count_by_course(
        Page.objects.filter(subtree, depth__gte=depth)
        .filter(Exists(in_review))
        .values_list("path", flat=True),
        course_paths,
    )
    drafts = _count_by_course(
        Page.objects.filter(subtree, depth__gte=depth)
        .filter(Q(live=False) | Q(has_unpublished_changes=True))
        .values_list("path", flat=True),
        course_paths,
    )

    # Enrolments belong to a course's first version (courses.translations).
    first_of_key: dict = {}
    for pk, key in (
        Page.objects.filter(translation_key__in={c.translation_key for c in courses})
        .order_by("pk")
        .values_list("pk", "translation_key")
    ):
        first_of_key.setdefault(key, pk)
    enrolled = dict(
        Enrolment.objects.filter(course_id__in=set(first_of_key.values()))
        .values("course_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("course_id", "n")
    )

    extras: list[CourseSummaryItem] = [translation_summary(courses)]
    for fn in hooks.get_hooks(COURSE_ADMIN_SUMMARY_HOOK):
        extras.extend(fn(request, courses) or ())

    # A trainer assignment names one version; its translations count too.
    trained_keys = {c.translation_key for c in courses if c.pk in scope.course_ids}
    module_type = ModulePage._meta
    rows = []
    for course in courses:
        permissions = course.permissions_for_user(user)
        row = CourseRow(
            course=course,
            trains=course.translation_key in trained_keys,
            awaiting_review=reviewing.get(course.pk, 0),
            in_draft=drafts.get(course.pk, 0),
            enrolled=enrolled.get(first_of_key.get(course.translation_key), 0),
        )
        if permissions.can_edit():
            row.edit_url = reverse("wagtailadmin_pages:edit", args=[course.pk])
        if permissions.can_add_subpage():
            row.add_module_url = reverse(
                "wagtailadmin_pages:add",
                args=[module_type.app_label, module_type.model_name, course.pk],
            )
        if course.live:
            row.live_url = course.get_url(request) or ""
        for item in extras:
            if course.pk in item.values or course.pk in item.urls:
                row.extras.append(
                    (item.label, item.values.get(course.pk), item.urls.get(course.pk))
                )
        rows.append(row)
    return rows


def translation_summary(courses) -> CourseSummaryItem:
    """Each course's translation ("Khmer: 40%"), linked to its Translations
    view (``courses.authoring.translation_admin``). Everyone on the panel
    may open that view: trainers see only the courses they train."""
    item = CourseSummaryItem(label=_("Translation"))
    for pk, status in course_statuses(courses).items():
        language = status.locale.language_code
        item.values[pk] = _("%(language)s: %(status)s") % {
            "language": status.locale.get_display_name(),
            "status": status.label,
        }
        item.urls[pk] = (
            reverse("courses_translations", args=[pk]) + f"?language={language}"
        )
    return item


class MyCoursesPanel(Component):
    name = "lms_my_courses"
    template_name = "courses/authoring/my_courses_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        rows = course_rows(self.request)
        extra_labels = []
        for row in rows:
            for label, _value, _url in row.extras:
                if label not in extra_labels:
                    extra_labels.append(label)
        return {
            "rows": rows,
            "extra_labels": extra_labels,
            "request": self.request,
            "heading": _("My courses"),
        }


def shows_my_courses(user) -> bool:
    return user.is_active and (
        user.is_superuser or is_lead_trainer(user) or scope_for(user).is_trainer
    )


@hooks.register("construct_homepage_panels")
def add_my_courses_panel(request, panels):
    if shows_my_courses(request.user):
        panels.insert(0, MyCoursesPanel(request))


@hooks.register("construct_homepage_summary_items", order=1000)
def hide_site_summary(request, summary_items):
    # Page, image and document counts are for platform admins; trainers
    # start from their courses. Last (order=1000): Wagtail's apps add their
    # items from hooks that run after ours otherwise.
    if not request.user.is_superuser:
        summary_items.clear()
