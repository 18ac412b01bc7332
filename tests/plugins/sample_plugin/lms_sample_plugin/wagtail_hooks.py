from wagtail import blocks, hooks

from courses.completion import ACTIVITY, CompletionRule


class KeyTermBlock(blocks.StructBlock):
    term = blocks.CharBlock()
    definition = blocks.TextBlock()

    class Meta:
        template = "lms_sample_plugin/key_term.html"
        icon = "help"


class AcknowledgedRule(CompletionRule):
    """Complete once the officer states they have read and understood the page."""

    identifier = "sample_acknowledged"
    label = "Acknowledged by the officer"
    scope = ACTIVITY

    def is_complete(self, state):
        return "acknowledged" in state.progress.events


@hooks.register("lms_register_lesson_blocks")
def register_blocks():
    return [("key_term", KeyTermBlock())]


@hooks.register("lms_register_completion_rules")
def register_rules():
    return [AcknowledgedRule()]
