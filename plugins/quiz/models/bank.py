"""The question bank: categories with sub-categories, reusable questions, choices.

Categories, questions and their choices are translatable with wagtail-localize
(``TranslatableMixin``): the bank's own rows are in the default locale (the
*source* rows, see :meth:`BankQuerySet.sources`); a Khmer version of a question
is its wagtail-localize translation in the ``km`` locale, sharing
``translation_key``, with its choices translated along with it. Quizzes,
attempts, grading, statistics, exports and imports work on the source rows
only; officers reading Khmer get the translation's texts through the attempt's
snapshot (``plugins.quiz.snapshot``).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from lms.richtext import clean_richtext_fields

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link", "image"]


def source_language() -> str:
    """The language code of the bank's own rows (the default locale's)."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class BankQuerySet(models.QuerySet):
    def sources(self):
        """Only the bank's own rows, not their translations.

        The bank creates and imports every category and question in the
        default locale, so "in the default locale" is the same as "not a
        wagtail-localize target", and it is one indexed join rather than a
        subquery into wagtail-localize's tables.
        """
        return self.filter(locale__language_code=source_language())

    def translations_of(self, keys, language: str):
        """The rows in ``language`` whose translation key is in ``keys``."""
        return self.filter(translation_key__in=keys, locale__language_code=language)


class QuestionCategory(TranslatableMixin, models.Model):
    """A topic of questions. Categories nest (django-quiz's sub-categories).

    Per-category results show an officer's strengths and gaps by topic, and
    quizzes can draw N random questions from a category.
    """

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent category"),
    )
    description = models.TextField(_("description"), blank=True)

    objects = BankQuerySet.as_manager()

    # A translation keeps its source's place in the tree: only the words are
    # translated (the tree, draws and results use the source categories).
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("parent", overridable=False),
    ]

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="quiz_category_unique_translation",
            ),
            # Per locale: an untranslated name is the same in both languages.
            models.UniqueConstraint(
                fields=["parent", "name", "locale"], name="quiz_category_unique_name"
            ),
            models.UniqueConstraint(
                fields=["name", "locale"],
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
        """The name in ``language`` (its translation's), else the source's.

        One query per call: lists use ``plugins.quiz.translation.category_names``.
        """
        from plugins.quiz.translation import category_names

        return category_names([self], language).get(self.pk, self.name)

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


class Question(TranslatableMixin, ClusterableModel):
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
    explanation = RichTextField(
        _("explanation"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown after the question is answered, as the quiz allows."),
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

    objects = BankQuerySet.as_manager()

    # Translators see the question's words and its choices' words; everything
    # that decides grading is copied from the source ("sync from source"), and
    # tags stay with the source (they are for finding questions in the bank).
    translatable_fields = [
        SynchronizedField("category", overridable=False),
        SynchronizedField("question_type", overridable=False),
        SynchronizedField("title", overridable=False),
        TranslatableField("text"),
        TranslatableField("explanation"),
        SynchronizedField("default_mark", overridable=False),
        SynchronizedField("options", overridable=False),
        SynchronizedField("version", overridable=False),
        TranslatableField("choices"),
    ]
    exclude_fields_in_copy = ["tags", "tagged_items", "created_by"]

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category_id", "title"]
        indexes = [models.Index(fields=["category", "question_type"])]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="quiz_question_unique_translation",
            )
        ]

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


class ChoiceTextField(TranslatableField):
    """A choice's ``text``: words to translate, except a numerical question's
    answer, which is a number (copied from the source, never translated)."""

    def is_translated(self, obj):
        return not _is_number_answer(obj)

    def is_synchronized(self, obj):
        return _is_number_answer(obj) or super().is_synchronized(obj)


def _is_number_answer(choice) -> bool:
    question = choice.__dict__.get("_question_cache") or getattr(
        choice, "question", None
    )
    return getattr(question, "question_type", "") == "numerical"


class Choice(TranslatableMixin, Orderable):
    """One answer of a question (Moodle's "answer"): text, fraction, feedback.

    Matching questions pair ``text`` with ``match_text``; numerical questions
    read ``text`` as a number with a ``tolerance``. Choice ids are what
    responses store, so a choice keeps its id while it is edited.
    """

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("answer"))
    match_text = models.CharField(
        _("matches"),
        max_length=500,
        blank=True,
        help_text=_("Matching questions: the item this answer pairs with."),
    )
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

    translatable_fields = [
        ChoiceTextField("text"),
        TranslatableField("match_text"),
        SynchronizedField("fraction", overridable=False),
        SynchronizedField("tolerance", overridable=False),
        TranslatableField("feedback"),
        SynchronizedField("sort_order", overridable=False),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="quiz_choice_unique_translation",
            )
        ]

    def __str__(self):
        return self.text[:80]


@receiver(pre_delete, sender=Question)
@receiver(pre_delete, sender=QuestionCategory)
def delete_translations(sender, instance, **kwargs):
    """A source question or category takes its translations with it (they
    point at the source's category or parent, which they would keep)."""
    if not sender.objects.sources().filter(pk=instance.pk).exists():
        return
    sender.objects.filter(translation_key=instance.translation_key).exclude(
        pk=instance.pk
    ).delete()
