"""Item analysis: how a question performed, over graded attempts (Moodle's way).

One computation serves the portal's question statistics report
(``plugins.quiz.reports``) and the question bank's statistics page
(``plugins.quiz.admin.question_statistics``). Over graded attempts (finished,
nothing left to mark):

- facility index: the mean score as a percentage of the question's mark;
- standard deviation: of that percentage, over attempts (sample, ``n - 1``);
- discrimination index: 100 x the Pearson correlation between the score on
  the question and the score on the rest of the attempt (its total minus the
  question), so a question strong officers get right and weak ones wrong
  scores high. Undefined (``None``, shown "—") with fewer than two attempts or
  when either score never varies.

:func:`question_report` gathers one question's answers from every quiz in a
fixed number of queries, whatever the number of attempts; it reads scores and
counts only, never who answered.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q
from django.utils.translation import get_language, gettext

from courses.translations import localized_titles
from plugins.quiz.models import AttemptQuestion, AttemptState, Question
from plugins.quiz.question_types.base import BestMatchQuestionType, QuestionType
from plugins.quiz.question_types.matching import Matching
from plugins.quiz.question_types.truefalse import TrueFalse
from plugins.quiz.snapshot import snapshot_question

#: Shown for a statistic that is not defined for the data.
UNDEFINED = "—"

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class QuestionStatistics:
    """Statistics of one question over ``attempts`` graded attempts (per cent)."""

    attempts: int
    facility: float | None
    standard_deviation: float | None
    discrimination: float | None


def question_statistics(
    samples: Sequence[tuple[Decimal, Decimal, Decimal]],
) -> QuestionStatistics:
    """Statistics from ``(score, mark, rest_of_attempt)`` per graded attempt.

    ``score`` and ``rest_of_attempt`` are in marks; ``mark`` is the most the
    question could score in that attempt. Samples with a zero mark carry no
    information and are left out.
    """
    samples = [(s, m, r) for s, m, r in samples if m]
    n = len(samples)
    if not n:
        return QuestionStatistics(0, None, None, None)
    fractions = [float(s) / float(m) for s, m, _r in samples]
    facility = 100 * statistics.fmean(fractions)
    deviation = 100 * statistics.stdev(fractions) if n >= 2 else None
    discrimination = None
    if n >= 2:
        try:
            discrimination = 100 * statistics.correlation(
                [float(s) for s, _m, _r in samples],
                [float(r) for _s, _m, r in samples],
            )
        except statistics.StatisticsError:
            # One of the two never varies: the correlation is undefined.
            discrimination = None
    return QuestionStatistics(n, facility, deviation, discrimination)


# One question across the bank ----------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One graded answer to the question: scores only, no officer."""

    score: Decimal
    mark: Decimal
    attempt_score: Decimal
    attempt_max: Decimal

    @property
    def rest(self) -> Decimal:
        return self.attempt_score - self.score


@dataclass
class QuizRow:
    """The question's statistics within one quiz (as the portal report has them)."""

    quiz_id: int
    title: str
    title_lang: str
    course_title: str
    statistics: QuestionStatistics


@dataclass
class ChoiceRow:
    """How often one answer of the question was chosen (or matched)."""

    choice_id: int
    text: str
    fraction: Decimal
    count: int
    share: float | None  # per cent of the answered attempts
    removed: bool = False  # no longer an answer of the live question


@dataclass
class QuestionReport:
    """Everything the statistics page shows about one question."""

    overall: QuestionStatistics
    quizzes: list[QuizRow] = field(default_factory=list)
    #: ``None`` when the type has no choices to count (essays, matching...).
    choices: list[ChoiceRow] | None = None
    #: The question's type scores typed answers against its answers.
    matched_answers: bool = False
    answered: int = 0
    unanswered: int = 0
    #: Graded attempts whose answers were not kept (the quiz's exam paper is off).
    discarded: int = 0
    #: Finished attempts still waiting for a trainer's mark: not counted yet.
    waiting: int = 0


def pooled_statistics(answers: Sequence[Answer]) -> QuestionStatistics:
    """Statistics over answers from several quizzes.

    Quizzes differ in length, so the rest of an attempt is taken as a share
    of its maximum (and the score as a share of the mark) before pooling.
    Within one quiz, where those maxima are fixed, the correlation is the same
    as :func:`question_statistics` gives (it ignores a change of scale).
    Attempts with nothing besides this question say nothing about
    discrimination and are left out of it only.
    """
    scored = [a for a in answers if a.mark]
    overall = question_statistics([(a.score / a.mark, ONE, ZERO) for a in scored])
    with_rest = [a for a in scored if a.attempt_max - a.mark > 0]
    discrimination = question_statistics(
        [(a.score / a.mark, ONE, a.rest / (a.attempt_max - a.mark)) for a in with_rest]
    ).discrimination
    return QuestionStatistics(
        overall.attempts,
        overall.facility,
        overall.standard_deviation,
        discrimination,
    )


def counts_choices(question_type: QuestionType | None) -> bool:
    """Whether how often each answer was chosen means something for this type.

    True-or-false questions have two answers without choice rows. Matching
    questions report their left-hand items as "chosen" whenever they are
    answered, which says nothing about the choice; essays have no choices.
    """
    if isinstance(question_type, TrueFalse):
        return True
    return (
        question_type is not None
        and question_type.uses_choices
        and not isinstance(question_type, Matching)
    )


def _localized(english: str | None, khmer: str | None) -> tuple[str, str]:
    """(text, lang) in the active language, falling back to English."""
    if get_language() == "km" and khmer:
        return khmer, "km"
    return english or "", "en"


def question_report(question: Question, *, within: Q | None = None) -> QuestionReport:
    """The statistics of ``question`` over every quiz's finished attempts.

    ``within`` (a ``Q`` over attempt questions) limits the attempts counted:
    the bank's statistics page passes the courses the user trains, so a
    quiz of another course (where one attempt would show one officer's
    score) never enters the numbers. Four queries at most, whatever the
    number of attempts: the answers, the snapshots of older versions (only to
    count choices), the quizzes and their courses.
    """
    question_type = question.type
    rows = (
        AttemptQuestion.objects.filter(
            within if within is not None else Q(),
            question=question,
            attempt__state=AttemptState.FINISHED,
        )
        .order_by()
        .values_list(
            "attempt__quiz_id",
            "attempt__enrolment__course_id",
            "attempt__pending_marking",
            "attempt__answers_discarded",
            "attempt__score",
            "attempt__max_score",
            "score",
            "mark",
            "question_version",
            "response",
        )
    )
    by_quiz: dict[int, list[Answer]] = defaultdict(list)
    course_of: dict[int, int] = {}
    responses: list[tuple[int, object]] = []
    report = QuestionReport(overall=QuestionStatistics(0, None, None, None))
    for (
        quiz_id,
        course_id,
        pending,
        discarded,
        attempt_score,
        attempt_max,
        score,
        mark,
        version,
        response,
    ) in rows.iterator(chunk_size=2000):
        if pending:
            report.waiting += 1
            continue
        by_quiz[quiz_id].append(
            Answer(score or ZERO, mark or ZERO, attempt_score or ZERO, attempt_max)
        )
        course_of[quiz_id] = course_id
        if discarded:
            report.discarded += 1
        elif response is None:
            report.unanswered += 1
        else:
            report.answered += 1
            responses.append((version, response))

    report.overall = pooled_statistics(
        [answer for answers in by_quiz.values() for answer in answers]
    )
    report.quizzes = _quiz_rows(by_quiz, course_of)
    if isinstance(question_type, TrueFalse):
        report.choices = _true_false_rows(question, responses, report)
    elif counts_choices(question_type):
        report.matched_answers = isinstance(question_type, BestMatchQuestionType)
        report.choices = _choice_rows(question, question_type, responses, report)
    return report


def _share(count: int, report: QuestionReport) -> float | None:
    return 100 * count / report.answered if report.answered else None


def _true_false_rows(question, responses, report) -> list[ChoiceRow]:
    correct = bool((question.options or {}).get("correct"))
    rows = []
    for value, label in ((True, gettext("True")), (False, gettext("False"))):
        count = sum(1 for _version, response in responses if response is value)
        rows.append(
            ChoiceRow(
                choice_id=int(value),
                text=label,
                fraction=ONE if value is correct else ZERO,
                count=count,
                share=_share(count, report),
            )
        )
    return rows


def _quiz_rows(
    by_quiz: dict[int, list[Answer]], course_of: dict[int, int]
) -> list[QuizRow]:
    if not by_quiz:
        return []
    quizzes = localized_titles(by_quiz)
    courses = {
        pk: title for pk, (title, _lang) in localized_titles(course_of.values()).items()
    }
    rows = []
    for quiz_id, answers in by_quiz.items():
        title, lang = quizzes.get(quiz_id, ("", "en"))
        rows.append(
            QuizRow(
                quiz_id=quiz_id,
                title=title,
                title_lang=lang,
                course_title=courses.get(course_of[quiz_id], ""),
                statistics=question_statistics(
                    [(a.score, a.mark, a.rest) for a in answers]
                ),
            )
        )
    rows.sort(key=lambda row: (row.course_title, row.title, row.quiz_id))
    return rows


def _choice_rows(
    question: Question,
    question_type: QuestionType,
    responses: list[tuple[int, object]],
    report: QuestionReport,
) -> list[ChoiceRow]:
    """Counts per answer, labelled from the live question or the newest snapshot."""
    snapshots = {question.version: snapshot_question(question)}
    older = {version for version, _response in responses} - set(snapshots)
    if older:
        newest_per_version = (
            AttemptQuestion.objects.filter(
                question=question, question_version__in=older
            )
            .order_by()
            .values("question_version")
            .annotate(newest=Max("pk"))
            .values("newest")
        )
        for version, snapshot in AttemptQuestion.objects.filter(
            pk__in=newest_per_version
        ).values_list("question_version", "snapshot"):
            snapshots[version] = snapshot
    counts: dict[int, int] = defaultdict(int)
    for version, response in responses:
        snapshot = snapshots.get(version)
        if snapshot is None:
            continue
        for choice_id in question_type.chosen_choice_ids(snapshot, response):
            counts[choice_id] += 1

    labels: dict[int, tuple[str, Decimal, bool]] = {}
    # Older versions first, so the live question's wording wins.
    for version in sorted(snapshots):
        for choice in snapshots[version]["choices"]:
            text = _localized(choice["text"], choice.get("text_km"))[0]
            if not text.strip():
                text = _localized(choice["match_text"], choice.get("match_text_km"))[0]
            labels[choice["id"]] = (
                text,
                Decimal(str(choice["fraction"])),
                version != question.version,
            )
    live_order = [c["id"] for c in snapshots[question.version]["choices"]]
    ordered = live_order + sorted(set(counts) - set(live_order))
    rows = []
    for choice_id in ordered:
        text, fraction, removed = labels.get(choice_id, ("", ZERO, True))
        count = counts.get(choice_id, 0)
        rows.append(
            ChoiceRow(
                choice_id=choice_id,
                text=text,
                fraction=fraction,
                count=count,
                share=_share(count, report),
                removed=removed,
            )
        )
    return rows
