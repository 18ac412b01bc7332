"""Which courses a bank question belongs to, and what a user may do with it.

The question bank is shared, but results are per course. A question
*belongs* to the courses whose quizzes use it: a quiz's fixed slot, or a
random draw from its category (or from a category above it, when the draw
includes sub-categories). A course's language versions are one course: a
quiz under the Khmer version belongs to the same course as one under the
English version. The rule, for every route of the bank:

- **change** (edit, delete, move, create or import into a category): only
  when the user may edit the pages of *every* course that uses the question,
  the same answer the page editor gives (``page.permissions_for_user(user)
  .can_edit()``: a trainer's own courses and their translations; a lead
  trainer's every course; everything for a platform admin). Adding or moving
  a question *into* a category changes every quiz that draws from it, so the
  target category's courses count too. Otherwise the change is refused and
  the message names the course that blocks it. A question no quiz uses is
  bank authoring: any user with the bank permissions changes it, as before.
- **see** (index, chooser, preview, statistics, history, usage, export, the
  edit form): questions no quiz uses, and those of at least one course whose
  pages the user may edit.
- **use** (the quiz page editor): a fixed slot or a random draw adds the
  quiz's course to what it uses, so it follows the change rule unless the
  quiz's course uses it already (``plugins.quiz.admin.quiz_scope``).
- **results** (regrade, statistics, marking): only attempts of the courses
  the user trains (``accounts.scope``), all for a platform admin. A lead
  trainer who trains no course edits content but changes no officer's score.

Refusing, rather than forking a copy for the trainer's own quizzes: a random
draw picks from a category, not from a list of questions, so a copy in the
same category would still be drawn by the other course's quiz, and one in
another category would change what the trainer's own draws offer.

One :class:`BankAccess` per request (:func:`bank_access`), kept on the user
object like the scope; it reads the courses, the draws and the category tree
once (three queries), and the slots of the questions it is asked about.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.scope import scope_for
from plugins.quiz.models import Question, QuizCategoryDraw, QuizQuestion

_CACHE_ATTRIBUTE = "_quiz_bank_access"
#: Page paths grow by four characters a level (Wagtail's treebeard steps).
_STEP = 4


@dataclass(frozen=True)
class Owner:
    """A course (all its language versions) whose quizzes use something.

    ``key`` is the course's translation key, or the quiz path for a quiz
    outside any course (only an admin may change what such a quiz uses).
    """

    key: str
    editable: bool
    #: The quiz's title, for a quiz outside any course (a course's title is
    #: looked up only when a refusal names it: :meth:`BankAccess.blocking`).
    quiz_title: str = ""


class BankAccess:
    """What one user may see and change in the question bank, by course."""

    def __init__(self, user):
        self.user = user
        self.scope = scope_for(user)
        self.everything = self.scope.is_admin

    # What is read once ------------------------------------------------------

    @cached_property
    def courses_by_path(self) -> dict[str, object]:
        from courses.models import CoursePage

        return {course.path: course for course in CoursePage.objects.all()}

    @cached_property
    def _record_titles(self) -> dict[str, str]:
        """Each course's title (its record version's, first created), by key."""
        titles: dict[str, tuple[int, str]] = {}
        for course in self.courses_by_path.values():
            key = str(course.translation_key)
            if key not in titles or course.pk < titles[key][0]:
                titles[key] = (course.pk, course.localized_title)
        return {key: title for key, (_pk, title) in titles.items()}

    @cached_property
    def _editable(self) -> dict[int, bool]:
        return {}

    def may_edit_course(self, course) -> bool:
        """Whether the page editor would let the user edit ``course``'s pages."""
        if self.everything:
            return True
        if course.pk not in self._editable:
            self._editable[course.pk] = bool(
                self.user.is_active
                and course.permissions_for_user(self.user).can_edit()
            )
        return self._editable[course.pk]

    def owner_of(self, quiz_path: str, quiz_title: str) -> Owner:
        """The course a quiz at ``quiz_path`` belongs to."""
        for length in range(len(quiz_path) - _STEP, 0, -_STEP):
            course = self.courses_by_path.get(quiz_path[:length])
            if course is not None:
                return Owner(
                    key=str(course.translation_key),
                    editable=self.may_edit_course(course),
                )
        return Owner(key=quiz_path, editable=self.everything, quiz_title=quiz_title)

    def owner_below(self, parent_path: str, quiz_title: str) -> Owner:
        """The course a new quiz made under the page at ``parent_path`` joins."""
        return self.owner_of(parent_path + "0" * _STEP, quiz_title)

    @cached_property
    def tree(self) -> dict[int, set[int]]:
        from plugins.quiz.selection import category_descendants

        return category_descendants()

    def pool(self, category_id: int, include_subcategories: bool) -> set[int]:
        """The categories a draw from ``category_id`` picks questions from."""
        if include_subcategories:
            return self.tree.get(category_id, {category_id})
        return {category_id}

    @cached_property
    def draws(self) -> list[tuple[set[int], bool, Owner, str]]:
        """Every random draw: (its pool, includes sub-categories, owner, quiz path)."""
        return [
            (
                self.pool(category_id, include_subcategories),
                include_subcategories,
                self.owner_of(path, title),
                path,
            )
            for category_id, include_subcategories, path, title in (
                QuizCategoryDraw.objects.order_by().values_list(
                    "category_id",
                    "include_subcategories",
                    "quiz__path",
                    "quiz__title",
                )
            )
        ]

    @cached_property
    def drawn_categories(self) -> set[int]:
        """Categories some quiz draws from (with its sub-categories if it says so)."""
        return {pk for pool, _sub, _owner, _path in self.draws for pk in pool}

    # Who uses what ------------------------------------------------------------

    def owners_of_questions(self, question_ids: Iterable[int]) -> dict[int, set[Owner]]:
        """The courses using each question: by a fixed slot or by a draw."""
        ids = list(question_ids)
        owners: dict[int, set[Owner]] = {pk: set() for pk in ids}
        if not ids:
            return owners
        for question_id, path, title in QuizQuestion.objects.filter(
            question_id__in=ids
        ).values_list("question_id", "quiz__path", "quiz__title"):
            owners[question_id].add(self.owner_of(path, title))
        if self.draws:
            for question_id, category_id in Question.objects.filter(
                pk__in=ids
            ).values_list("pk", "category_id"):
                owners[question_id] |= self.owners_drawing_from(category_id)
        return owners

    def owners_drawing_from(self, category_id: int | None) -> set[Owner]:
        """Courses whose quizzes draw from ``category_id`` (a question put
        there may be asked in them)."""
        if category_id is None:
            return set()
        return {owner for pool, _sub, owner, _path in self.draws if category_id in pool}

    def owners_drawing_below(self, category_id: int | None) -> set[Owner]:
        """Courses whose quizzes would draw from a new category made inside
        ``category_id`` (``None``: at the top of the bank, drawn by nobody)."""
        if category_id is None:
            return set()
        return {
            owner
            for pool, include_subcategories, owner, _path in self.draws
            if include_subcategories and category_id in pool
        }

    def owners_for_import(self, target_path: Iterable[str]) -> set[Owner]:
        """Courses whose quizzes could draw a question imported into
        ``target_path`` (names from the top of the bank) or into the file's
        categories, which go inside it."""
        from plugins.quiz.interchange.saving import category_names

        path = tuple(target_path)
        ids = {names: pk for pk, names in category_names().items()}
        target = ids.get(path)
        if target is not None:
            owners: set[Owner] = set()
            for pk in self.tree.get(target, {target}):
                owners |= self.owners_drawing_from(pk)
            return owners
        # The target is new: it is made inside the deepest category that exists.
        for depth in range(len(path) - 1, 0, -1):
            parent = ids.get(path[:depth])
            if parent is not None:
                return self.owners_drawing_below(parent)
        return set()

    # Answers ----------------------------------------------------------------

    def blocking(self, owners: Iterable[Owner]) -> list[str]:
        """Titles of the courses in ``owners`` the user may not change, sorted."""
        if self.everything:
            return []
        return sorted(
            {
                self._record_titles.get(owner.key, owner.quiz_title)
                for owner in owners
                if not owner.editable
            }
        )

    def question_blockers(self, question_ids: Iterable[int]) -> list[str]:
        """Courses that stop the user changing these questions."""
        owners = self.owners_of_questions(question_ids)
        return self.blocking(o for found in owners.values() for o in found)

    def may_see(self, question: Question) -> bool:
        """Whether ``question`` is the user's to see: unused, or used by a
        course whose pages they may edit."""
        if self.everything:
            return True
        owners = self.owners_of_questions([question.pk])[question.pk]
        return not owners or any(owner.editable for owner in owners)

    @cached_property
    def editable_course_paths(self) -> list[str]:
        return [
            path
            for path, course in self.courses_by_path.items()
            if self.may_edit_course(course)
        ]

    def visible_q(self) -> Q:
        """A ``Q`` over :class:`Question`: what :meth:`may_see` allows."""
        if self.everything:
            return Q()
        used = Q(pk__in=QuizQuestion.objects.values("question_id")) | Q(
            category_id__in=sorted(self.drawn_categories)
        )
        paths = self.editable_course_paths
        if not paths:
            return ~used
        under = Q()
        for path in paths:
            under |= Q(quiz__path__startswith=path)
        mine = {
            pk
            for pool, _sub, owner, path in self.draws
            if owner.editable
            for pk in pool
        }
        return (
            ~used
            | Q(pk__in=QuizQuestion.objects.filter(under).values("question_id"))
            | Q(category_id__in=sorted(mine))
        )

    def visible(self, queryset=None):
        """``queryset`` (all questions by default) limited to what the user sees."""
        if queryset is None:
            queryset = Question.objects.all()
        # Translations are not bank questions: they are reached through their
        # source (``plugins.quiz.admin.translating``).
        return queryset.sources().filter(self.visible_q())

    @cached_property
    def trained_course_ids(self) -> list[int]:
        """Every language version of the courses the user trains."""
        keys = {
            str(course.translation_key)
            for course in self.courses_by_path.values()
            if course.pk in self.scope.course_ids
        }
        return sorted(
            {
                course.pk
                for course in self.courses_by_path.values()
                if str(course.translation_key) in keys
            }
            | set(self.scope.course_ids)
        )

    def results_q(self, course: str) -> Q:
        """A ``Q`` limiting rows to attempts of the courses the user trains.

        ``course`` is the lookup to the enrolment's course
        (``"attempt__enrolment__course"`` from an attempt question). Empty
        (everything) for an admin; nothing for a user who trains nothing.
        """
        if self.everything:
            return Q()
        ids = self.trained_course_ids
        if not ids:
            return Q(pk__in=[])
        return Q(**{f"{course}_id__in": ids})


def bank_access(user) -> BankAccess:
    """``user``'s :class:`BankAccess`, worked out once per user object (request)."""
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None or cached.scope is not scope_for(user):
        cached = BankAccess(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_bank_access(user) -> None:
    """Drop the cached access (the bank or the user's courses changed)."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def courses_sentence(titles: list[str]) -> str:
    return ", ".join(f"“{title}”" for title in titles)


def change_refusal(titles: list[str]) -> str:
    """Why a question cannot be changed: the courses using it."""
    return ngettext(
        "It is used by the quizzes of the course %(courses)s, which you do not "
        "train: only that course's trainers may change it.",
        "It is used by the quizzes of the courses %(courses)s, which you do not "
        "all train: only trainers of all of them may change it.",
        len(titles),
    ) % {"courses": courses_sentence(titles)}


def category_refusal(titles: list[str]) -> str:
    """Why questions cannot go into a category: the courses drawing from it."""
    return ngettext(
        "The quizzes of the course %(courses)s, which you do not train, draw "
        "random questions from this category: a question put there would be "
        "asked in them. Choose another category.",
        "The quizzes of the courses %(courses)s, which you do not all train, draw "
        "random questions from this category: a question put there would be "
        "asked in them. Choose another category.",
        len(titles),
    ) % {"courses": courses_sentence(titles)}


def refused_message(question, titles: list[str]) -> str:
    return _("“%(question)s” cannot be changed. %(reason)s") % {
        "question": question,
        "reason": change_refusal(titles),
    }
