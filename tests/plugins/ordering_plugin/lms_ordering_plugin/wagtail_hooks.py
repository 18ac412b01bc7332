from wagtail import hooks

from lms_ordering_plugin.ordering import Ordering


@hooks.register("lms_quiz_register_question_types")
def register_question_types():
    return [Ordering()]
