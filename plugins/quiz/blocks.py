"""Lesson blocks the quiz plugin offers: the knowledge check.

A knowledge check is a short self-test inside a lesson. It counts towards no
grade and stores nothing, so it needs no view: the officer picks an answer,
then opens "Check your answer" (a ``<details>`` element) to see which answers
are right, the feedback for each and the explanation. The right answer is in
the page's HTML, hidden until opened; that is acceptable because nothing is
graded, and it keeps the block working without JavaScript or a round trip
(officers at border posts are on slow links). Graded questions belong in a
quiz, whose pages never send the right answers before submission.
"""

from __future__ import annotations

import secrets

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.blocks import PREVIEW_TEMPLATE


def preview_value() -> dict:
    """Sample content for the block picker's preview (both languages: the
    block shows the admin's language, English as fallback)."""
    return {
        "prompt": "Which stamp shows a lawful entry?",
        "prompt_km": "ត្រាមួយណាបង្ហាញការចូលស្របច្បាប់?",
        "choices": [
            {
                "text": "A dated entry stamp signed by an officer",
                "text_km": "ត្រាចូលដែលមានកាលបរិច្ឆេទ និងហត្ថលេខាមន្ត្រី",
                "correct": True,
                "feedback": "Yes: dated and signed.",
                "feedback_km": "ត្រឹមត្រូវ៖ មានកាលបរិច្ឆេទ និងហត្ថលេខា។",
            },
            {
                "text": "A photocopy of a visa",
                "text_km": "ច្បាប់ចម្លងទិដ្ឋាការ",
                "correct": False,
                "feedback": "A copy proves nothing.",
                "feedback_km": "ច្បាប់ចម្លងមិនបញ្ជាក់អ្វីទេ។",
            },
        ],
        "explanation": "<p>Check the date and the officer's signature.</p>",
        "explanation_km": "<p>ពិនិត្យកាលបរិច្ឆេទ និងហត្ថលេខារបស់មន្ត្រី។</p>",
    }


class KnowledgeCheckChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("answer"), max_length=500)
    text_km = blocks.CharBlock(
        label=_("answer (Khmer)"), max_length=500, required=False
    )
    correct = blocks.BooleanBlock(label=_("right answer"), required=False)
    feedback = blocks.TextBlock(label=_("feedback"), required=False, rows=2)
    feedback_km = blocks.TextBlock(label=_("feedback (Khmer)"), required=False, rows=2)

    class Meta:
        label = _("Answer")


class KnowledgeCheckBlock(blocks.StructBlock):
    """A short check inside a lesson; it never counts towards a grade."""

    prompt = blocks.TextBlock(label=_("question"), rows=2)
    prompt_km = blocks.TextBlock(label=_("question (Khmer)"), required=False, rows=2)
    choices = blocks.ListBlock(
        KnowledgeCheckChoiceBlock(), label=_("answers"), min_num=2, max_num=10
    )
    explanation = blocks.RichTextBlock(
        label=_("explanation"),
        required=False,
        features=["bold", "italic", "ol", "ul", "link"],
    )
    explanation_km = blocks.RichTextBlock(
        label=_("explanation (Khmer)"),
        required=False,
        features=["bold", "italic", "ol", "ul", "link"],
    )

    class Meta:
        label = _("Knowledge check")
        icon = "help"
        template = "quiz/blocks/knowledge_check.html"
        help_text = _(
            "A self-check for officers: not graded, nothing saved. Mark the right "
            "answers; officers see them when they open “Check your answer”."
        )
        description = _(
            "A question officers answer for themselves inside the lesson, with "
            "feedback folded until they check. Not graded, nothing saved."
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(preview_value)

    def clean(self, value):
        from django.core.exceptions import ValidationError

        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "choices": ValidationError(_("Mark at least one answer as right."))
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        from django.utils.translation import get_language

        context = super().get_context(value, parent_context=parent_context)
        language = get_language()

        def pick(data, key):
            km = data.get(f"{key}_km")
            return km if language == "km" and km else data.get(key)

        context["check_id"] = f"kc-{secrets.token_hex(4)}"
        context["prompt"] = pick(value, "prompt")
        context["explanation"] = pick(value, "explanation")
        context["answers"] = [
            {
                "text": pick(choice, "text"),
                "correct": choice["correct"],
                "feedback": pick(choice, "feedback"),
            }
            for choice in value["choices"]
        ]
        context["several_right"] = sum(1 for c in value["choices"] if c["correct"]) > 1
        return context
