"""The built-in lesson content blocks.

Plugins add more through the ``lms_register_lesson_blocks`` hook (see
``courses.hooks``); ``courses.fields.LessonBodyField`` combines both.

Every block has a ``description`` and a preview (Wagtail's block picker shows
both): ``preview_value`` comes from ``courses.block_samples`` and renders in
``courses/blocks/preview.html``, with the site's stylesheet, without touching
the database.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

from courses import block_samples
from lms.richtext import RequiredRichTextBlock, is_blank_richtext

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

#: The page a block preview renders in (plugins may use it for theirs).
PREVIEW_TEMPLATE = "courses/blocks/preview.html"

VIDEO_EXTENSIONS = ("mp4", "webm")
AUDIO_EXTENSIONS = ("mp3", "ogg", "m4a")
CAPTION_EXTENSIONS = ("vtt",)
CAPTION_LANGUAGES = [("en", _("English")), ("km", _("Khmer"))]
# Each language named in itself: the player's caption menu is for officers
# reading that language.
TRACK_LABELS = {"en": "English", "km": "ខ្មែរ"}


def extension(document) -> str:
    return document.file_extension.lower()


def is_blank(rich_text) -> bool:
    """Whether a rich text value holds no words (the editor posts ``<p></p>``)."""
    return is_blank_richtext(rich_text, media_counts=False)


def _starts_like_webvtt(document) -> bool:
    """A WebVTT file begins with "WEBVTT" (after an optional byte order mark).

    A file the storage cannot open counts as fine here: the document library
    reports missing files, and this check is about the wrong kind of file.
    """
    try:
        with document.file.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return True
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


class LessonTextBlock(RequiredRichTextBlock):
    """The lesson's text: an empty paragraph is refused when the lesson is
    submitted or published (a draft may hold one)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "blank_message",
            _(
                "This text block is empty: write the text, or remove the block "
                "(spaces and empty paragraphs do not count)."
            ),
        )
        super().__init__(*args, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        description = _(
            "Paragraphs with headings, lists, links and links to documents: "
            "the body of the lesson."
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(block_samples.text)

    def deconstruct(self):
        # Migrations describe a plain RichTextBlock (as StructBlock subclasses
        # are described), so they never depend on this class staying here.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.RichTextBlock", args, kwargs


class LessonImageBlock(ImageBlock):
    """An image with its alt text, cropped around its focal point.

    Wagtail's ``ImageBlock`` refuses an image without alt text unless it is
    marked decorative (from a draft on, when the page is published or
    submitted). Landscape images are cut to 3:2 around the focal point set in
    the image library; portrait ones are scaled, never cut. Renditions are
    WebP at four widths (``srcset``), lazily loaded, with width and height.
    """

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"
        description = _(
            "A photo or diagram. Write alt text that says what the image shows, "
            "or mark it decorative. Set the focal point in the image library: "
            "wide images are cropped around it."
        )
        preview_template = "courses/blocks/preview_image.html"

    LANDSCAPE = [f"fill-{w}x{w * 2 // 3}|format-webp" for w in (480, 720, 1080, 1440)]
    PORTRAIT = [f"max-{w}x{w * 3 // 2}|format-webp" for w in (480, 720, 1080, 1440)]

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        if value:
            specs = self.PORTRAIT if value.is_portrait() else self.LANDSCAPE
            renditions = value.get_renditions(*specs)
            # Renditions never upscale: a small image gives several of the
            # same width, and a srcset lists each width once.
            by_width = {}
            for spec in specs:
                by_width.setdefault(renditions[spec].width, renditions[spec])
            context["renditions"] = [by_width[w] for w in sorted(by_width)]
            # The src (and width/height) for browsers without srcset: 720 wide.
            context["rendition"] = renditions[specs[1]]
        return context

    def get_preview_value(self):
        # The preview template draws a sample image: no image in the database.
        return None

    def get_preview_context(self, value, parent_context=None):
        context = super().get_preview_context(value, parent_context)
        context["sample_alt_text"] = block_samples.image_alt_text()
        return context


class CaptionTrackBlock(blocks.StructBlock):
    file = DocumentChooserBlock(
        label=_("Captions file (.vtt)"),
        help_text=_("A WebVTT file: a text file that starts with “WEBVTT”."),
    )
    language = blocks.ChoiceBlock(
        choices=CAPTION_LANGUAGES, default="en", label=_("Language")
    )

    class Meta:
        icon = "openquote"
        label = _("Captions")

    def clean(self, value):
        value = super().clean(value)
        document = value.get("file")
        if document is None:
            return value
        if extension(document) not in CAPTION_EXTENSIONS:
            message = _(
                "“%(file)s” is a .%(ext)s file. Captions must be a WebVTT file (.vtt)."
            ) % {"file": document.title, "ext": extension(document)}
        elif not _starts_like_webvtt(document):
            message = _(
                "“%(file)s” is not a WebVTT file: its first line must be “WEBVTT”."
            ) % {"file": document.title}
        else:
            return value
        raise blocks.StructBlockValidationError(
            block_errors={"file": ValidationError(message)}
        )


class MediaBlock(blocks.StructBlock):
    """A video or audio file from the document library, with captions or a
    transcript.

    Files are served by the platform itself (no streaming services), through
    the document serve view and its permission check. ``preload="none"``
    keeps a slow link idle until the officer presses play; the transcript,
    folded under the player, keeps the content usable for officers who cannot
    hear it or cannot play it.
    """

    file = DocumentChooserBlock(
        label=_("Video or audio file"),
        help_text=_("Video: MP4 or WebM. Audio: MP3, OGG or M4A."),
    )
    kind = blocks.ChoiceBlock(
        choices=[("video", _("Video")), ("audio", _("Audio"))],
        default="video",
        label=_("Kind"),
    )
    caption = blocks.CharBlock(
        required=False,
        label=_("Caption"),
        help_text=_("A title shown under the player, e.g. its subject and length."),
    )
    captions = blocks.ListBlock(
        CaptionTrackBlock(),
        required=False,
        label=_("Captions (subtitles)"),
        help_text=_(
            "WebVTT files in English and/or Khmer. Browsers show captions for "
            "video only: audio needs a transcript."
        ),
    )
    transcript = blocks.RichTextBlock(
        required=False, features=RICH_TEXT_FEATURES, label=_("Transcript")
    )

    class Meta:
        icon = "media"
        label = _("Video or audio")
        template = "courses/blocks/media.html"
        description = _(
            "A video or audio file from the document library, played on the "
            "page, with captions or a transcript and a download link."
        )
        preview_template = PREVIEW_TEMPLATE

    def clean(self, value):
        value = super().clean(value)
        document = value.get("file")
        kind = value.get("kind")
        errors = {}
        if document is not None:
            allowed = AUDIO_EXTENSIONS if kind == "audio" else VIDEO_EXTENSIONS
            if extension(document) not in allowed:
                errors["file"] = ValidationError(self._wrong_kind(document, kind))
        languages = [track["language"] for track in value.get("captions") or []]
        repeated = sorted({code for code in languages if languages.count(code) > 1})
        if repeated:
            names = dict(CAPTION_LANGUAGES)
            errors["captions"] = ValidationError(
                _("Give one captions file per language; %(languages)s is repeated.")
                % {"languages": ", ".join(str(names[code]) for code in repeated)}
            )
        missing = None
        if not self.is_deferred_validation and document is not None:
            if kind == "audio" and is_blank(value.get("transcript")):
                errors["transcript"] = ValidationError(
                    _(
                        "Add a transcript: browsers show no captions for audio, and "
                        "officers who cannot hear it need the words."
                    )
                )
            elif not languages and is_blank(value.get("transcript")):
                missing = _(
                    "Add captions (a .vtt file) or a transcript: officers who "
                    "cannot hear the video, or cannot play it on a slow link, "
                    "need one of them."
                )
        if errors or missing:
            raise blocks.StructBlockValidationError(
                block_errors=errors,
                non_block_errors=ErrorList([missing]) if missing else None,
            )
        return value

    @staticmethod
    def _wrong_kind(document, kind) -> str:
        ext = extension(document)
        if kind == "audio":
            if ext in VIDEO_EXTENSIONS:
                return _(
                    "“%(file)s” is a video: choose “Video” as the kind, or an MP3, "
                    "OGG or M4A audio file."
                ) % {"file": document.title}
            return _(
                "“%(file)s” is a .%(ext)s file. Audio must be MP3, OGG or M4A."
            ) % {"file": document.title, "ext": ext}
        if ext in AUDIO_EXTENSIONS:
            return _(
                "“%(file)s” is audio: choose “Audio” as the kind, or an MP4 or "
                "WebM video file."
            ) % {"file": document.title}
        return _("“%(file)s” is a .%(ext)s file. Video must be MP4 or WebM.") % {
            "file": document.title,
            "ext": ext,
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        tracks = [
            {
                "url": track["file"].url,
                "language": track["language"],
                "label": TRACK_LABELS.get(track["language"], track["language"]),
            }
            for track in value.get("captions") or []
            if track.get("file") is not None
        ]
        language = get_language()
        default = next((t for t in tracks if t["language"] == language), None)
        for track in tracks:
            track["default"] = track is (default or tracks[0])
        context["tracks"] = tracks
        context["has_transcript"] = not is_blank(value.get("transcript"))
        return context

    def get_preview_value(self):
        # Stand-in files: ``normalize`` would look documents up in the database.
        sample = block_samples.media()
        captions = [
            blocks.StructValue(self.child_blocks["captions"].child_block, track.items())
            for track in sample.pop("captions")
        ]
        value = self.normalize({**sample, "file": None})
        value["file"] = sample["file"]
        value["captions"] = captions
        return value


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(required=False, label=_("Description"))

    class Meta:
        icon = "doc-full"
        label = _("Downloadable document")
        template = "courses/blocks/document.html"
        description = _(
            "A file from the document library (PDF, Word, spreadsheet...) for "
            "officers to download, with its type and size."
        )
        preview_template = PREVIEW_TEMPLATE

    def get_preview_value(self):
        sample = block_samples.document()
        value = self.normalize({**sample, "document": None})
        value["document"] = sample["document"]
        return value


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="note",
        label=_("Kind"),
    )
    title = blocks.CharBlock(required=False, label=_("Title"))
    text = RequiredRichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout or warning")
        template = "courses/blocks/callout.html"
        description = _(
            "A note, tip or warning set apart from the text, named in words as "
            "well as colour."
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(block_samples.callout)


class CaseScenarioBlock(blocks.StructBlock):
    """A realistic situation for the officer to think through, with a debrief."""

    title = blocks.CharBlock(label=_("Title"))
    situation = RequiredRichTextBlock(features=RICH_TEXT_FEATURES, label=_("Situation"))
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
        description = _(
            "A situation from the officer's work, questions to think about and "
            "a debrief folded until they have."
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(block_samples.case_scenario)


class ChecklistBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    items = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Items"))

    class Meta:
        icon = "tasks"
        label = _("Checklist")
        template = "courses/blocks/checklist.html"
        description = _(
            "Steps officers tick as they go, on their own screen (nothing is saved)."
        )
        preview_template = PREVIEW_TEMPLATE
        preview_value = staticmethod(block_samples.checklist)


def core_lesson_blocks() -> list[tuple[str, blocks.Block]]:
    """The built-in blocks; their names are stored in lessons and never change."""
    return [
        ("text", LessonTextBlock(features=RICH_TEXT_FEATURES)),
        ("image", LessonImageBlock()),
        ("media", MediaBlock()),
        ("document", DocumentBlock()),
        ("callout", CalloutBlock()),
        ("case_scenario", CaseScenarioBlock()),
        ("checklist", ChecklistBlock()),
    ]
