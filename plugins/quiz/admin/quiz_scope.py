"""What a quiz page's editor may put into the quiz, by the bank's course rule.

A question put into a quiz, in a fixed slot or through a random draw, is
from then on *used* by the quiz's course (``course_scope``). That shows it
to whoever edits the quiz (in the editor and the preview), and it adds the
course to those whose pages a user must all edit to change the question.
So the quiz page form applies the bank's *change* rule to what a save adds:

- **A fixed slot** takes a question when the user may change it (every
  course using it is one whose pages they may edit; a question no quiz
  uses is anyone's), or when the quiz's own course, which the user edits,
  uses it already: it then shows nothing new and adds no course to it.
- **A random draw** takes a category by the same rule, applied to all the
  draw reaches: each category of its pool (the category, with its
  sub-categories when the draw includes them) and each question in them.
  A category counts with the courses that draw from it, as when questions
  are put into it in the bank: whatever is put there later is asked in
  this quiz too.
- What the quiz holds already, saved or in its latest draft, is kept,
  whoever put it there: a question in its slots, a category its draws
  reach. An admin may have put another course's question into it; its
  trainers still save the page unchanged.
- A platform admin is never refused. A refusal names the question's slot
  or the draw, and the courses that block it; it stops the whole save
  (Wagtail keeps the page unsaved), preview included.

The draw panel lists only the categories the user may draw from, and the
one each draw holds already; a draw that reaches further through its
sub-categories is still checked when saved.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.utils.functional import cached_property
from django.utils.translation import ngettext

from plugins.quiz.admin.course_scope import Owner, bank_access, courses_sentence
from plugins.quiz.models import QuestionCategory, QuizCategoryDraw, QuizQuestion


class QuizScope:
    """The rule for one quiz page form: bound to the user, the quiz and what
    it holds before the save (:meth:`bind`, once the form is built)."""

    def __init__(self):
        self.bound = False

    def bind(self, user, quiz, parent_page=None) -> None:
        # A form built without a user (not one of the admin's) refuses what
        # a user editing no course would be refused.
        self.access = bank_access(user if user is not None else AnonymousUser())
        self.quiz = quiz
        self.parent_page = parent_page
        self.bound = True
        if self.everything:
            return
        self.kept_questions, self.kept_draws = self._held(quiz)

    @property
    def everything(self) -> bool:
        return self.access.everything

    @staticmethod
    def _held(quiz) -> tuple[set[int], set[tuple[int, bool]]]:
        """The questions and draws the quiz holds: live and in its draft."""
        if quiz.pk is None:
            return set(), set()
        questions = {slot.question_id for slot in quiz.slots.all()}
        questions |= set(
            QuizQuestion.objects.filter(quiz_id=quiz.pk).values_list(
                "question_id", flat=True
            )
        )
        draws = {
            (draw.category_id, draw.include_subcategories)
            for draw in quiz.category_draws.all()
        }
        draws |= set(
            QuizCategoryDraw.objects.filter(quiz_id=quiz.pk).values_list(
                "category_id", "include_subcategories"
            )
        )
        return questions, draws

    @cached_property
    def kept_categories(self) -> set[int]:
        kept: set[int] = set()
        for category_id, include_subcategories in self.kept_draws:
            kept |= self.access.pool(category_id, include_subcategories)
        return kept

    @cached_property
    def here(self) -> Owner:
        """The course of the quiz being edited (or made)."""
        title = self.quiz.title or ""
        if self.quiz.path:
            return self.access.owner_of(self.quiz.path, title)
        if self.parent_page is not None:
            return self.access.owner_below(self.parent_page.path, title)
        return Owner(key="", editable=self.everything, quiz_title=title)

    def blockers(self, owners: Iterable[Owner]) -> list[str]:
        """Titles of the courses that stop this quiz's course joining ``owners``."""
        owners = set(owners)
        if self.here in owners and self.here.editable:
            return []
        return self.access.blocking(owners)

    # Fixed slots ---------------------------------------------------------------

    def question_blockers(self, question_ids: Iterable[int]) -> dict[int, list[str]]:
        """For each question not yet in the quiz, the courses refusing it."""
        if self.everything:
            return {}
        new = {pk for pk in question_ids if pk not in self.kept_questions}
        return {
            pk: self.blockers(owners)
            for pk, owners in self.access.owners_of_questions(sorted(new)).items()
        }

    # Random draws --------------------------------------------------------------

    def category_blockers(self, category_ids: Iterable[int] | None) -> dict[int, set]:
        """For each category (all when ``None``), the courses refusing a draw
        from it: its own drawers', and those of each question in it."""
        if category_ids is None:
            ids = set(QuestionCategory.objects.sources().values_list("pk", flat=True))
            slots = QuizQuestion.objects.all()
        else:
            ids = set(category_ids)
            slots = QuizQuestion.objects.filter(question__category_id__in=sorted(ids))
        drawers = {pk: self.access.owners_drawing_from(pk) for pk in ids}
        found = {pk: set(self.blockers(drawers[pk])) for pk in ids}
        by_question: dict[int, tuple[int, set[Owner]]] = {}
        for question_id, category_id, path, title in slots.order_by().values_list(
            "question_id", "question__category_id", "quiz__path", "quiz__title"
        ):
            row = by_question.setdefault(question_id, (category_id, set()))
            row[1].add(self.access.owner_of(path, title))
        for category_id, owners in by_question.values():
            if category_id in found:
                found[category_id] |= set(self.blockers(owners | drawers[category_id]))
        return found

    def draw_blockers(self, category_id: int, include_subcategories: bool) -> list[str]:
        """The courses refusing a draw from ``category_id`` in this quiz."""
        if self.everything:
            return []
        pool = self.access.pool(category_id, include_subcategories)
        found = self.category_blockers(pool - self.kept_categories)
        return sorted(set().union(*found.values()))

    @cached_property
    def drawable(self) -> set[int] | None:
        """Categories the draw panel offers (``None``: every one)."""
        if not self.bound or self.everything:
            return None
        return {
            pk for pk, titles in self.category_blockers(None).items() if not titles
        } | self.kept_categories


def slot_refusal(position: int, titles: list[str]) -> str:
    """Why the question in slot ``position`` cannot go into this quiz."""
    return ngettext(
        "Question %(position)d cannot go into this quiz: it is used by the "
        "quizzes of the course %(courses)s, which you do not train. Only that "
        "course's trainers may add it to other courses' quizzes.",
        "Question %(position)d cannot go into this quiz: it is used by the "
        "quizzes of the courses %(courses)s, which you do not all train. Only "
        "trainers of all of them may add it to other courses' quizzes.",
        len(titles),
    ) % {"position": position, "courses": courses_sentence(titles)}


def draw_refusal(position: int, category: str, titles: list[str]) -> str:
    """Why random draw ``position`` cannot draw from ``category``."""
    return ngettext(
        "Random draw %(position)d cannot draw from “%(category)s”: the quizzes "
        "of the course %(courses)s, which you do not train, use its questions "
        "or draw from it. Choose another category.",
        "Random draw %(position)d cannot draw from “%(category)s”: the quizzes "
        "of the courses %(courses)s, which you do not all train, use its "
        "questions or draw from it. Choose another category.",
        len(titles),
    ) % {
        "position": position,
        "category": category,
        "courses": courses_sentence(titles),
    }
