"""Finding stored rich text that is required but blank, in every installed app.

Validation (``lms.richtext``) keeps new blank text out; rows saved before it,
or written around the forms, may still hold an empty paragraph that officers
see as a page or a question with no words. This module finds them without
knowing the apps: it walks the app registry for

- required ``RichTextField`` columns (``blank=False``), and
- ``StreamField`` columns, down their blocks (streams, structs, lists) to
  every required ``RichTextBlock`` (``lms.richtext.is_required_richtext_block``),

so a plugin's fields are found as the core's are, and ``lms`` imports no app
above it. Stream data is read raw (JSON), so no chooser loads its images or
documents. Each column is read once, in chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

from lms.richtext import is_blank_richtext, is_required_richtext_block

#: How the places inside a StreamField are joined ("Body › 3. Callout › Text").
PATH_SEPARATOR = " › "
CHUNK_SIZE = 500


@dataclass(frozen=True)
class BlankRichText:
    """One blank required text: which row, which field, where inside it."""

    model: str  # app_label.ModelName
    pk: Any
    field: str
    where: str  # the place inside a StreamField; "" for a RichTextField
    title: str = ""
    admin_url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "model": self.model,
            "pk": self.pk,
            "field": self.field,
            "where": self.where,
            "title": self.title,
            "admin_url": self.admin_url,
        }


def _scanned_models(app_labels: Iterable[str] | None) -> list[type[models.Model]]:
    if app_labels:
        found = []
        for label in app_labels:
            found += apps.get_app_config(label).get_models()
    else:
        found = apps.get_models()
    return [
        model
        for model in found
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _has_required_richtext_block(block) -> bool:
    if is_required_richtext_block(block):
        return True
    children = getattr(block, "child_blocks", None)
    if children is None and isinstance(block, blocks.ListBlock):
        children = {"item": block.child_block}
    return any(_has_required_richtext_block(c) for c in (children or {}).values())


def checked_fields(
    app_labels: Iterable[str] | None = None,
) -> list[tuple[type[models.Model], models.Field]]:
    """(model, field) of every column that can hold required rich text.

    A field is listed under the model that declares it (``local_concrete_fields``),
    so a page field inherited through multi-table inheritance is read once.
    """
    found = []
    for model in _scanned_models(app_labels):
        for field in model._meta.local_concrete_fields:
            if isinstance(field, RichTextField) and not field.blank:
                found.append((model, field))
            elif isinstance(field, StreamField) and _has_required_richtext_block(
                field.stream_block
            ):
                found.append((model, field))
    return found


def _label(block, fallback: str) -> str:
    return str(capfirst(block.label or fallback))


def blank_places(block, raw, path: tuple[str, ...] = ()) -> Iterator[str]:
    """Places (joined labels) of blank required rich text in raw block data."""
    if is_required_richtext_block(block):
        if is_blank_richtext(raw, media_counts=getattr(block, "media_counts", True)):
            yield PATH_SEPARATOR.join(path)
    elif isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(raw or [], start=1):
            if not isinstance(child, dict):
                continue
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                place = f"{index}. {_label(child_block, child.get('type', ''))}"
                yield from blank_places(child_block, child.get("value"), (*path, place))
    elif isinstance(block, blocks.StructBlock):
        data = raw if isinstance(raw, dict) else {}
        for name, child_block in block.child_blocks.items():
            place = _label(child_block, name)
            yield from blank_places(child_block, data.get(name), (*path, place))
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw or [], start=1):
            # Lists store {"type": "item", "value": ..., "id": ...} (or, before
            # Wagtail 2.16, the bare values).
            if isinstance(item, dict) and "value" in item and "id" in item:
                item = item["value"]
            yield from blank_places(block.child_block, item, (*path, str(index)))


def _raw_stream(value) -> list:
    raw = getattr(value, "raw_data", value)
    return list(raw) if raw is not None else []


def _scan_field(model, field) -> Iterator[tuple[Any, str]]:
    rows = model._default_manager.values_list("pk", field.attname).order_by("pk")
    for pk, value in rows.iterator(chunk_size=CHUNK_SIZE):
        if isinstance(field, StreamField):
            for place in blank_places(field.stream_block, _raw_stream(value)):
                yield pk, place
        elif is_blank_richtext(value):
            yield pk, ""


def _describe(model, pks) -> dict[Any, tuple[str, str | None]]:
    """Title and admin edit URL of each offending row (one query per model)."""
    from wagtail.admin.admin_url_finder import AdminURLFinder

    finder = AdminURLFinder()
    described = {}
    for obj in model._default_manager.filter(pk__in=pks):
        try:
            url = finder.get_edit_url(obj)
        except Exception:  # noqa: BLE001 - a missing URL must not stop the audit
            url = None
        described[obj.pk] = (str(obj), url)
    return described


def find_blank_richtext(app_labels: Iterable[str] | None = None) -> list[BlankRichText]:
    """Every blank required rich text stored in the apps (all when ``None``)."""
    found: list[BlankRichText] = []
    for model, field in checked_fields(app_labels):
        hits = list(_scan_field(model, field))
        if not hits:
            continue
        described = _describe(model, {pk for pk, _place in hits})
        for pk, place in hits:
            title, url = described.get(pk, ("", None))
            found.append(
                BlankRichText(
                    model=model._meta.label,
                    pk=pk,
                    field=field.name,
                    where=place,
                    title=title,
                    admin_url=url,
                )
            )
    return found
