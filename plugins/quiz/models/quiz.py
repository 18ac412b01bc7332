"""The quiz: an activity page with django-quiz's and Moodle's settings."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail_localize.fields import SynchronizedField

from courses.models import ActivityPage, BilingualPageMixin
from plugins.quiz.admin.panels import DrawsPanel


class GradingMethod(models.TextChoices):
    HIGHEST = "highest", _("Highest grade")
    LAST = "last", _("Last attempt")
    FIRST = "first", _("First attempt")
    AVERAGE = "average", _("Average of attempts")


class FeedbackTiming(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately, after each question is checked")
    END = "end", _("At the end of the attempt (answers at end)")
    AFTER_CLOSE = "after_close", _("After the quiz closes")


class QuizPage(ActivityPage):
    """A quiz inside a module: questions drawn from the bank, attempts, a pass mark.

    The settings are django-quiz's (random order, max questions, answers at
    end, exam paper, single attempt, pass mark, success and fail texts, draft)
    plus Moodle's (attempts allowed, grading method, time limit, open and close
    dates, shuffled answers, when feedback shows, random questions per category).
    """

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "ol", "ul", "link"]
    )

    # Questions
    random_order = models.BooleanField(
        _("random order"),
        default=False,
        help_text=_("Show the questions in a different random order in each attempt."),
    )
    max_questions = models.PositiveSmallIntegerField(
        _("max questions"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Draw this many questions at random from the quiz's own questions "
            "for each attempt. Leave empty to use them all."
        ),
    )
    shuffle_answers = models.BooleanField(
        _("shuffle answers"),
        default=True,
        help_text=_("Show the answers of choice questions in a random order."),
    )

    # Attempts
    single_attempt = models.BooleanField(
        _("single attempt"),
        default=False,
        help_text=_("Officers may attempt the quiz only once."),
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        default=0,
        help_text=_("0 means unlimited."),
    )
    grading_method = models.CharField(
        _("grading method"),
        max_length=16,
        choices=GradingMethod.choices,
        default=GradingMethod.HIGHEST,
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Counted on the server from the start of the attempt. Leave empty for "
            "no limit."
        ),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("closes"),
        null=True,
        blank=True,
        help_text=_("Attempts still open at this time are submitted automatically."),
    )
    exam_paper = models.BooleanField(
        _("exam paper"),
        default=True,
        help_text=_(
            "Keep every attempt's answers for review and marking. When off, an "
            "officer's answers are discarded once the attempt is graded; scores "
            "are kept."
        ),
    )
    draft = models.BooleanField(
        _("draft"),
        default=False,
        help_text=_(
            "Officers cannot start a draft quiz; editors of the page can try it."
        ),
    )

    # Results
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Percentage needed to pass. Passing completes the activity."),
    )
    feedback_timing = models.CharField(
        _("when feedback shows"),
        max_length=16,
        choices=FeedbackTiming.choices,
        default=FeedbackTiming.END,
        help_text=_("When officers see explanations, feedback and the right answers."),
    )
    success_text = models.TextField(
        _("success text"), blank=True, help_text=_("Shown to officers who pass.")
    )
    fail_text = models.TextField(
        _("fail text"), blank=True, help_text=_("Shown to officers who do not pass.")
    )

    content_panels = (
        Page.content_panels
        + BilingualPageMixin.bilingual_panels
        + [
            FieldPanel("estimated_minutes"),
            FieldPanel("intro"),
            InlinePanel("slots", heading=_("Questions"), label=_("Question")),
            DrawsPanel(
                "category_draws",
                heading=_("Random questions from categories"),
                label=_("Random draw"),
            ),
            FieldPanel("completion_rule"),
        ]
    )
    settings_panels = ActivityPage.settings_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("random_order"), FieldPanel("shuffle_answers")]
                ),
                FieldPanel("max_questions"),
            ],
            heading=_("Question order"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("single_attempt"), FieldPanel("attempts_allowed")]
                ),
                FieldPanel("grading_method"),
                FieldPanel("time_limit_minutes"),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("exam_paper"), FieldPanel("draft")]),
            ],
            heading=_("Attempts"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("feedback_timing"),
                FieldPanel("success_text"),
                FieldPanel("fail_text"),
            ],
            heading=_("Results and feedback"),
        ),
    ]

    template = "quiz/quiz_page.html"

    # A Khmer version of a quiz (a wagtail-localize translation) translates
    # its introduction and result texts only. Its questions and draws are
    # copied from the source and keep pointing at the SOURCE bank questions
    # and categories: attempts are kept against the record version and read
    # the Khmer question texts from the questions' own translations.
    override_translatable_fields = ActivityPage.override_translatable_fields + [
        SynchronizedField("slots", overridable=False),
        SynchronizedField("category_draws", overridable=False),
        SynchronizedField("estimated_minutes", overridable=False),
        SynchronizedField("random_order", overridable=False),
        SynchronizedField("max_questions", overridable=False),
        SynchronizedField("shuffle_answers", overridable=False),
        SynchronizedField("single_attempt", overridable=False),
        SynchronizedField("attempts_allowed", overridable=False),
        SynchronizedField("time_limit_minutes", overridable=False),
        SynchronizedField("opens_at", overridable=False),
        SynchronizedField("closes_at", overridable=False),
        SynchronizedField("exam_paper", overridable=False),
        SynchronizedField("draft", overridable=False),
        SynchronizedField("pass_mark", overridable=False),
    ]

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.completion_rule and self.pk is None:
            self.completion_rule = "quiz_passed"

    # django-quiz's name for "feedback at the end".
    @property
    def answers_at_end(self) -> bool:
        return self.feedback_timing == FeedbackTiming.END

    @property
    def max_attempts(self) -> int | None:
        """How many attempts an officer may make; ``None`` for unlimited."""
        if self.single_attempt:
            return 1
        return self.attempts_allowed or None

    @property
    def time_limit(self) -> timedelta | None:
        if self.time_limit_minutes:
            return timedelta(minutes=self.time_limit_minutes)
        return None

    def is_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(self.closes_at and now >= self.closes_at)

    def clean(self):
        super().clean()
        errors = {}
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The quiz must close after it opens.")
        if self.single_attempt and self.attempts_allowed not in (0, 1):
            errors["attempts_allowed"] = _(
                "“Single attempt” is on, so attempts allowed must be 0 or 1 "
                "(it is %(n)d)."
            ) % {"n": self.attempts_allowed}
        if self.feedback_timing == FeedbackTiming.AFTER_CLOSE and not self.closes_at:
            errors["closes_at"] = _(
                "Feedback is set to show after the quiz closes, so the quiz needs a "
                "close date."
            )
        if errors:
            raise ValidationError(errors)

    def localized_text(self, field: str, language: str | None) -> tuple[str, str]:
        """``(text, lang)`` of ``field`` in the live version of this quiz in
        ``language`` (its wagtail-localize translation), else this page's own.

        A translation that still has the source's text (wagtail-localize
        falls back to it until a translator fills the segment) counts as not
        translated: the text is given with the source's language, so
        templates mark it ``lang``.
        """
        from courses.translations import localized_version, page_language

        own = getattr(self, field) or ""
        version = localized_version(self, language) if language else self
        text = getattr(version, field) or ""
        if version.pk != self.pk and text and text != own:
            return text, page_language(version)
        return own, page_language(self)

    def localized_intro(self, language: str | None) -> str:
        return self.localized_text("intro", language)[0]

    def result_text(self, passed: bool, language: str | None) -> str:
        return self.localized_text("success_text" if passed else "fail_text", language)[
            0
        ]

    def get_context(self, request, *args, **kwargs):
        # Serving is ActivityPage's (the enrolment gate); this adds the
        # officer's attempts, grade and start button.
        from plugins.quiz.views.quiz_page import quiz_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(
            quiz_page_context(self, request, context.get("content_fallback"))
        )
        return context


class QuizQuestion(Orderable):
    """A question the quiz always offers (subject to ``max_questions``)."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="slots")
    question = models.ForeignKey(
        "quiz.Question",
        on_delete=models.PROTECT,
        related_name="quiz_slots",
        verbose_name=_("question"),
    )
    mark = models.DecimalField(
        _("mark"),
        max_digits=7,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001"))],
        help_text=_("Leave empty to use the question's default mark."),
    )

    panels = [FieldPanel("question"), FieldPanel("mark")]

    class Meta(Orderable.Meta):
        verbose_name = _("quiz question")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "question"], name="quiz_question_once_per_quiz"
            )
        ]

    def __str__(self):
        return f"{self.question_id} in {self.quiz_id}"


class QuizCategoryDraw(Orderable):
    """Draw ``count`` random questions from a category for each attempt."""

    quiz = ParentalKey(
        QuizPage, on_delete=models.CASCADE, related_name="category_draws"
    )
    category = models.ForeignKey(
        "quiz.QuestionCategory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    count = models.PositiveSmallIntegerField(
        _("number of questions"), default=1, validators=[MinValueValidator(1)]
    )
    include_subcategories = models.BooleanField(
        _("include sub-categories"), default=True
    )

    panels = [
        FieldPanel("category"),
        FieldPanel("count"),
        FieldPanel("include_subcategories"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("random draw")

    def __str__(self):
        return f"{self.count} from {self.category_id}"
