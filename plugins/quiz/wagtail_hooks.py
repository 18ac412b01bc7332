"""The quiz plugin implements the platform's hooks as an external plugin would."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.snippets.models import register_snippet

from courses.hooks import (
    ACTIVITY_PAGES_HOOK,
    COMPLETION_RULES_HOOK,
    COURSE_ADMIN_SUMMARY_HOOK,
    LESSON_BLOCKS_HOOK,
    PAGE_TRANSLATABLE_OBJECTS_HOOK,
)
from plugins.quiz.admin.categories import CategoryViewSet
from plugins.quiz.admin.choosers import QuestionChooserViewSet
from plugins.quiz.admin.course_summary import essays_to_mark
from plugins.quiz.admin.forms import QuizPageForm
from plugins.quiz.admin.marking import user_may_mark
from plugins.quiz.admin.questions import QuestionViewSet
from plugins.quiz.admin.transfer import TransferViewSet
from plugins.quiz.admin.translating import (
    CategoryTranslationViewSet,
    QuestionTranslationViewSet,
    guarded_localize_urls,
)
from plugins.quiz.blocks import KnowledgeCheckBlock
from plugins.quiz.completion import QuizFinishedRule, QuizPassedRule

# Registers the demo loader (lms_load_demo_content).
from plugins.quiz.demo import hooks as _demo_hooks  # noqa: F401
from plugins.quiz.hooks import QUESTION_TYPES_HOOK
from plugins.quiz.models import QuizPage
from plugins.quiz.question_types import builtin_question_types
from plugins.quiz.reports import QUIZ_REPORTS
from plugins.quiz.translation import quiz_translatable_objects
from portal.hooks import REGISTER_REPORTS


@hooks.register(ACTIVITY_PAGES_HOOK)
def register_quiz_page():
    return [QuizPage]


@hooks.register(PAGE_TRANSLATABLE_OBJECTS_HOOK)
def quiz_bank_objects(page):
    """A quiz's bank questions and drawn categories are translated with it."""
    if not isinstance(page, QuizPage):
        return None
    return quiz_translatable_objects(page)


@hooks.register(COMPLETION_RULES_HOOK)
def register_quiz_rules():
    return [QuizPassedRule(), QuizFinishedRule()]


@hooks.register(LESSON_BLOCKS_HOOK)
def register_knowledge_check_block():
    return [("knowledge_check", KnowledgeCheckBlock())]


@hooks.register(REGISTER_REPORTS)
def register_quiz_reports():
    return list(QUIZ_REPORTS)


@hooks.register(QUESTION_TYPES_HOOK, order=-100)
def register_builtin_question_types():
    return builtin_question_types()


# What trainers use in the admin --------------------------------------------


class QuestionBankViewSetGroup(ViewSetGroup):
    menu_label = _("Question bank")
    menu_icon = "help"
    menu_order = 250
    items = (QuestionViewSet, CategoryViewSet, TransferViewSet)


# Khmer versions of bank questions and categories, in wagtail-localize's
# editor: snippet views hidden from the menu, and wagtail-localize's own URLs
# checked against the bank's rules first (plugins.quiz.admin.translating).
register_snippet(QuestionTranslationViewSet())
register_snippet(CategoryTranslationViewSet())


@hooks.register("register_admin_urls", order=-10)
def register_guarded_translation_urls():
    return guarded_localize_urls()


@hooks.register("register_admin_viewset")
def register_question_bank():
    return [QuestionBankViewSetGroup(), QuestionChooserViewSet()]


class MarkingMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_mark(request.user)


# Essays to mark on the trainers' "My courses" panel.
hooks.register(COURSE_ADMIN_SUMMARY_HOOK, essays_to_mark)


@hooks.register("register_admin_urls")
def register_marking_urls():
    return [path("quiz/marking/", include("plugins.quiz.admin.urls"))]


@hooks.register("register_admin_menu_item")
def register_marking_menu_item():
    return MarkingMenuItem(
        _("Marking"), reverse_lazy("quiz_marking:queue"), icon_name="edit", order=260
    )


# The quiz page's form checks its draws and essays against its settings. It is
# set here because the admin forms import the models (a string is not accepted).
QuizPage.base_form_class = QuizPageForm


@hooks.register("lms_certificate_course_score")
def course_score(enrolment):
    """The officer's mean final grade (percent) over the course's live quizzes."""
    from plugins.quiz.grading import quiz_grade

    quizzes = QuizPage.objects.live().descendant_of(enrolment.course)
    grades = [
        grade
        for quiz in quizzes
        if (grade := quiz_grade(quiz, enrolment.user)) is not None
    ]
    if not grades:
        return None
    return sum(grades) / len(grades)
