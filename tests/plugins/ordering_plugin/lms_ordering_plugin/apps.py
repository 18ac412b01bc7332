from lms.plugin import LmsPluginConfig


class OrderingPluginConfig(LmsPluginConfig):
    name = "lms_ordering_plugin"
    label = "ordering_question"
    verbose_name = "Ordering question"

    class LmsPluginMeta:
        name = "Ordering question"
        author = "LMS test suite"
        version = "0.1.0"
        description = "A quiz question type: put the items in the right order."
        category = "question_types"
        compatibility = "lms>=0.1,<1"
