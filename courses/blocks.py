"""The built-in lesson content blocks.

Plugins add more through the ``lms_register_lesson_blocks`` hook (see
``courses.hooks``); ``courses.fields.LessonBodyField`` combines both.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class MediaBlock(blocks.StructBlock):
    """A video or audio file from the document library, with a transcript.

    Files are served by the platform itself (no streaming services); the
    transcript keeps the content usable on a link too slow for media and for
    officers who cannot hear it.
    """

    file = DocumentChooserBlock(label=_("Video or audio file"))
    kind = blocks.ChoiceBlock(
        choices=[("video", _("Video")), ("audio", _("Audio"))],
        default="video",
        label=_("Kind"),
    )
    caption = blocks.CharBlock(required=False, label=_("Caption"))
    transcript = blocks.RichTextBlock(
        required=False, features=RICH_TEXT_FEATURES, label=_("Transcript")
    )

    class Meta:
        icon = "media"
        label = _("Video or audio")
        template = "courses/blocks/media.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(required=False, label=_("Description"))

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "courses/blocks/document.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="note",
        label=_("Kind"),
    )
    title = blocks.CharBlock(required=False, label=_("Title"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout or warning")
        template = "courses/blocks/callout.html"


class CaseScenarioBlock(blocks.StructBlock):
    """A realistic situation for the officer to think through, with a debrief."""

    title = blocks.CharBlock(label=_("Title"))
    situation = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Situation"))
    questions = blocks.ListBlock(
        blocks.CharBlock(label=_("Question")), label=_("Questions to consider")
    )
    debrief = blocks.RichTextBlock(
        required=False,
        features=RICH_TEXT_FEATURES,
        label=_("Debrief"),
        help_text=_("Shown folded; officers open it after thinking it through."),
    )

    class Meta:
        icon = "group"
        label = _("Case scenario")
        template = "courses/blocks/case_scenario.html"


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Items"))

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "courses/blocks/checklist.html"


def core_lesson_blocks() -> list[tuple[str, blocks.Block]]:
    """The built-in blocks; their names are stored in lessons and never change."""
    return [
        (
            "text",
            blocks.RichTextBlock(
                features=RICH_TEXT_FEATURES, label=_("Text"), icon="pilcrow"
            ),
        ),
        ("image", ImageBlock(label=_("Image"))),
        ("media", MediaBlock()),
        ("document", DocumentBlock()),
        ("callout", CalloutBlock()),
        ("case_scenario", CaseScenarioBlock()),
        ("checklist", ChecklistBlock()),
    ]
