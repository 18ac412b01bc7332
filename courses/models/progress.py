from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_enrolment_per_course"
            ),
        ]
        indexes = [models.Index(fields=["user", "-last_accessed_at"])]

    def __str__(self):
        return f"{self.user} in {self.course_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class ActivityProgress(models.Model):
    """An enrolment's record of one activity page (a lesson or a plugin activity).

    ``events`` maps event names ("viewed", plugin events) to the ISO time they
    first happened; completion rules read it. ``completed_at`` is set once.
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
