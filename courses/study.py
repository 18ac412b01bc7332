"""Study time: how long a lesson asks for, and crediting what its page reports.

The lesson page's script (``courses/static/courses/study.js``) counts the
seconds the page is visible while the officer is active, notices when the end
of the lesson scrolls into view, and reports both to
``courses:study`` (``courses.views.study_report``). This module decides what
those reports are worth:

- Each page view gets a signed *visit token* (:func:`issue_visit`) naming the
  lesson, the officer, a random key and the time it was served. Reports carry
  the visit's *cumulative* seconds, so a report that is retried, duplicated
  or replayed after the connection comes back credits nothing twice.
- A report is credited at most the wall-clock time since the previous report
  of its visit (or since the page was served), plus :data:`SLACK_SECONDS`:
  a script cannot post "3 hours" at once.
- All visits of one lesson together are credited at most the wall-clock time
  since the officer first opened it, so two tabs or two devices open side by
  side do not double the time.

Completion is then decided on the server from the stored totals by the
lesson's rule (``courses.completion.LessonStudiedRule``).
"""

from __future__ import annotations

import math
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.completion import (
    ACTIVITY,
    CONFIRMED,
    evaluate_activity,
    rule_for,
)

#: A brisk but real reading pace for English (and other Latin-script) words.
WORDS_PER_MINUTE = 200
#: The same for Khmer, counted in written syllable heads (a consonant or an
#: independent vowel not written below another): Khmer has no spaces between
#: words. About 450 a minute is some 150 words, a brisk pace for Khmer prose.
KHMER_LETTERS_PER_MINUTE = 450
#: Derived minimums stay between these (a title-only page still asks for a
#: moment; a very long lesson does not lock an officer in for an hour).
MIN_SECONDS, MAX_SECONDS = 20, 20 * 60
#: Seconds a report may exceed the wall-clock time since the previous one
#: (the browser's clock, network delay, the last tick before a page is hidden).
SLACK_SECONDS = 10
#: Visit tokens older than this are refused: a phone that was offline for a
#: week still reports, a token copied from last year does not.
VISIT_MAX_AGE = 30 * 24 * 3600
#: The largest cumulative total one visit may claim (one day).
MAX_VISIT_SECONDS = 24 * 3600

_SALT = "courses.study.visit"
# Khmer heads: consonants and independent vowels (U+1780..U+17B3) not written
# as a subscript (after the COENG sign U+17D2).
_KHMER_HEAD = re.compile(r"(?<!\u17d2)[\u1780-\u17b3]")
_KHMER = re.compile(r"[\u1780-\u17ff\u19e0-\u19ff]+")
_WORD = re.compile(r"\w+")


class InvalidVisit(ValueError):
    """A report whose visit token is forged, expired or for another lesson."""


# How long a lesson asks for ----------------------------------------------------


def lesson_text(page) -> str:
    """Every word of the lesson's body (text, callouts, transcripts...)."""
    body = getattr(page, "body", None)
    if not body:
        return ""
    field = type(page)._meta.get_field("body")
    parts = field.stream_block.get_searchable_content(body)
    return strip_tags(" ".join(str(p) for p in parts))


def reading_seconds(text: str) -> float:
    """Seconds to read ``text`` at the brisk paces above, Khmer and English."""
    khmer_letters = len(_KHMER_HEAD.findall(text))
    other_words = len(_WORD.findall(_KHMER.sub(" ", text)))
    return 60 * (
        other_words / WORDS_PER_MINUTE + khmer_letters / KHMER_LETTERS_PER_MINUTE
    )


def derived_seconds(page) -> int:
    """The minimum derived from the lesson's length, within the floor/ceiling.

    Video and audio blocks carry no duration in the document library, so they
    count through their transcript's words only.
    """
    seconds = math.ceil(reading_seconds(lesson_text(page)))
    return max(MIN_SECONDS, min(MAX_SECONDS, seconds))


def required_seconds(page) -> int:
    """The lesson's minimum study time: the trainer's, or derived from length."""
    minutes = getattr(page, "min_study_minutes", None)
    if minutes is not None:
        return math.ceil(float(minutes) * 60)
    cached = getattr(page, "_derived_study_seconds", None)
    if cached is None:
        cached = page._derived_study_seconds = derived_seconds(page)
    return cached


# Visits --------------------------------------------------------------------------


def issue_visit(enrolment, page, now=None) -> str:
    """A signed token for one view of ``page`` (the record version) by its officer."""
    now = now or timezone.now()
    return signing.dumps(
        {
            "p": page.pk,
            "u": enrolment.user_id,
            "k": secrets.token_hex(8),
            "t": int(now.timestamp()),
        },
        salt=_SALT,
    )


def read_visit(token: str, enrolment, page) -> tuple[str, datetime]:
    """``(key, served_at)`` of a visit token; :class:`InvalidVisit` if unusable."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=VISIT_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidVisit(_("This visit is too old to count.")) from error
    except signing.BadSignature as error:
        raise InvalidVisit(_("The visit code was altered or is not ours.")) from error
    if data.get("p") != page.pk or data.get("u") != enrolment.user_id:
        raise InvalidVisit(_("The visit code belongs to another lesson or officer."))
    return str(data["k"]), datetime.fromtimestamp(int(data["t"]), tz=UTC)


# Crediting reports -------------------------------------------------------------


def record_study(
    enrolment, page, token: str, seconds: int, reached_end: bool, now=None
):
    """Credit a study report of one visit, then apply the lesson's rule.

    ``seconds`` is the visit's cumulative active time as the browser counted
    it. Returns the progress row. Safe to call concurrently and repeatedly:
    the progress row is locked, and only the part of ``seconds`` not yet
    credited to the visit counts, capped as the module docstring says.
    """
    from courses.models import ActivityProgress, StudyVisit

    key, served_at = read_visit(token, enrolment, page)
    now = now or timezone.now()
    seconds = max(0, min(int(seconds), MAX_VISIT_SECONDS))
    with transaction.atomic():
        progress, _created = ActivityProgress.objects.select_for_update().get_or_create(
            enrolment=enrolment, page_id=page.pk
        )
        _serialise_on_enrolment(enrolment, page, now)
        fields = {"last_event_at"}
        if progress.opened_at is None:
            progress.opened_at = min(served_at, now)
            fields.add("opened_at")
        visit, _created = StudyVisit.objects.get_or_create(
            progress=progress,
            key=key,
            defaults={"started_at": served_at, "last_report_at": served_at},
        )
        since_last = (now - visit.last_report_at).total_seconds() + SLACK_SECONDS
        since_opened = (now - progress.opened_at).total_seconds() + SLACK_SECONDS
        credit = min(
            seconds - visit.seconds,
            since_last,
            since_opened - progress.seconds_spent,
        )
        credit = max(0, int(credit))
        if credit:
            visit.seconds += credit
            visit.last_report_at = now
            visit.save(update_fields=["seconds", "last_report_at"])
            progress.seconds_spent += credit
            fields.add("seconds_spent")
        if reached_end and progress.reached_end_at is None:
            progress.reached_end_at = now
            fields.add("reached_end_at")
        progress.last_event_at = now
        progress.save(update_fields=sorted(fields))
        evaluate_activity(enrolment, page, progress, now=now)
    return progress


def _serialise_on_enrolment(enrolment, page, now):
    """Lock the enrolment row (after the progress row, as ``record_event`` does).

    Two tabs finishing a module's last two lessons at once each lock their own
    progress row; without a shared lock each would evaluate the module before
    the other's completion is committed, and neither would complete it.
    """
    from courses.models import Enrolment

    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_page_id=page.pk, last_accessed_at=now
    )


def record_confirmation(enrolment, page, now=None):
    """The officer pressed "I have read this": record it and apply the rule."""
    return _record_on_locked_progress(
        enrolment,
        page,
        lambda progress, now: progress.events.setdefault(CONFIRMED, now.isoformat()),
        now,
    )


def _record_on_locked_progress(enrolment, page, change, now=None):
    from courses.models import ActivityProgress

    now = now or timezone.now()
    with transaction.atomic():
        progress, _created = ActivityProgress.objects.select_for_update().get_or_create(
            enrolment=enrolment, page_id=page.pk
        )
        _serialise_on_enrolment(enrolment, page, now)
        change(progress, now)
        progress.last_event_at = now
        progress.opened_at = progress.opened_at or now
        progress.save(update_fields=["events", "last_event_at", "opened_at"])
        evaluate_activity(enrolment, page, progress, now=now)
    return progress


# What the page says ------------------------------------------------------------


@dataclass(frozen=True)
class StudyStatus:
    """Where an officer stands with a lesson, for the page and the script."""

    rule: str
    complete: bool
    required: int
    spent: int
    reached_end: bool

    @property
    def remaining(self) -> int:
        return max(0, self.required - self.spent)

    @property
    def message(self) -> str:
        """The status in words, in the active language."""
        if self.complete:
            return _("Done: this lesson is complete.")
        if self.rule == "lesson_confirmed":
            return _("When you have read the lesson, press “I have read this”.")
        if self.remaining:
            minutes = max(1, math.ceil(self.remaining / 60))
            return ngettext(
                "Keep reading: about %(minutes)d more minute.",
                "Keep reading: about %(minutes)d more minutes.",
                minutes,
            ) % {"minutes": minutes}
        if not self.reached_end:
            return _("Read on to the end of the lesson to complete it.")
        return _("Keep reading.")

    def as_json(self) -> dict:
        return {
            "complete": self.complete,
            "message": self.message,
            "required": self.required,
            "spent": self.spent,
            "remaining": self.remaining,
            "reached_end": self.reached_end,
        }


def study_status(page, progress) -> StudyStatus:
    """The status of ``progress`` (or of no progress yet) on the lesson ``page``."""
    rule = rule_for(page, ACTIVITY).identifier
    return StudyStatus(
        rule=rule,
        complete=progress is not None and progress.completed_at is not None,
        required=required_seconds(page),
        spent=progress.seconds_spent if progress is not None else 0,
        reached_end=progress is not None and progress.reached_end_at is not None,
    )
