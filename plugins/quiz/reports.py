"""The quiz plugin's portal reports: results per officer, statistics per question.

Registered through ``lms_register_reports`` (``plugins.quiz.wagtail_hooks``),
as an external plugin would. Both scope their rows with ``Report.scope_q``.

Question statistics follow Moodle's quiz statistics, over graded attempts
(finished, nothing left to mark), for each question of each quiz: facility
index, standard deviation and discrimination index, computed by
``plugins.quiz.item_analysis`` (which the question bank's statistics page
uses too).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.report_columns import officer_core_columns
from courses.models import CoursePage
from courses.translations import localized_titles
from lms.numerals import round_score
from plugins.quiz.item_analysis import (  # noqa: F401 (re-exported)
    UNDEFINED,
    QuestionStatistics,
    question_statistics,
)
from plugins.quiz.models import (
    Attempt,
    AttemptQuestion,
    AttemptState,
    Question,
    QuizPage,
)
from portal.reports.base import TRAINER, Column, Report, officer_columns
from portal.reports.core import CHUNK_SIZE
from portal.reports.filters import (
    CourseFilterForm,
    ReportFilterForm,
    apply_filters,
)

CORE = officer_core_columns()
#: The core officer columns' values, read as one value per (officer, quiz)
#: group under these names.
CORE_ALIASES = {
    f"officer_{n}": Max(field) for n, field in enumerate(CORE.fields("user__"))
}


class QuizResultsReport(Report):
    """One row per officer and quiz, over finished attempts."""

    identifier = "quiz_results"
    title = _("Quiz results")
    description = _(
        "For each officer and quiz: finished attempts, best result, last "
        "attempt, whether they passed and answers still to be marked. The dates "
        "filter the submission date."
    )
    columns = (
        *officer_columns(),
        Column("course", _("Course")),
        Column("quiz", _("Quiz")),
        Column("attempts", _("Attempts"), numeric=True),
        Column("best_percent", _("Best (%)"), numeric=True),
        Column("last_attempt", _("Last attempt")),
        Column("passed", _("Passed")),
        Column("pending_marking", _("Answers to mark"), numeric=True),
    )
    filter_form_class = ReportFilterForm

    def grouped(self, filters: dict):
        attempts = Attempt.objects.filter(
            self.scope_q(user="user", course="enrolment__course"),
            state=AttemptState.FINISHED,
        )
        attempts = apply_filters(
            attempts, filters, course="enrolment__course", date="submitted_at"
        )
        return attempts.order_by().values("user_id", "quiz_id")

    def count(self, filters: dict) -> int:
        return self.grouped(filters).distinct().count()

    def rows(self, filters: dict):
        values = (
            self.grouped(filters)
            .annotate(
                attempts=Count("pk"),
                best=Max("percent"),
                last=Max("submitted_at"),
                passes=Count("pk", filter=Q(passed=True)),
                pending=Sum("pending_marking"),
                # One value per group (an officer has one name, a quiz one
                # title): read with the group, not per row.
                **CORE_ALIASES,
                officer_full_name=Max("user__full_name"),
                course_title=Max("enrolment__course__title"),
                course_pk=Max("enrolment__course_id"),
                quiz_title=Max("quiz__title"),
            )
            .order_by(
                "officer_full_name", "user_id", "course_title", "quiz_title", "quiz_id"
            )
        )
        # Titles in the reader's language (the pages' translations), read once
        # for every quiz and course of the report.
        pages = self.grouped(filters).values_list("quiz_id", "enrolment__course_id")
        titles = localized_titles({pk for pair in pages.distinct() for pk in pair})
        for row in values.iterator(chunk_size=CHUNK_SIZE):
            if row["passes"]:
                passed = _("Yes")
            elif row["pending"]:
                passed = _("Waiting for marking")
            else:
                passed = _("No")
            yield (
                *CORE.cells([row[alias] for alias in CORE_ALIASES]),
                titles.get(row["course_pk"], (row["course_title"],))[0],
                titles.get(row["quiz_id"], (row["quiz_title"],))[0],
                row["attempts"],
                round_score(row["best"]),
                row["last"],
                str(passed),
                row["pending"] or 0,
            )


def _shown(value: float | None):
    # One decimal, half up, like every score (lms.numerals).
    return UNDEFINED if value is None else round_score(value)


class QuestionStatisticsReport(Report):
    """Per question of each quiz the user trains: facility and discrimination."""

    identifier = "question_statistics"
    title = _("Question statistics")
    description = _(
        "For each question of your courses' quizzes, over graded attempts: how "
        "easy it was (facility index, the mean score in per cent), how spread "
        "out the scores were (standard deviation) and how well it separates "
        "stronger from weaker officers (discrimination index, 100 times the "
        "correlation with the rest of the attempt). “—” means not enough data."
    )
    audiences = frozenset({TRAINER})
    # One row per question, not per officer: no officer columns.
    about_officers = False
    columns = (
        Column("course", _("Course")),
        Column("quiz", _("Quiz")),
        Column("question", _("Question")),
        Column("attempts", _("Attempts"), numeric=True),
        Column("facility", _("Facility index (%)"), numeric=True),
        Column("standard_deviation", _("Standard deviation (%)"), numeric=True),
        Column("discrimination", _("Discrimination index"), numeric=True),
    )
    filter_form_class = CourseFilterForm

    def rows(self, filters: dict):
        items = AttemptQuestion.objects.filter(
            self.scope_q(user="attempt__user", course="attempt__enrolment__course"),
            attempt__state=AttemptState.FINISHED,
            attempt__pending_marking=0,
        )
        items = apply_filters(
            items, filters, user="attempt__user", course="attempt__enrolment__course"
        )
        # The one query over answers: everything below is arithmetic.
        answers = items.order_by().values_list(
            "attempt__enrolment__course_id",
            "attempt__quiz_id",
            "attempt_id",
            "snapshot__question_id",
            "position",
            "score",
            "mark",
        )
        totals: dict[int, Decimal] = defaultdict(Decimal)
        by_question: dict[tuple, list[tuple]] = defaultdict(list)
        first_position: dict[tuple, int] = {}
        for (
            course_id,
            quiz_id,
            attempt_id,
            question_id,
            position,
            score,
            mark,
        ) in answers.iterator(chunk_size=CHUNK_SIZE):
            score = score or Decimal(0)
            totals[attempt_id] += score
            key = (course_id, quiz_id, question_id)
            by_question[key].append((attempt_id, score, mark))
            first_position[key] = min(position, first_position.get(key, position))
        if not by_question:
            return
        courses = self._titles(CoursePage, {k[0] for k in by_question})
        quizzes = self._titles(QuizPage, {k[1] for k in by_question})
        questions = dict(
            Question.objects.filter(
                pk__in=[k[2] for k in by_question if k[2] is not None]
            ).values_list("pk", "title")
        )
        ordered = sorted(
            by_question,
            key=lambda k: (
                courses.get(k[0], ""),
                quizzes.get(k[1], ""),
                k[1],
                first_position[k],
                k[2] or 0,
            ),
        )
        for key in ordered:
            course_id, quiz_id, question_id = key
            stats = question_statistics(
                [(s, m, totals[a] - s) for a, s, m in by_question[key]]
            )
            yield (
                courses.get(course_id, ""),
                quizzes.get(quiz_id, ""),
                questions.get(question_id)
                or gettext("Deleted question %(id)s") % {"id": question_id},
                stats.attempts,
                _shown(stats.facility),
                _shown(stats.standard_deviation),
                _shown(stats.discrimination),
            )

    @staticmethod
    def _titles(model, pks) -> dict[int, str]:
        return {pk: title for pk, (title, _lang) in localized_titles(pks).items()}


QUIZ_REPORTS = [QuizResultsReport, QuestionStatisticsReport]
