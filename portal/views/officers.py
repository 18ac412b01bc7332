"""The officer list (search, filters, progress per officer) and one officer's page.

The list filters with ``EXISTS`` conditions and counts the enrolments of the
officers on the page in one grouped query, so a page of 50 runs the same
queries as a page of 5, and 10,000 officers the same as 10.
Officers outside the user's scope are not in any queryset here: asking for
one by number gives 404.
"""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.activation import status as activation_status
from accounts.geography import province_choices
from accounts.models import User
from certificates.models import Certificate
from courses.models import CoursePage, Enrolment
from courses.models.progress import overdue_q
from courses.progress import progress_for_enrolments
from courses.translations import record_versions
from portal.access import reviewer_required
from portal.dashboard import (
    enrolments_in_scope,
    officers_in_scope,
    unit_ids,
    units_for,
)
from portal.views.dashboard import UnitChoiceField

PER_PAGE = 50

NOT_ENROLLED = "not_enrolled"
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETE = "complete"
OVERDUE = "overdue"
STATUS_CHOICES = [
    ("", _("Any")),
    (NOT_ENROLLED, _("Not enrolled")),
    (NOT_STARTED, _("Not started")),
    (IN_PROGRESS, _("In progress")),
    (COMPLETE, _("Complete")),
    (OVERDUE, _("Overdue")),
]


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.localized_title


class OfficerFilterForm(forms.Form):
    """Search and filters of the officer list. Units are the user's only."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name (Latin or Khmer script), staff ID or email."),
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    unit = UnitChoiceField(
        label=_("Unit"), queryset=None, required=False, empty_label=_("All my units")
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    course = CourseChoiceField(
        label=_("Course"), queryset=None, required=False, empty_label=_("Any course")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=STATUS_CHOICES,
        help_text=_("In the chosen course, or in any course."),
    )
    activation = forms.ChoiceField(
        label=_("Activation"),
        required=False,
        choices=[("", _("Any"))] + activation_status.CHOICES,
        help_text=_("Whether the officer has set a password yet."),
    )

    def __init__(self, data=None, *, user):
        super().__init__(data)
        self.fields["unit"].queryset = units_for(user)
        self.fields["province"].choices = [("", _("All provinces"))] + list(
            province_choices()
        )
        # Published courses and any course the user's officers are enrolled in
        # (a course unpublished after officers took it still has their results).
        self.fields["course"].queryset = record_versions(
            CoursePage.objects.filter(
                Q(live=True) | Q(pk__in=enrolments_in_scope(user).values("course_id"))
            ).order_by("title")
        )


def officer_rows(user, filters: dict, today=None):
    """Officers in ``user``'s scope matching ``filters``, by name.

    The status filters are ``EXISTS`` conditions on the officer's enrolments
    (in the chosen course, or in any): no ``GROUP BY`` over every officer, so
    counting and paging stay cheap at tens of thousands of officers. The
    counts shown per officer are added to one page by :func:`with_progress`.
    """
    today = today or timezone.localdate()
    # A semi-join on the scoped officers: ``visible_to`` is DISTINCT, and a
    # DISTINCT over every column makes counting the list slow.
    officers = User.objects.filter(
        pk__in=officers_in_scope(user).values("pk")
    ).select_related("organisation")
    query = " ".join((filters.get("q") or "").split())
    if query:
        officers = officers.filter(
            Q(full_name__icontains=query)
            | Q(full_name_km__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(staff_id__icontains=query)
            | Q(email__icontains=query)
            | Q(username__iexact=query)
        )
    ids = unit_ids(filters.get("unit"))
    if ids is not None:
        officers = officers.filter(organisation_id__in=ids)
    if filters.get("province"):
        officers = officers.filter(province=filters["province"])

    course = filters.get("course")
    enrolments = Enrolment.objects.visible_to(user).filter(user_id=OuterRef("pk"))
    if course:
        enrolments = enrolments.filter(course=course)
    incomplete = enrolments.filter(completed_at__isnull=True)
    begun = enrolments.filter(
        Q(completed_at__isnull=False) | Q(last_accessed_at__isnull=False)
    )
    status = filters.get("status")
    if status == NOT_ENROLLED:
        officers = officers.filter(~Exists(enrolments))
    elif status == NOT_STARTED:
        officers = officers.filter(Exists(enrolments), ~Exists(begun))
    elif status == IN_PROGRESS:
        officers = officers.filter(Exists(incomplete), Exists(begun))
    elif status == COMPLETE:
        officers = officers.filter(Exists(enrolments), ~Exists(incomplete))
    elif status == OVERDUE:
        officers = officers.filter(Exists(incomplete.filter(overdue_q(today))))
    elif course:
        officers = officers.filter(Exists(enrolments))
    officers = activation_status.filter_users(officers, filters.get("activation"))
    return officers.order_by("full_name", "username", "pk")


def with_progress(user, officers, course=None, today=None) -> list:
    """``officers`` (one page) with ``enrolled``, ``completed`` and ``overdue``
    set on each, counted in one grouped query (in ``course`` if given)."""
    today = today or timezone.localdate()
    officers = list(officers)
    enrolments = Enrolment.objects.visible_to(user).filter(
        user_id__in=[officer.pk for officer in officers]
    )
    if course:
        enrolments = enrolments.filter(course=course)
    counts = {
        row["user_id"]: row
        for row in enrolments.order_by()
        .values("user_id")
        .annotate(
            enrolled=Count("id"),
            completed=Count("id", filter=Q(completed_at__isnull=False)),
            overdue=Count("id", filter=overdue_q(today)),
        )
    }
    empty = {"enrolled": 0, "completed": 0, "overdue": 0}
    for officer in officers:
        row = counts.get(officer.pk, empty)
        officer.enrolled = row["enrolled"]
        officer.completed = row["completed"]
        officer.overdue = row["overdue"]
    return officers


@reviewer_required
def officer_list(request):
    form = OfficerFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    paginator = Paginator(
        activation_status.with_live_code(officer_rows(request.user, filters)),
        PER_PAGE,
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = with_progress(
        request.user, page.object_list, course=filters.get("course")
    )
    standings = activation_status.statuses_for(page.object_list)
    for officer in page.object_list:
        officer.activation = standings[officer.pk]
    return render(
        request,
        "portal/officers/list.html",
        {
            "form": form,
            "page_obj": page,
            "is_filtered": any(filters.get(name) for name in form.fields),
        },
    )


def quiz_results(user, officer) -> list[dict]:
    """Finished attempts per quiz (best score, passed or not), if the quiz plugin
    is installed; read through ``Attempt.objects.visible_to``."""
    if not apps.is_installed("plugins.quiz"):
        return []
    from plugins.quiz.models import Attempt
    from plugins.quiz.models.attempts import AttemptState

    return list(
        Attempt.objects.visible_to(user)
        .filter(user=officer, state=AttemptState.FINISHED)
        .order_by()
        .values("quiz_id", "quiz__title", "enrolment__course_id")
        .annotate(
            attempts=Count("id"),
            best=Max("percent"),
            passed=Count("id", filter=Q(passed=True)),
            waiting=Count("id", filter=Q(pending_marking__gt=0)),
        )
        .order_by("enrolment__course_id", "quiz__title")
    )


@reviewer_required
def officer_detail(request, pk: int):
    officer = get_object_or_404(
        officers_in_scope(request.user).select_related("organisation", "duty_station"),
        pk=pk,
    )
    today = timezone.localdate()
    enrolments = list(
        Enrolment.objects.visible_to(request.user)
        .filter(user=officer)
        .select_related("course")
        .order_by("completed_at", "due_on", "enrolled_at")
    )
    progress = progress_for_enrolments(enrolments)
    rows = [
        {
            "enrolment": enrolment,
            "progress": progress[enrolment.pk],
            "overdue": enrolment.completed_at is None
            and enrolment.due_on is not None
            and enrolment.due_on < today,
        }
        for enrolment in enrolments
    ]
    titles = {e.course_id: e.course for e in enrolments}
    results = quiz_results(request.user, officer)
    for result in results:
        result["course"] = titles.get(result["enrolment__course_id"])
    certificates = list(
        Certificate.objects.visible_to(request.user)
        .filter(user=officer)
        .order_by("-issued_at")
    )
    return render(
        request,
        "portal/officers/detail.html",
        {
            "officer": officer,
            "rows": rows,
            "quiz_results": results,
            "quiz_installed": apps.is_installed("plugins.quiz"),
            "certificates": certificates,
            "activation": activation_status.standing_of(officer),
        },
    )
