from plugins.quiz.models.attempts import (
    Attempt,
    AttemptQuestion,
    AttemptState,
    ClosedBy,
)
from plugins.quiz.models.bank import Choice, Question, QuestionCategory, QuestionTag
from plugins.quiz.models.imports import QuestionImport
from plugins.quiz.models.quiz import (
    FeedbackTiming,
    GradingMethod,
    QuizCategoryDraw,
    QuizPage,
    QuizQuestion,
)

__all__ = [
    "Attempt",
    "AttemptQuestion",
    "AttemptState",
    "Choice",
    "ClosedBy",
    "FeedbackTiming",
    "GradingMethod",
    "Question",
    "QuestionCategory",
    "QuestionImport",
    "QuestionTag",
    "QuizCategoryDraw",
    "QuizPage",
    "QuizQuestion",
]
