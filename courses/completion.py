"""Completion rules and the engine that applies them.

A :class:`CompletionRule` answers one question for one scope: has this
enrolment completed this activity / module / course? The engine calls rules
when something happens (a lesson is viewed, a plugin reports an event), stores
the outcome (``ActivityProgress.completed_at``, ``ModuleCompletion``,
``Enrolment.completed_at``) and sends the lifecycle signals exactly once, even
when two tabs or a double click report the same event at the same time.
Pages read the stored outcome; they never evaluate rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.hooks import completion_rules
from lms import signals

if TYPE_CHECKING:
    from wagtail.models import Page

    from courses.models import ActivityProgress, CoursePage, Enrolment, ModulePage

ACTIVITY, MODULE, COURSE = "activity", "module", "course"
SCOPES = (ACTIVITY, MODULE, COURSE)

#: Event recorded every time an officer opens an activity page.
VIEWED = "viewed"
#: Event recorded when the officer presses "I have read this".
CONFIRMED = "confirmed"


@dataclass(frozen=True)
class ActivityState:
    """What an activity rule sees: the enrolment, the page and its progress row."""

    enrolment: Enrolment
    page: Page
    progress: ActivityProgress


@dataclass(frozen=True)
class ModuleState:
    """What a module rule sees: live activity ids and the completed ones."""

    enrolment: Enrolment
    module: ModulePage
    activity_ids: tuple[int, ...]
    completed_activity_ids: frozenset[int]


@dataclass(frozen=True)
class CourseState:
    """What a course rule sees: live module ids and the completed ones."""

    enrolment: Enrolment
    course: CoursePage
    module_ids: tuple[int, ...]
    completed_module_ids: frozenset[int]


class CompletionRule:
    """Base class for completion rules (the ``lms_register_completion_rules`` hook).

    Subclasses set:

    ``identifier``
        Stable, unique, stored on pages that use the rule. Never rename it.
    ``label``
        Short translatable name shown to authors.
    ``scope``
        ``"activity"``, ``"module"`` or ``"course"``: which pages may use it.
    ``description``
        One translatable sentence for authors.
    ``page_types``
        Model labels (``"quiz.QuizPage"``) of the page types the rule applies
        to; a subclass of a listed type counts. Empty (the default): every
        page of the scope. Authors are offered, and the editor accepts, only
        the rules that apply to the page being edited (see :meth:`applies_to`).

    and implement :meth:`is_complete`. It must be deterministic, must not write
    to the database, and should not query it for activity rules (the progress
    row holds every recorded event, the study time and the end reached).
    """

    identifier: ClassVar[str]
    label: ClassVar[str]
    scope: ClassVar[str]
    description: ClassVar[str] = ""
    page_types: ClassVar[tuple[str, ...]] = ()

    def applies_to(self, page_class) -> bool:
        """Whether pages of ``page_class`` may use this rule (see ``page_types``).

        Override for a finer test; the default reads ``page_types``.
        """
        if not self.page_types:
            return True
        labels = {
            klass._meta.label
            for klass in getattr(page_class, "__mro__", ())
            if hasattr(klass, "_meta") and not klass._meta.abstract
        }
        return bool(labels & set(self.page_types))

    def is_complete(self, state: ActivityState | ModuleState | CourseState) -> bool:
        """Whether the enrolment has completed the page described by ``state``."""
        raise NotImplementedError

    def __repr__(self):
        return f"<{type(self).__name__} {self.identifier!r} ({self.scope})>"


class LessonViewedRule(CompletionRule):
    """Opening is enough. Kept (its identifier is stored) for pages that are
    only a notice; it is no longer the default: opening is not studying."""

    identifier = "lesson_viewed"
    label = _("Opened (no study needed)")
    scope = ACTIVITY
    description = _("Complete as soon as the officer opens the page.")

    def is_complete(self, state: ActivityState) -> bool:
        return VIEWED in state.progress.events


class LessonStudiedRule(CompletionRule):
    """The default for lessons: reached the end and spent the minimum time.

    The minimum is the lesson's own (set by a trainer) or derived from its
    length (``courses.study.required_seconds``); time and the end are reported
    by the lesson page's script and stored on the progress row.
    """

    identifier = "lesson_studied"
    label = _("Studied (read to the end, for the minimum time)")
    scope = ACTIVITY
    description = _(
        "Complete when the officer has reached the end of the lesson and spent "
        "at least its minimum study time on it."
    )
    page_types = ("courses.LessonPage",)

    def is_complete(self, state: ActivityState) -> bool:
        from courses.study import required_seconds

        progress = state.progress
        return (
            progress.reached_end_at is not None
            and progress.seconds_spent >= required_seconds(state.page)
        )


class LessonConfirmedRule(CompletionRule):
    """The officer says so, with the lesson's "I have read this" button."""

    identifier = "lesson_confirmed"
    label = _("Confirmed (“I have read this” button)")
    scope = ACTIVITY
    description = _(
        "Complete when the officer presses “I have read this” at the end of the lesson."
    )
    page_types = ("courses.LessonPage",)

    def is_complete(self, state: ActivityState) -> bool:
        return CONFIRMED in state.progress.events


class AllActivitiesCompleteRule(CompletionRule):
    identifier = "all_activities_complete"
    label = _("All activities complete")
    scope = MODULE
    description = _("Complete when every published lesson and activity in it is.")

    def is_complete(self, state: ModuleState) -> bool:
        return set(state.activity_ids) <= state.completed_activity_ids


class AllModulesCompleteRule(CompletionRule):
    identifier = "all_modules_complete"
    label = _("All modules complete")
    scope = COURSE
    description = _("Complete when every published module in it is.")

    def is_complete(self, state: CourseState) -> bool:
        return (
            bool(state.module_ids)
            and set(state.module_ids) <= state.completed_module_ids
        )


DEFAULT_RULES = {
    ACTIVITY: LessonStudiedRule.identifier,
    MODULE: AllActivitiesCompleteRule.identifier,
    COURSE: AllModulesCompleteRule.identifier,
}


class UnknownCompletionRule(LookupError):
    """A page names a rule that no installed plugin provides."""


def default_rule(scope: str, page_class=None) -> str:
    """The identifier a page gets when its author chooses none.

    For activities that is "studied" where it applies (lessons) and else the
    first installed rule that applies to the page type (a plugin's own).
    """
    identifier = DEFAULT_RULES[scope]
    if page_class is None:
        return identifier
    rule = completion_rules.get(identifier)
    if rule is not None and rule.applies_to(page_class):
        return identifier
    choices = rule_choices(scope, page_class)
    return choices[0][0] if choices else identifier


def rule_for(page, scope: str) -> CompletionRule:
    """The rule a page uses; raises :class:`UnknownCompletionRule` if uninstalled.

    A stored rule that does not apply to the page's type (saved before rules
    declared their page types) is still returned: the editor refuses it on
    the next save, and serving the page must not fail meanwhile.
    """
    identifier = page.completion_rule or default_rule(scope, type(page))
    rule = completion_rules.get(identifier)
    if rule is None or rule.scope != scope:
        raise UnknownCompletionRule(
            f"Page {page.pk} ({page.title!r}) uses the {scope} completion rule "
            f"{identifier!r}, which is not installed."
        )
    return rule


def rule_choices(scope: str, page_class=None) -> list[tuple[str, str]]:
    """``(identifier, label)`` pairs of the installed rules for a scope.

    With ``page_class``, only the rules that apply to that page type.
    """
    return [
        (r.identifier, str(r.label))
        for r in completion_rules
        if r.scope == scope and (page_class is None or r.applies_to(page_class))
    ]


# The engine ------------------------------------------------------------------


def record_event(
    enrolment: Enrolment, page: Page, event: str = VIEWED, *, now=None
) -> ActivityProgress:
    """Record that ``event`` happened on an activity page, then apply the rules.

    Safe to call concurrently for the same enrolment and page: the progress row
    is created once, locked while updated, and each completion (activity,
    module, course) is stored and signalled once. ``now`` (default: the
    current time) is when it happened.
    """
    from courses.models import ActivityProgress, Enrolment

    page = page.specific
    now = now or timezone.now()
    with transaction.atomic():
        # Locks the row (or, on a race to create it, re-reads it locked).
        progress, _ = ActivityProgress.objects.select_for_update().get_or_create(
            enrolment=enrolment, page_id=page.pk
        )
        progress.events.setdefault(event, now.isoformat())
        progress.last_event_at = now
        fields = ["events", "last_event_at"]
        if event == VIEWED and progress.opened_at is None:
            progress.opened_at = now
            fields.append("opened_at")
        progress.save(update_fields=fields)
        Enrolment.objects.filter(pk=enrolment.pk).update(
            last_page_id=page.pk, last_accessed_at=now
        )
        evaluate_activity(enrolment, page, progress, now=now)
    return progress


def evaluate_activity(enrolment, page, progress, *, now=None) -> bool:
    """Apply the activity's rule to a progress row the caller has locked.

    Stores and signals a new completion (and goes on to the module and the
    course). Returns whether the activity is complete.
    """
    if progress.completed_at is not None:
        return True
    now = now or timezone.now()
    state = ActivityState(enrolment, page, progress)
    if not rule_for(page, ACTIVITY).is_complete(state):
        return False
    _complete_activity(enrolment, page, progress, now)
    return True


def _complete_activity(enrolment, page, progress, now):
    from courses.models import ActivityProgress

    won = ActivityProgress.objects.filter(
        pk=progress.pk, completed_at__isnull=True
    ).update(completed_at=now)
    if not won:
        return
    progress.completed_at = now
    signals.lesson_completed.send(
        sender=type(page), enrolment=enrolment, page=page, progress=progress
    )
    evaluate_module(enrolment, page.get_parent().specific, now=now)


def evaluate_module(
    enrolment: Enrolment, module: ModulePage, *, now=None, cascade: bool = True
) -> bool:
    """Apply the module's rule; store and signal a new completion. Returns done-ness.

    A new completion goes on to evaluate the course unless ``cascade`` is false
    (``evaluate_course`` itself passes false).
    """
    from courses.models import ActivityProgress, ModuleCompletion
    from courses.structure import live_activity_ids

    now = now or timezone.now()
    if ModuleCompletion.objects.filter(enrolment=enrolment, module=module).exists():
        return True
    activity_ids = tuple(live_activity_ids(module))
    completed = frozenset(
        ActivityProgress.objects.filter(
            enrolment=enrolment, page_id__in=activity_ids, completed_at__isnull=False
        ).values_list("page_id", flat=True)
    )
    state = ModuleState(enrolment, module, activity_ids, completed)
    if not rule_for(module, MODULE).is_complete(state):
        return False
    _, created = ModuleCompletion.objects.get_or_create(
        enrolment=enrolment, module=module, defaults={"completed_at": now}
    )
    if created:
        signals.module_completed.send(
            sender=type(module), enrolment=enrolment, module=module
        )
        if cascade:
            evaluate_course(enrolment, now=now)
    return True


def evaluate_course(enrolment: Enrolment, *, now=None) -> bool:
    """Apply the course's rule; store and signal a new completion. Returns done-ness."""
    from courses.models import Enrolment, ModuleCompletion, ModulePage
    from courses.structure import live_module_ids

    now = now or timezone.now()
    course = enrolment.course
    module_ids = tuple(live_module_ids(course))
    completed = set(
        ModuleCompletion.objects.filter(
            enrolment=enrolment, module_id__in=module_ids
        ).values_list("module_id", flat=True)
    )
    # Modules are otherwise evaluated only when one of their activities completes,
    # so a live module whose rule is already met without that (no live activity
    # left in it, say) would block the course for ever. Rare: this runs only when
    # a module has just been completed.
    pending = [pk for pk in module_ids if pk not in completed]
    for module in ModulePage.objects.filter(pk__in=pending):
        if evaluate_module(enrolment, module, now=now, cascade=False):
            completed.add(module.pk)
    state = CourseState(enrolment, course, module_ids, frozenset(completed))
    if not rule_for(course, COURSE).is_complete(state):
        return False
    won = Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
        completed_at=now
    )
    if won:
        enrolment.completed_at = now
        signals.course_completed.send(sender=Enrolment, enrolment=enrolment)
    return True
