"""The quiz plugin implements the platform's hooks exactly as an external plugin would."""

from wagtail import hooks

from courses.hooks import (
    ACTIVITY_PAGES_HOOK,
    COMPLETION_RULES_HOOK,
    LESSON_BLOCKS_HOOK,
)
from plugins.quiz.blocks import KnowledgeCheckBlock
from plugins.quiz.completion import QuizFinishedRule, QuizPassedRule
from plugins.quiz.hooks import QUESTION_TYPES_HOOK
from plugins.quiz.models import QuizPage
from plugins.quiz.question_types import builtin_question_types


@hooks.register(ACTIVITY_PAGES_HOOK)
def register_quiz_page():
    return [QuizPage]


@hooks.register(COMPLETION_RULES_HOOK)
def register_quiz_rules():
    return [QuizPassedRule(), QuizFinishedRule()]


@hooks.register(LESSON_BLOCKS_HOOK)
def register_knowledge_check_block():
    return [("knowledge_check", KnowledgeCheckBlock())]


@hooks.register(QUESTION_TYPES_HOOK, order=-100)
def register_builtin_question_types():
    return builtin_question_types()
