from django.utils.translation import gettext_lazy as _

from lms.plugin import LmsPluginConfig


class QuizConfig(LmsPluginConfig):
    name = "plugins.quiz"
    label = "quiz"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    class LmsPluginMeta:
        name = _("Quizzes")
        author = "LMS team"
        version = "1.0.0"
        description = _(
            "Question banks with categories, quizzes with attempts, time limits "
            "and grading, essay marking and per-topic results."
        )
        category = "activity"
        compatibility = "lms>=0.1,<1"
