"""Attempts: one officer's sitting of a quiz, with every question frozen in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")


class ClosedBy(models.TextChoices):
    OFFICER = "officer", _("Submitted by the officer")
    TIME_LIMIT = "time_limit", _("Time limit reached")
    QUIZ_CLOSED = "quiz_closed", _("Quiz closed")


class AttemptQuerySet(models.QuerySet):
    def visible_to(self, user) -> AttemptQuerySet:
        """Attempts ``user`` may see: own, reviewed officers', trained courses'."""
        from accounts.scope import scope_for

        return self.filter(
            scope_for(user).rows_q(user="user", course="enrolment__course")
        )


class Attempt(models.Model):
    """An officer's attempt at a quiz (django-quiz's "sitting").

    At most one attempt per officer and quiz is in progress (a partial unique
    constraint); numbers count 1, 2, 3... per officer and quiz. ``deadline`` is
    fixed on the server when the attempt starts. The totals are set when the
    attempt is finished and again whenever an essay is marked or a question
    regraded; ``passed`` stays ``None`` while essays wait to be marked.
    """

    quiz = models.ForeignKey(
        "quiz.QuizPage", on_delete=models.CASCADE, related_name="attempts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
        verbose_name=_("officer"),
    )
    enrolment = models.ForeignKey(
        "courses.Enrolment", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveIntegerField(_("attempt"))
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=AttemptState.choices,
        default=AttemptState.IN_PROGRESS,
    )
    closed_by = models.CharField(
        _("closed by"), max_length=16, choices=ClosedBy.choices, blank=True
    )
    seed = models.BigIntegerField(_("random seed"))
    started_at = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(
        _("score"), max_digits=10, decimal_places=5, null=True, blank=True
    )
    max_score = models.DecimalField(
        _("maximum score"), max_digits=10, decimal_places=5, default=0
    )
    percent = models.DecimalField(
        _("percentage"), max_digits=8, decimal_places=3, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    pending_marking = models.PositiveSmallIntegerField(
        _("answers waiting to be marked"), default=0
    )
    answers_discarded = models.BooleanField(default=False, editable=False)
    #: The language of the quiz version the officer started or last continued
    #: the attempt from (its page's locale): the questions show in it (see
    #: ``plugins.quiz.views.rendering.reading_language``). The attempt itself
    #: is the record version's, one record for every language version.
    content_language = models.CharField(
        _("language taken in"), max_length=10, blank=True, default="", editable=False
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["quiz_id", "user_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="quiz_attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=models.Q(state="in_progress"),
                name="quiz_one_attempt_in_progress",
            ),
        ]
        indexes = [models.Index(fields=["user", "quiz", "state"])]

    def __str__(self):
        return f"Attempt {self.number} of {self.user_id} at {self.quiz_id}"

    @property
    def is_finished(self) -> bool:
        return self.state == AttemptState.FINISHED

    @property
    def is_graded(self) -> bool:
        """Finished, and every answer has a score (no essay left to mark)."""
        return self.is_finished and self.pending_marking == 0


class AttemptQuestion(models.Model):
    """One question of an attempt: its frozen snapshot, the response and its score.

    ``sequence`` counts saves of the response. A save names the sequence it
    was based on; a save based on an older one (a stale tab) is refused, so a
    newer answer is never overwritten.
    """

    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    question = models.ForeignKey(
        "quiz.Question",
        null=True,
        on_delete=models.SET_NULL,
        related_name="attempt_questions",
    )
    category = models.ForeignKey(
        "quiz.QuestionCategory",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    question_type = models.CharField(max_length=64)
    question_version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    layout = models.JSONField(default=dict)
    mark = models.DecimalField(_("mark"), max_digits=7, decimal_places=3)

    response = models.JSONField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    #: Immediate feedback: the answer was checked and can no longer change.
    checked = models.BooleanField(default=False)

    score = models.DecimalField(
        _("score"), max_digits=10, decimal_places=5, null=True, blank=True
    )
    needs_marking = models.BooleanField(_("needs marking"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(null=True, blank=True)
    marker_comment = models.TextField(_("comment"), blank=True)
    regraded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attempt question")
        ordering = ["attempt_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "position"], name="quiz_attempt_question_position"
            ),
        ]
        indexes = [
            models.Index(
                fields=["needs_marking"],
                condition=models.Q(needs_marking=True),
                name="quiz_aq_needs_marking",
            )
        ]

    def __str__(self):
        return f"Q{self.position} of attempt {self.attempt_id}"

    @property
    def type(self):
        """The registered question type, or ``None`` when it is not installed."""
        from plugins.quiz.hooks import question_types

        return question_types.get(self.question_type)
