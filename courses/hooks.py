"""Extension points that ``courses`` offers to plugins.

The ``lms_register_*`` hooks are implemented in a plugin's ``wagtail_hooks.py``
by a function that takes no arguments and returns a list; Wagtail's ``order=``
decides ordering.
Items are collected lazily into the registries below (see ``lms.registry``);
two items with the same identifier are refused (system check ``lms.E003``).
Identifiers end up in the database: never rename one.

``lms_register_lesson_blocks``
    Returns ``[(name, block), ...]``: Wagtail ``Block`` instances offered in the
    lesson body next to the built-in blocks. ``name`` is the identifier stored
    in each lesson's JSON. Plugin blocks are not written into core migrations,
    so installing or removing a plugin never changes them; lessons that hold a
    block of a removed plugin keep its data and skip it when rendering.

``lms_register_activity_pages``
    Returns page model classes that subclass ``courses.models.ActivityPage``.
    They may be created under a module, count towards its completion and show
    in the course outline. Identifier: the model's label (``"quiz.QuizPage"``).

``lms_register_completion_rules``
    Returns ``courses.completion.CompletionRule`` instances. A rule decides,
    for one scope (``activity``, ``module`` or ``course``), whether an
    enrolment has completed a page. Authors pick a rule per page in the admin,
    among the rules whose ``page_types`` (or ``applies_to()``) fit the page's
    type; the editor refuses one that does not fit.
    Identifier: ``rule.identifier``.

Two hooks have no registry: they are called with arguments, and nothing is
collected.

``lms_load_demo_content``
    Lets a plugin add its part of the demo (``manage.py load_demo``, which
    ``make run`` calls). Implemented in a plugin's ``wagtail_hooks.py`` by a
    function ``fn(report, courses)`` that returns nothing:

    - ``report`` is the loader's ``courses.demo.loader.LoadReport``: call
      ``report.count(kind, created)`` for every object looked up or created
      (``kind`` is a plural noun such as ``"quiz questions"``), and
      ``report.warn(message)`` for demo content that was skipped.
    - ``courses`` maps each demo course's slug to its live ``CoursePage``
      (modules and lessons already loaded).

    The loader calls every implementation after it has loaded the courses,
    users and groups, inside the same transaction: an exception rolls back
    the whole demo. Implementations must be idempotent (look objects up by a
    natural key and leave existing ones as they are, so that a second run
    creates nothing and a trainer's edits survive). Wagtail's ``order=``
    decides the order in which plugins run.

``lms_course_admin_summary``
    Adds figures or links to the trainers' "My courses" panel in the Wagtail
    admin (``courses.authoring.admin_home``), such as the quiz plugin's
    essays to mark or the portal's reports. Implemented by a function
    ``fn(request, courses)``: ``courses`` is the list of ``CoursePage``
    objects on the panel (each language version a row), already limited to
    the courses ``request.user`` may see; it returns ``None`` or an iterable
    of :class:`CourseSummaryItem`. It must cost a fixed number of queries
    whatever the number of courses (the panel is checked for it), and must
    count only rows the user may see (``accounts.scope``). Wagtail's
    ``order=`` decides the order of the items.

``lms_page_translatable_objects``
    Names the objects that are translated along with a course page: a quiz's
    bank questions, say, which live outside the page tree but are part of the
    course a translator works through. Implemented by a function
    ``fn(page)``: ``page`` is a specific page of a course (the course, a
    module or an activity page) in its source locale; it returns ``None`` or
    an iterable of ``wagtail.models.TranslatableMixin`` instances in the same
    locale (never pages: the course's pages are listed already). Called for
    every page of the course, so return nothing, without a query, for pages
    that are not yours, and at most a fixed number of queries for yours
    (select and prefetch what ``str(obj)`` and the object's translatable
    fields read). The order returned is the order translators see.
    Exceptions propagate, as for every other hook: a broken plugin is a
    visible error, never a course that silently looks fully translated.
    Read through :func:`page_translatable_objects`; used by the course
    translation status and PO export (``courses.translation_status``,
    ``courses.translation_po``).
"""

from dataclasses import dataclass, field

from django.db import models

from lms.registry import Registry

LESSON_BLOCKS_HOOK = "lms_register_lesson_blocks"
ACTIVITY_PAGES_HOOK = "lms_register_activity_pages"
COMPLETION_RULES_HOOK = "lms_register_completion_rules"
DEMO_CONTENT_HOOK = "lms_load_demo_content"
COURSE_ADMIN_SUMMARY_HOOK = "lms_course_admin_summary"
PAGE_TRANSLATABLE_OBJECTS_HOOK = "lms_page_translatable_objects"


@dataclass
class CourseSummaryItem:
    """One figure (or link) per course on the "My courses" admin panel."""

    #: What the figure counts, translated ("Essays to mark").
    label: str
    #: Course page pk -> the figure; a course missing here shows nothing.
    values: dict[int, int | str] = field(default_factory=dict)
    #: Course page pk -> where the figure (or, without one, the label) links.
    urls: dict[int, str] = field(default_factory=dict)


def _validate_block(item):
    from wagtail.blocks import Block

    if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Block)):
        raise TypeError(
            f"{LESSON_BLOCKS_HOOK} must return (name, Block instance) pairs, "
            f"got {item!r}"
        )


def _validate_activity_page(model):
    from courses.models import ActivityPage

    if not (isinstance(model, type) and issubclass(model, ActivityPage)):
        raise TypeError(
            f"{ACTIVITY_PAGES_HOOK} must return subclasses of "
            f"courses.models.ActivityPage, got {model!r}"
        )


def _validate_rule(rule):
    from courses.completion import SCOPES, CompletionRule

    if not isinstance(rule, CompletionRule) or rule.scope not in SCOPES:
        raise TypeError(
            f"{COMPLETION_RULES_HOOK} must return CompletionRule instances whose "
            f"scope is one of {SCOPES}, got {rule!r}"
        )


lesson_blocks = Registry(
    LESSON_BLOCKS_HOOK,
    kind="lesson block",
    identify=lambda item: item[0],
    validate=_validate_block,
)
activity_pages = Registry(
    ACTIVITY_PAGES_HOOK,
    kind="activity page",
    identify=lambda model: model._meta.label,
    validate=_validate_activity_page,
)
completion_rules = Registry(
    COMPLETION_RULES_HOOK,
    kind="completion rule",
    validate=_validate_rule,
)


def activity_page_models() -> list[type[models.Model]]:
    """Every page model that counts as an activity inside a module."""
    return list(activity_pages)


def page_translatable_objects(page) -> list:
    """The objects translated along with ``page`` (``lms_page_translatable_objects``).

    Every implementation is called in Wagtail's hook order; the results are
    joined in that order, each object once (by model and primary key).
    Raises ``TypeError`` naming the implementation when it returns something
    that is not a translatable model instance, or a page. Exceptions of an
    implementation propagate.
    """
    from wagtail import hooks
    from wagtail.models import Page, TranslatableMixin

    objects: list = []
    seen: set[tuple[str, object]] = set()
    for fn in hooks.get_hooks(PAGE_TRANSLATABLE_OBJECTS_HOOK):
        for obj in fn(page) or ():
            if not isinstance(obj, TranslatableMixin) or isinstance(obj, Page):
                raise TypeError(
                    f"{PAGE_TRANSLATABLE_OBJECTS_HOOK} implementation "
                    f"{fn.__module__}.{fn.__qualname__} must return translatable "
                    f"model instances that are not pages, got {obj!r}"
                )
            key = (obj._meta.label, obj.pk)
            if key not in seen:
                seen.add(key)
                objects.append(obj)
    return objects
