from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def overdue_q(today=None, prefix: str = "") -> Q:
    """The overdue rule as a condition: not complete, with a due date before
    ``today``. ``prefix`` is the lookup to the enrolment (``"enrolments__"``
    from a user or a cohort), so counts and filters share one rule."""
    today = today or timezone.localdate()
    return Q(
        **{
            f"{prefix}completed_at__isnull": True,
            f"{prefix}due_on__isnull": False,
            f"{prefix}due_on__lt": today,
        }
    )


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> EnrolmentQuerySet:
        """Enrolments ``user`` may see (own, reviewed officers', trained courses')."""
        from accounts.scope import scope_for

        return self.filter(scope_for(user).rows_q(user="user", course="course"))

    def overdue(self, today=None) -> EnrolmentQuerySet:
        return self.filter(overdue_q(today))


class Cohort(models.Model):
    """A group of officers enrolled in a course together, with one due date.

    Made by cohort enrolment (a unit, or a list of officers); each enrolment
    it creates points back here. Enrolling an officer who is already enrolled
    sets the due date on their enrolment if it had none, and changes nothing
    else (their progress is kept).
    """

    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="cohorts",
        verbose_name=_("course"),
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("unit"),
        help_text=_("The unit enrolled, when a whole unit was enrolled."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")

    def __str__(self):
        return self.name


class Enrolment(models.Model):
    """An officer taking a course. One per officer and course, ever.

    ``completed_at`` is set once, by the course's completion rule; ``last_page``
    is where "continue where you left off" leads.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("officer"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    last_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last page visited"),
    )
    last_accessed_at = models.DateTimeField(
        _("last accessed at"), null=True, blank=True
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrolments",
        verbose_name=_("cohort"),
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_enrolment_per_course"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-last_accessed_at"]),
            models.Index(fields=["course", "completed_at"]),
            models.Index(fields=["due_on", "completed_at"]),
        ]

    def __str__(self):
        return f"{self.user} in {self.course_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class ActivityProgress(models.Model):
    """An enrolment's record of one activity page (a lesson or a plugin activity).

    ``events`` maps event names ("viewed", plugin events) to the ISO time they
    first happened; completion rules read it. ``opened_at`` is the first
    opening and ``completed_at`` the completion, set once by the page's rule:
    opened is not completed. ``seconds_spent`` is the study time credited from
    the lesson page's reports (``courses.study``) and ``reached_end_at`` when
    the officer first reached the end of the lesson.
    """

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="activity_progress",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
    )
    events = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    seconds_spent = models.PositiveIntegerField(_("seconds spent"), default=0)
    reached_end_at = models.DateTimeField(
        _("reached the end at"), null=True, blank=True
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activity progress")
        verbose_name_plural = _("activity progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "page"], name="one_progress_per_activity"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment_id} / page {self.page_id}"


class StudyVisit(models.Model):
    """One opening of a lesson in one tab, as its study reports know it.

    ``key`` comes from the signed visit token the page was served with
    (``courses.study``); ``seconds`` is the time credited to the visit so far.
    Reports carry the visit's cumulative total, so a retried or duplicated
    report credits nothing twice, and each is capped by the wall-clock time
    since ``last_report_at`` (or ``started_at``, when the page was served).
    """

    progress = models.ForeignKey(
        ActivityProgress, on_delete=models.CASCADE, related_name="study_visits"
    )
    key = models.CharField(max_length=32)
    started_at = models.DateTimeField()
    last_report_at = models.DateTimeField()
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")
        constraints = [
            models.UniqueConstraint(
                fields=["progress", "key"], name="one_study_visit_per_key"
            ),
        ]

    def __str__(self):
        return f"{self.progress_id} / visit {self.key}"


class ModuleCompletion(models.Model):
    """A module completed by an enrolment, decided by the module's rule."""

    enrolment = models.ForeignKey(
        Enrolment,
        on_delete=models.CASCADE,
        related_name="module_completions",
    )
    module = models.ForeignKey(
        "courses.ModulePage",
        on_delete=models.CASCADE,
        related_name="+",
    )
    completed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "module"], name="one_completion_per_module"
            ),
        ]

    def __str__(self):
        return f"{self.enrolment_id} / module {self.module_id}"


class EnrolmentReminder(models.Model):
    """A due-date reminder sent for an enrolment; the row claims it, so once each.

    ``kind`` is ``due_soon`` or ``overdue``; ``due_on`` is the due date the
    reminder was about, so moving the due date allows a new reminder.
    """

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    due_on = models.DateField(_("due date"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("enrolment reminder")
        verbose_name_plural = _("enrolment reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "kind", "due_on"], name="one_reminder_per_due_date"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.due_on} / {self.enrolment_id}"
