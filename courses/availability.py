"""In which languages a course really exists, for the catalog's "Taught in".

A course is taught in its source language, and in each language where it
has a live version whose translation is complete. A live version that is
still being translated is shown with its share translated ("Khmer
translation: 35%"), so officers are not promised a Khmer course that is
English inside. Shares come from wagtail-localize
(``courses.translation_status``), cached until any page is published or any
translation changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished
from wagtail_localize.models import StringTranslation

from courses.content_language import language_name
from courses.translations import language_versions, record_course

GENERATION_KEY = "lms:translation-generation"


@dataclass(frozen=True)
class Availability:
    """One language of a course: ``percent`` of it translated (100: taught in it)."""

    language: str
    percent: int

    @property
    def complete(self) -> bool:
        return self.percent >= 100

    @property
    def name(self) -> str:
        return language_name(self.language)


def course_availability(course) -> list[Availability]:
    """Every language ``course`` has a live version in, source first."""
    # Keyed by what every version shares, so a cached answer costs no query.
    generation = cache.get_or_set(GENERATION_KEY, 1, None)
    key = f"lms:course-availability:{course.translation_key}:{generation}"
    found = cache.get(key)
    if found is None:
        found = _measure(record_course(course))
        cache.set(key, found, 24 * 60 * 60)
    return found


def _measure(source) -> list[Availability]:
    from courses.translation_status import course_translation_status

    source_language = source.content_language
    found = []
    for language, _version in language_versions(source):
        if language == source_language:
            found.insert(0, Availability(language, 100))
            continue
        status = course_translation_status(source, language)
        found.append(Availability(language, status.percent))
    return found


def taught_in(availabilities) -> list[Availability]:
    return [a for a in availabilities if a.complete]


def being_translated(availabilities) -> list[Availability]:
    return [a for a in availabilities if not a.complete]


def _bump(**kwargs) -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


@receiver(page_published, dispatch_uid="courses.availability.published")
@receiver(page_unpublished, dispatch_uid="courses.availability.unpublished")
def _page_changed(sender, **kwargs) -> None:
    _bump()


@receiver(
    post_save, sender=StringTranslation, dispatch_uid="courses.availability.saved"
)
@receiver(
    post_delete, sender=StringTranslation, dispatch_uid="courses.availability.deleted"
)
def _translation_changed(sender, **kwargs) -> None:
    _bump()
