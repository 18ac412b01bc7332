"""Catalog topics, translatable with wagtail-localize.

A topic is a snippet in the default locale (the *source* topic); its Khmer
name is its wagtail-localize translation in the ``km`` locale: a second row
sharing ``translation_key``, with the same slug (synchronised) and its own
name. Courses point at the source topics in every language version
(``CoursePage.topics`` is synchronised, never translated), so the catalog's
``?topic=<slug>`` filter is the same in every language.

Readers see :attr:`Topic.localized_name`: the name in the interface language
where the topic is translated, else its own. Lists fetch those names for all
their topics at once with :func:`prefetch_names` (one query, none when the
interface is in the topics' own language).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

#: Where the names fetched for an instance are kept: ``{language: name or None}``.
_NAMES = "_lms_topic_names"


def content_language(language: str | None = None) -> str:
    """The content locale's language code for ``language`` (default: the
    interface's), or the default language when there is no such locale."""
    try:
        return get_supported_content_language_variant(
            language or get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class Topic(TranslatableMixin, models.Model):
    """A subject area the catalog filters by (e.g. victim identification)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        help_text=_("Used in the catalog's address; the same in every language."),
    )

    # The name is translated; the slug stays the one the catalog filters by.
    translatable_fields = [
        TranslatableField("name"),
        SynchronizedField("slug", overridable=False),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"],
                name="courses_topic_unique_translation",
            ),
            # A translation has its source's slug: unique per language.
            models.UniqueConstraint(
                fields=["slug", "locale"], name="courses_topic_unique_slug"
            ),
        ]

    def __str__(self):
        # Its own name: the admin lists each language's rows as they are.
        return self.name

    def clean(self):
        super().clean()
        # Admin forms leave the locale out of their checks, so the database
        # constraint would only answer with an error page.
        if self.slug and self.locale_id is not None:
            taken = (
                Topic.objects.filter(slug=self.slug, locale_id=self.locale_id)
                .exclude(pk=self.pk)
                .exists()
            )
            if taken:
                raise ValidationError(
                    {"slug": _("Another topic already has this slug.")}
                )

    @property
    def language(self) -> str:
        """The language this row's name is written in (its locale's)."""
        from courses.translations import locale_code

        return locale_code(self.locale_id)

    def _name_in(self, language: str) -> str | None:
        """The name of this topic's translation into ``language``, if it is
        translated (a wagtail-localize target whose name still falls back to
        the source's is not)."""
        names = self.__dict__.setdefault(_NAMES, {})
        if language not in names:
            names[language] = (
                Topic.objects.filter(
                    translation_key=self.translation_key,
                    locale__language_code=language,
                )
                .values_list("name", flat=True)
                .first()
            )
        name = names[language]
        return name if name and name != self.name else None

    @property
    def localized_name(self) -> str:
        """The name in the interface language where there is one, else this
        row's own name. Costs a query unless :func:`prefetch_names` ran."""
        language = content_language()
        if language == self.language:
            return self.name
        return self._name_in(language) or self.name

    @property
    def localized_name_lang(self) -> str:
        """The language of :attr:`localized_name` (for a ``lang`` attribute)."""
        language = content_language()
        if language != self.language and self._name_in(language):
            return language
        return self.language

    def forget_names(self) -> None:
        """Drop the names fetched so far (after a translation changed)."""
        self.__dict__.pop(_NAMES, None)

    def translate_name(self, name: str, locale, *, user=None) -> Topic:
        """Make or update this topic's translation into ``locale`` with
        wagtail-localize, ``name`` recorded as the translation of its name
        (so translators see it as done); returns the translated topic.

        Used by the migration that moved the old "name (Khmer)" field into
        translations and by the demo.
        """
        from wagtail_localize.models import (
            StringSegment,
            StringTranslation,
            Translation,
            TranslationSource,
        )
        from wagtail_localize.strings import StringValue

        from courses.translation_saving import save_translation

        source, _created = TranslationSource.update_or_create_from_instance(self)
        name = name.strip()
        if name:
            for segment in StringSegment.objects.filter(
                source=source, context__path="name"
            ).select_related("string", "context"):
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=locale,
                    context=segment.context,
                    defaults={
                        "data": StringValue.from_plaintext(name).data,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                        "last_translated_by": user,
                    },
                )
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        self.forget_names()
        return save_translation(translation, user=user)


def prefetch_names(topics: Iterable[Topic], language: str | None = None) -> None:
    """Fetch the names of ``topics`` in ``language`` (default: the interface
    language) for :attr:`Topic.localized_name`, in one query for them all,
    none when every topic is written in that language already."""
    language = content_language(language)
    pending = [
        topic
        for topic in topics
        if topic.language != language and language not in topic.__dict__.get(_NAMES, {})
    ]
    if not pending:
        return
    names = dict(
        Topic.objects.filter(
            translation_key__in={topic.translation_key for topic in pending},
            locale__language_code=language,
        ).values_list("translation_key", "name")
    )
    for topic in pending:
        topic.__dict__.setdefault(_NAMES, {})[language] = names.get(
            topic.translation_key
        )


def in_default_locale() -> models.Q:
    """The topics courses may point at: those in the default locale (for a
    ``limit_choices_to``; their translations only carry other names)."""
    return models.Q(
        locale__language_code=get_supported_content_language_variant(
            settings.LANGUAGE_CODE
        )
    )
