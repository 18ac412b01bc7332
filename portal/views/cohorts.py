"""Cohort enrolment in the portal: the list of cohorts and the "enrol a cohort" form.

Reviewers enrol their own officers (a unit they review, or a pasted list of
staff IDs, email addresses or usernames); admins anyone. Identifiers that
match no officer in the reviewer's units are reported by line, the same way
whether the person does not exist or belongs to someone else's unit, so the
form does not tell who has an account elsewhere.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import Organisation
from accounts.scope import scope_for
from courses.cohorts import CohortRefused, enrol_cohort, officers_in_scope
from courses.models import Cohort, CoursePage, Enrolment
from courses.models.progress import overdue_q
from courses.translations import record_versions
from lms.date_inputs import DayFirstDateField
from portal.access import reviewer_required

PAGE_SIZE = 50
MAX_LINES = 2000
NAMES_SHOWN = 20


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.localized_title


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name_with_code


def resolve_identifiers(text: str, by) -> tuple[list, list[str]]:
    """Officers named in ``text`` (one staff ID, email or username per line),
    among those ``by`` may enrol; and an error for each line that names none,
    or more than one. One query."""
    lines = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1)]
    lines = [(n, token) for n, token in lines if token]
    tokens = {token.lower() for _n, token in lines}
    if not tokens:
        return [], []
    candidates = (
        officers_in_scope(by)
        .annotate(
            staff_id_l=Lower("staff_id"),
            email_l=Lower("email"),
            username_l=Lower("username"),
        )
        .filter(
            Q(staff_id_l__in=tokens) | Q(email_l__in=tokens) | Q(username_l__in=tokens)
        )
    )
    matches: dict[str, dict[int, object]] = {}
    for officer in candidates:
        for key in {officer.staff_id_l, officer.email_l, officer.username_l}:
            if key in tokens:
                matches.setdefault(key, {})[officer.pk] = officer
    found: dict[int, object] = {}
    errors = []
    for number, token in lines:
        matched = matches.get(token.lower(), {})
        if not matched:
            errors.append(
                _(
                    "Line %(line)d: no officer in your units has the staff ID, "
                    "email address or username “%(value)s”."
                )
                % {"line": number, "value": token}
            )
        elif len(matched) > 1:
            errors.append(
                _(
                    "Line %(line)d: “%(value)s” belongs to more than one officer; "
                    "use their staff ID."
                )
                % {"line": number, "value": token}
            )
        else:
            officer = next(iter(matched.values()))
            found[officer.pk] = officer
    return list(found.values()), errors


class CohortForm(forms.Form):
    course = CourseChoiceField(
        label=gettext_lazy("Course"), queryset=CoursePage.objects.none()
    )
    unit = UnitChoiceField(
        label=gettext_lazy("A whole unit"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Every active officer of the unit and of the units under it."
        ),
    )
    officers = forms.CharField(
        label=gettext_lazy("Or a list of officers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=gettext_lazy(
            "One staff ID, email address or username per line. Leave the unit "
            "empty to use a list."
        ),
    )
    # <input type="date">; typed dates are read day first (lms.date_inputs).
    due_on = DayFirstDateField(
        label=gettext_lazy("Due date"),
        help_text=gettext_lazy("Officers are reminded before and after this date."),
    )
    name = forms.CharField(
        label=gettext_lazy("Cohort name"),
        max_length=200,
        help_text=gettext_lazy("For example: “Poipet checkpoint, March intake”."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.officer_list: list = []
        self.fields["course"].queryset = record_versions(
            CoursePage.objects.live().order_by("title")
        )
        self.fields["unit"].queryset = Organisation.objects.visible_to(user).order_by(
            "name"
        )

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_on

    def clean_officers(self):
        text = self.cleaned_data["officers"]
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_LINES:
            raise forms.ValidationError(
                _("At most %(max)d officers at a time.") % {"max": MAX_LINES}
            )
        if lines:
            self.officer_list, errors = resolve_identifiers(text, self.user)
            if errors:
                raise forms.ValidationError(errors)
        return text

    def clean(self):
        cleaned = super().clean()
        has_unit = bool(cleaned.get("unit"))
        has_list = bool((cleaned.get("officers") or "").strip())
        if has_unit and has_list:
            raise forms.ValidationError(
                _("Choose a unit or paste a list of officers, not both.")
            )
        if not has_unit and not has_list and "officers" not in self.errors:
            raise forms.ValidationError(_("Choose a unit or paste a list of officers."))
        return cleaned


def _names(officers) -> str:
    names = [o.get_full_name() for o in officers[:NAMES_SHOWN]]
    if len(officers) > NAMES_SHOWN:
        names.append(_("and %(count)d more") % {"count": len(officers) - NAMES_SHOWN})
    return ", ".join(names)


def report(request, result) -> None:
    """Tell the reviewer what happened, in counts and with the skipped names."""
    if not result.created and not result.enrolled and not result.due_date_set:
        messages.info(
            request,
            _("The cohort “%(name)s” was already enrolled; nothing changed.")
            % {"name": result.cohort.name},
        )
    else:
        messages.success(
            request,
            _(
                "Cohort “%(name)s”: %(enrolled)d enrolled, %(already)d already "
                "enrolled (%(dated)d of them given the due date)."
            )
            % {
                "name": result.cohort.name,
                "enrolled": len(result.enrolled),
                "already": len(result.already_enrolled),
                "dated": len(result.due_date_set),
            },
        )
    if result.skipped:
        details = "; ".join(
            f"{s.officer.get_full_name()}: {s.reason}"
            for s in result.skipped[:NAMES_SHOWN]
        )
        messages.warning(
            request,
            ngettext(
                "%(count)d officer was not enrolled: %(details)s",
                "%(count)d officers were not enrolled: %(details)s",
                len(result.skipped),
            )
            % {"count": len(result.skipped), "details": details},
        )


@reviewer_required
def cohort_new(request):
    """Enrol a unit or a list of officers in a course, with a due date."""
    form = CohortForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = enrol_cohort(
                data["course"],
                unit=data["unit"],
                officers=None if data["unit"] else form.officer_list,
                due_on=data["due_on"],
                name=data["name"],
                by=request.user,
                request=request,
            )
        except CohortRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            report(request, result)
            return redirect("portal:cohorts")
    return render(request, "portal/cohorts/new.html", {"form": form})


def cohorts_in_scope(user):
    """Cohorts with officers in ``user``'s units (or of a unit in them), with
    member, completion and overdue counts over those officers only."""
    scope = scope_for(user)
    today = timezone.localdate()
    cohorts = Cohort.objects.select_related("course", "organisation", "created_by")
    members = Q()
    if not scope.is_admin:
        organisations = sorted(scope.organisation_ids)
        in_units = Enrolment.objects.filter(
            cohort__isnull=False, user__organisation_id__in=organisations
        ).values("cohort_id")
        cohorts = cohorts.filter(
            Q(organisation_id__in=organisations) | Q(pk__in=in_units)
        )
        members = Q(enrolments__user__organisation_id__in=organisations)
    return cohorts.annotate(
        members=Count("enrolments", filter=members or None),
        completed=Count(
            "enrolments",
            filter=members & Q(enrolments__completed_at__isnull=False),
        ),
        overdue=Count(
            "enrolments",
            filter=members & overdue_q(today, prefix="enrolments__"),
        ),
    ).order_by("-created_at", "-pk")


@reviewer_required
def cohorts(request):
    """The cohorts of the reviewer's units, newest first, with completion counts."""
    page = Paginator(cohorts_in_scope(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/cohorts/list.html",
        {"page": page, "today": timezone.localdate()},
    )
