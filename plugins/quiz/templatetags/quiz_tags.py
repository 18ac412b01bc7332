"""Template filters of the quiz plugin."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lang_attr(text, around: str | None = None):
    """`` lang="en"`` when ``text`` (a ``question_types.base.LocalizedText``) is
    in another language than ``around`` (default: the interface language, the
    page's ``<html lang>``); nothing when it is the same or unknown.

    ``<label{{ choice.text|lang_attr }}>``: an English answer shown to a
    Khmer reader, because it is not translated yet, is read as English.
    """
    lang = getattr(text, "lang", "")
    if not lang or lang == (around or get_language()):
        return ""
    return format_html(' lang="{}"', lang)
