"""Blank rich text: the one test of whether a text shows a reader anything.

Wagtail's editor (Draftail) saves an editor the author emptied as
``<p data-block-key="abc12"></p>``, and a form field's ``required`` sees a
non-empty string: without this test, a question with no words reaches
officers. "Blank" means nothing visible once tags are removed: no letters
after dropping whitespace (``&nbsp;`` included), zero-width characters and
Khmer's invisible inherent vowels. An image, an embed or another medium
counts as content unless a field asks for words (``media_counts=False``).

Contract (for every app and plugin):

:func:`is_blank_text`
    Plain text (answers, titles) with nothing visible.
:func:`is_blank_richtext`
    Rich text (database format, a ``RichText`` or ``None``) with nothing visible.
:class:`RichTextNotBlankValidator`
    A validator for form fields and blocks.
:class:`RequiredRichTextBlock`
    A ``RichTextBlock`` that, when required, refuses blank text (and is
    described in migrations as a plain ``RichTextBlock``).
:func:`clean_richtext_fields`
    For a model's ``clean()``: refuses its blank required ``RichTextField``
    values and empties blank optional ones (so "Khmer, else English" falls
    back instead of showing an empty Khmer text).
"""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import RichTextField

#: Characters that show nothing but are not Unicode whitespace: zero-width
#: space, non-joiner and joiner, word joiner, byte order mark, soft hyphen,
#: Mongolian vowel separator and Khmer's invisible inherent vowels (U+17B4/5).
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u17b4\u17b5"
_DROP_INVISIBLE = str.maketrans("", "", INVISIBLE)

#: Elements that show something without any text: Wagtail stores images and
#: media embeds as ``<embed embedtype="...">``; imported HTML may have ``<img>``.
MEDIA_TAGS = frozenset(
    {"img", "embed", "iframe", "video", "audio", "object", "svg", "picture"}
)
#: Elements whose text is never shown.
HIDDEN_TAGS = frozenset({"script", "style", "template"})


def is_blank_text(text: str | None) -> bool:
    """Whether plain ``text`` is empty, whitespace or invisible characters only."""
    return not (text or "").translate(_DROP_INVISIBLE).strip()


class _VisibleContent(HTMLParser):
    """Stops at the first visible character or medium (``found``)."""

    def __init__(self, media_counts: bool):
        super().__init__(convert_charrefs=True)
        self.media_counts = media_counts
        self.hidden = 0
        self.found = False

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        elif self.media_counts and tag in MEDIA_TAGS:
            self.found = True

    def handle_startendtag(self, tag, attrs):
        if self.media_counts and tag in MEDIA_TAGS:
            self.found = True

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and not is_blank_text(data):
            self.found = True


def is_blank_richtext(html: Any, *, media_counts: bool = True) -> bool:
    """Whether rich text ``html`` shows nothing (see the module's docstring).

    ``html`` is database-format HTML, a Wagtail ``RichText`` or ``None``.
    With ``media_counts=False`` only words count: an image alone is blank.
    """
    source = getattr(html, "source", html)
    source = "" if source is None else str(source)
    if "<" not in source and "&" not in source:
        return is_blank_text(source)
    parser = _VisibleContent(media_counts)
    parser.feed(source)
    parser.close()
    return not parser.found


@deconstructible
class RichTextNotBlankValidator:
    """Refuses rich text that :func:`is_blank_richtext` finds blank."""

    message = _(
        "This text is empty: write it (spaces and empty paragraphs do not count)."
    )
    code = "blank"

    def __init__(self, message=None, *, media_counts: bool = True):
        if message is not None:
            self.message = message
        self.media_counts = media_counts

    def __call__(self, value):
        if is_blank_richtext(value, media_counts=self.media_counts):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return (
            isinstance(other, RichTextNotBlankValidator)
            and str(self.message) == str(other.message)
            and self.media_counts == other.media_counts
        )


class RequiredRichTextBlock(blocks.RichTextBlock):
    """A ``RichTextBlock`` that refuses blank text while it is required.

    ``FieldBlock.required`` is false while Wagtail defers required checks
    (saving a draft), so a draft may hold an empty block but submitting or
    publishing it may not. ``blank_message`` says what to write; by default
    the message names the block's label. ``media_counts=False`` asks for words.
    """

    def __init__(self, *args, blank_message=None, media_counts=True, **kwargs):
        self.blank_message = blank_message
        self.media_counts = media_counts
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if self.required and is_blank_richtext(value, media_counts=self.media_counts):
            message = self.blank_message or _(
                "“%(label)s” has no text: write it (spaces and empty paragraphs "
                "do not count)."
            ) % {"label": capfirst(self.label or _("Text"))}
            raise ValidationError(message, code="blank")
        return value

    def deconstruct(self):
        # Migrations see a plain RichTextBlock: the test of blankness is
        # behaviour, not schema, and must not make migrations churn.
        _path, args, kwargs = super().deconstruct()
        kwargs = {
            k: v
            for k, v in kwargs.items()
            if k not in ("blank_message", "media_counts")
        }
        return "wagtail.blocks.RichTextBlock", args, kwargs


def is_required_richtext_block(block) -> bool:
    """Whether ``block`` is a rich text block that must hold text when used."""
    return isinstance(block, blocks.RichTextBlock) and bool(
        block.field_options.get("required", True)
    )


def richtext_fields(model) -> list[RichTextField]:
    """The model's own concrete ``RichTextField`` columns."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, RichTextField)
    ]


def clean_richtext_fields(
    instance,
    messages: Mapping[str, Any] | None = None,
    *,
    words_only: tuple[str, ...] = (),
) -> None:
    """For ``Model.clean()``: refuse blank required rich text, empty blank optional.

    A required field (``blank=False``) holding markup with nothing visible
    raises ``ValidationError`` keyed by field, with ``messages[name]`` or a
    message naming the field. An empty string is left to the field's own
    "This field is required." A blank optional field is set to ``""``.
    Fields named in ``words_only`` need words: media alone is blank.
    """
    messages = messages or {}
    errors = {}
    for field in richtext_fields(type(instance)):
        value = getattr(instance, field.attname)
        if not value or not is_blank_richtext(
            value, media_counts=field.name not in words_only
        ):
            continue
        if field.blank:
            setattr(instance, field.attname, "")
        else:
            errors[field.name] = ValidationError(
                messages.get(field.name)
                or _(
                    "%(field)s is empty: write it (spaces and empty paragraphs "
                    "do not count)."
                )
                % {"field": capfirst(field.verbose_name)},
                code="blank",
            )
    if errors:
        raise ValidationError(errors)
