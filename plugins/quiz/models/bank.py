"""The question bank: categories with sub-categories, reusable questions, choices."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from lms.richtext import clean_richtext_fields

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link", "image"]


class QuestionCategory(models.Model):
    """A topic of questions. Categories nest (django-quiz's sub-categories).

    Per-category results show an officer's strengths and gaps by topic, and
    quizzes can draw N random questions from a category.
    """

    name = models.CharField(_("name"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent category"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="quiz_category_unique_name"
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="quiz_category_unique_top_level_name",
            ),
        ]

    def __str__(self):
        return self.path

    @property
    def path(self) -> str:
        """ "Parent / Child" (walks up: use for single objects, not lists)."""
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))

    def localized_name(self, language: str | None) -> str:
        return self.name_km if language == "km" and self.name_km else self.name

    def clean(self):
        super().clean()
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError(
                    {"parent": _("A category cannot be inside itself.")}
                )
            if node.pk in seen:
                break
            seen.add(node.pk)
            node = node.parent


class Question(ClusterableModel):
    """A reusable question in the bank.

    ``question_type`` is a registered type's identifier (never renamed);
    ``options`` holds that type's settings; choices are :class:`Choice` rows.
    ``version`` goes up on every change; attempts keep a snapshot of the
    version they were started with, so edits never rewrite a submitted paper.
    """

    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("category"),
    )
    question_type = models.CharField(_("question type"), max_length=64)
    title = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("A short name to find the question in the bank."),
    )
    text = RichTextField(_("question text"), features=RICH_TEXT_FEATURES)
    text_km = RichTextField(
        _("question text (Khmer)"), blank=True, features=RICH_TEXT_FEATURES
    )
    explanation = RichTextField(
        _("explanation"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown after the question is answered, as the quiz allows."),
    )
    explanation_km = RichTextField(
        _("explanation (Khmer)"), blank=True, features=RICH_TEXT_FEATURES
    )
    default_mark = models.DecimalField(
        _("default mark"),
        max_digits=7,
        decimal_places=3,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(1000)],
    )
    options = models.JSONField(_("type options"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    tags = ClusterTaggableManager(
        through="quiz.QuestionTag",
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Words to find and filter questions by, e.g. “passport”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category_id", "title"]
        indexes = [models.Index(fields=["category", "question_type"])]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        # The editor saves an emptied text as an empty paragraph: refuse it
        # for the question (an image alone is a question), and store blank
        # Khmer texts as "" so Khmer readers fall back to the English.
        clean_richtext_fields(
            self, {"text": _("Question text is empty: write the question.")}
        )

    @property
    def type(self):
        """The registered question type, or ``None`` when it is not installed."""
        from plugins.quiz.hooks import question_types

        return question_types.get(self.question_type)


class QuestionTag(TaggedItemBase):
    """A tag on a question (Moodle XML's ``<tags>`` come in as these)."""

    content_object = ParentalKey(
        Question, on_delete=models.CASCADE, related_name="tagged_items"
    )


class Choice(Orderable):
    """One answer of a question (Moodle's "answer"): text, fraction, feedback.

    Matching questions pair ``text`` with ``match_text``; numerical questions
    read ``text`` as a number with a ``tolerance``. Choice ids are what
    responses store, so a choice keeps its id while it is edited.
    """

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("answer"))
    text_km = models.TextField(_("answer (Khmer)"), blank=True)
    match_text = models.CharField(
        _("matches"),
        max_length=500,
        blank=True,
        help_text=_("Matching questions: the item this answer pairs with."),
    )
    match_text_km = models.CharField(_("matches (Khmer)"), max_length=500, blank=True)
    fraction = models.DecimalField(
        _("grade"),
        max_digits=6,
        decimal_places=5,
        default=Decimal(0),
        validators=[MinValueValidator(-1), MaxValueValidator(1)],
        help_text=_("Share of the mark, from -1 (−100%) to 1 (100%)."),
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=20,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Numerical questions: accepted error, ± this value."),
    )
    feedback = models.TextField(_("feedback"), blank=True)
    feedback_km = models.TextField(_("feedback (Khmer)"), blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return self.text[:80]
