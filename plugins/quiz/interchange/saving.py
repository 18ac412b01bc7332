"""Saving checked questions into the bank, all of them or none.

:func:`save_import` checks the parsed file again inside its transaction (the
bank may have changed since the preview) and refuses the whole file on any
error (:class:`ImportRefused`). Otherwise it creates the file's categories
under the target (reusing categories that exist by exact name under the same
parent), stores embedded files as Wagtail images (``IMAGE_EXTENSIONS``) or
documents in the "Imported questions" collection, reusing any image or
document with the same content (Wagtail's ``file_hash``), converts the texts
to Wagtail rich text (``interchange.richtext``) and creates the questions
with their answers and tags.

:func:`summarize` gives the same counts for a file that is not saved (the
preview, ``--dry-run``). :func:`audit` writes the audit log for imports and
exports (actions ``question_import.checked``, ``question_import.applied``,
``question_import.refused``, ``question_export.downloaded``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from lms.richtext import clean_richtext_fields, is_blank_richtext
from plugins.quiz.hooks import question_types
from plugins.quiz.interchange.base import EmbeddedFile, ParseResult, Problem
from plugins.quiz.interchange.checking import TITLE_MAX, check, definition, rounded_mark
from plugins.quiz.interchange.richtext import html_to_text, to_rich_text
from plugins.quiz.models import Choice, Question, QuestionCategory
from plugins.quiz.translation import translate

#: Where imported images and documents go (a collection under the root).
COLLECTION_NAME = _("Imported questions")
#: Problems copied into an audit event (the counts cover all of them).
AUDITED_PROBLEMS = 20


class ImportRefused(Exception):
    """The file has errors; nothing was saved. ``problems`` lists the errors."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} error(s); nothing was saved")


@dataclass
class ImportSummary:
    """What an import holds (preview) or did (after saving); JSON-able."""

    target: str = ""
    category_id: int | None = None
    questions: int = 0
    #: Question type identifier -> number of questions.
    by_type: dict[str, int] = field(default_factory=dict)
    #: Category path ("A / B") -> number of questions.
    by_category: dict[str, int] = field(default_factory=dict)
    #: Paths of the categories created (or, in a preview, to be created).
    new_categories: list[str] = field(default_factory=list)
    images_created: int = 0
    images_reused: int = 0
    documents_created: int = 0
    documents_reused: int = 0
    errors: int = 0
    warnings: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def type_rows(self) -> list[tuple[str, str, int]]:
        """``(identifier, label, count)`` in the order authors see the types."""
        return type_rows(self.by_type)


def type_rows(by_type: dict[str, int]) -> list[tuple[str, str, int]]:
    order = {qt.identifier: n for n, qt in enumerate(question_types)}
    rows = []
    for identifier, count in by_type.items():
        question_type = question_types.get(identifier)
        label = str(question_type.label) if question_type else identifier
        rows.append((identifier, label, count))
    rows.sort(key=lambda row: (order.get(row[0], len(order)), row[0]))
    return rows


def summarize(result: ParseResult, target_path: Sequence[str]) -> ImportSummary:
    """The counts of ``result`` as an import into ``target_path``, saving nothing."""
    target = tuple(target_path)
    summary = ImportSummary(target=" / ".join(target))
    summary.questions = len(result.questions)
    summary.by_type = dict(Counter(q.question_type for q in result.questions))
    summary.by_category = dict(
        Counter(" / ".join(target + tuple(q.category_path)) for q in result.questions)
    )
    problems = result.all_problems
    summary.errors = sum(1 for p in problems if p.is_error)
    summary.warnings = len(problems) - summary.errors
    ids = {names: pk for pk, names in category_names().items()}
    paths = {target} | {
        target + tuple(p)
        for p in [*(c.path for c in result.categories)]
        + [q.category_path for q in result.questions]
    }
    new: set[tuple[str, ...]] = set()
    for path in paths:
        for depth in range(1, len(path) + 1):
            if path[:depth] not in ids:
                new.add(path[:depth])
    summary.new_categories = sorted(" / ".join(path) for path in new)
    summary.category_id = ids.get(target)
    return summary


def category_names() -> dict[int, tuple[str, ...]]:
    """Every category's path (its names from the top of the bank), by id.

    One query. ``admin.forms.category_paths`` joins the same names with
    " / " for display; a path as names survives a " / " inside a name.
    """
    rows = {
        pk: (name, parent_id)
        for pk, name, parent_id in QuestionCategory.objects.sources().values_list(
            "pk", "name", "parent_id"
        )
    }
    names_by_id: dict[int, tuple[str, ...]] = {}
    for pk in rows:
        names, node, seen = [], pk, set()
        while node is not None and node in rows and node not in seen:
            seen.add(node)
            names.append(rows[node][0])
            node = rows[node][1]
        names_by_id[pk] = tuple(reversed(names))
    return names_by_id


def save_import(
    result: ParseResult, *, target_path: Sequence[str], user=None
) -> ImportSummary:
    """Check ``result`` again and save every question, in one transaction.

    ``target_path`` names the target category from the top of the bank; it
    is created when missing. Raises :class:`ImportRefused` (nothing saved)
    when any problem is an error.
    """
    target = tuple(target_path)
    written: list = []
    try:
        with transaction.atomic():
            check(result, target_path=target)
            if not result.ok:
                raise ImportRefused(result.errors)
            summary = summarize(result, target)
            categories = _Categories(target, result)
            for category in result.categories:
                categories.resolve(tuple(category.path))
            files = _Files(user, summary, written)
            for question in result.questions:
                _save_question(question, categories, files, user)
            target_category = categories.resolve(())
            summary.category_id = target_category.pk if target_category else None
    except BaseException:
        # The rows are rolled back; files already written to storage are not.
        for stored in written:
            stored.delete(save=False)
        raise
    return summary


def _save_question(question, categories, files, user) -> Question:
    options, choices = definition(question)
    embedded = files.store(question.files)
    saved = Question(
        category=categories.resolve(tuple(question.category_path)),
        question_type=question.question_type,
        title=question.title.strip()[:TITLE_MAX],
        text=to_rich_text(question.text, embedded),
        explanation=(
            to_rich_text(question.explanation, embedded) if question.explanation else ""
        ),
        default_mark=rounded_mark(question.default_mark),
        options=options,
        created_by=user,
        locale=categories.locale,
    )
    # As the admin form: a blank explanation is stored as "", and blank
    # question text is refused, which ``checking`` has already reported.
    clean_richtext_fields(saved)
    tags: dict[str, str] = {}
    for tag in question.tags:
        tags.setdefault(tag.strip().casefold(), tag.strip())
    tags.pop("", None)
    if tags:
        saved.tags.add(*tags.values())
    saved.save()
    rows = Choice.objects.bulk_create(
        Choice(
            question=saved,
            locale_id=saved.locale_id,
            sort_order=order,
            text=choice["text"],
            match_text=choice["match_text"],
            fraction=choice["fraction"],
            tolerance=choice["tolerance"],
            feedback=html_to_text(choice["feedback"]),
        )
        for order, choice in enumerate(choices)
    )
    # The file's Khmer texts become the question's Khmer translation
    # (wagtail-localize), as a translator would have made it.
    khmer = {
        "text": _khmer_rich_text(question.text_km, embedded),
        "explanation": _khmer_rich_text(question.explanation_km, embedded),
        "choices": {
            row.pk: {
                "text": choice["text_km"],
                "match_text": choice["match_text_km"],
                "feedback": html_to_text(choice["feedback_km"]),
            }
            for row, choice in zip(rows, choices, strict=True)
        },
    }
    if _has_khmer(khmer):
        translate(
            Question.objects.prefetch_related("choices").get(pk=saved.pk),
            khmer,
            user=user,
        )
    return saved


def _khmer_rich_text(text: str, embedded) -> str:
    if not text:
        return ""
    html = to_rich_text(text, embedded)
    return "" if is_blank_richtext(html) else html


def _has_khmer(khmer: dict) -> bool:
    return bool(
        khmer["text"]
        or khmer["explanation"]
        or any(v for texts in khmer["choices"].values() for v in texts.values())
    )


class _Categories:
    """The target and the file's categories: found by name, else created."""

    def __init__(self, target: tuple[str, ...], result: ParseResult):
        self.target = target
        self.descriptions = {
            tuple(category.path): category.description
            for category in result.categories
            if category.description
        }
        self.cache: dict[tuple[str, ...], QuestionCategory] = {}
        # The bank's rows are in the default locale: read once, not per row
        # (Wagtail looks it up for every row saved without one).
        self.locale = Locale.get_default()

    def resolve(self, relative: tuple[str, ...]) -> QuestionCategory | None:
        full = self.target + relative
        node = None
        for depth in range(1, len(full) + 1):
            path = full[:depth]
            if path not in self.cache:
                below_target = path[len(self.target) :]
                node, _created = QuestionCategory.objects.get_or_create(
                    locale=self.locale,
                    parent=node,
                    name=path[-1],
                    defaults={"description": self.descriptions.get(below_target, "")}
                    if depth > len(self.target)
                    else {},
                )
                self.cache[path] = node
            node = self.cache[path]
        return node


class _Files:
    """Embedded files as Wagtail images and documents, one per distinct content."""

    def __init__(self, user, summary: ImportSummary, written: list):
        self.user = user
        self.summary = summary
        self.written = written
        self.by_hash: dict[tuple[bool, str], int] = {}
        self._collection = None

    def store(self, embedded: list[EmbeddedFile]) -> dict[str, tuple[str, int]]:
        """``name -> ("image" | "document", id)`` for one question's files."""
        return {
            item.name: ("image" if item.is_image else "document", self.stored(item))
            for item in embedded
        }

    def stored(self, item: EmbeddedFile) -> int:
        digest = hashlib.sha1(item.content).hexdigest()  # noqa: S324 (Wagtail's hash)
        key = (item.is_image, digest)
        if key in self.by_hash:
            return self.by_hash[key]
        model = self._model(item.is_image)
        existing = (
            model.objects.filter(file_hash=digest)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if existing is not None:
            kind = "images_reused" if item.is_image else "documents_reused"
        else:
            existing = self._create(model, item, digest)
            kind = "images_created" if item.is_image else "documents_created"
        setattr(self.summary, kind, getattr(self.summary, kind) + 1)
        self.by_hash[key] = existing
        return existing

    def _create(self, model, item: EmbeddedFile, digest: str) -> int:
        title = item.name.rsplit(".", 1)[0] if "." in item.name else item.name
        instance = model(
            title=title[:255] or item.name,
            collection=self.collection,
            uploaded_by_user=self.user,
            file_size=len(item.content),
            file_hash=digest,
        )
        instance.file = ContentFile(item.content, name=item.name)
        instance.save()
        self.written.append(instance.file)
        return instance.pk

    @staticmethod
    def _model(is_image: bool):
        if is_image:
            from wagtail.images import get_image_model

            return get_image_model()
        from wagtail.documents import get_document_model

        return get_document_model()

    @property
    def collection(self):
        if self._collection is None:
            from wagtail.models import Collection

            # Lock the root so two imports do not both create the collection.
            root = Collection.objects.select_for_update().get(
                pk=Collection.get_first_root_node().pk
            )
            # A stored name, in the site's language whoever imports: in each
            # trainer's own language there would be one collection per language.
            with translation.override(settings.LANGUAGE_CODE):
                name = str(COLLECTION_NAME)
            self._collection = root.get_children().filter(name=name).first()
            if self._collection is None:
                self._collection = root.add_child(name=name)
        return self._collection


# Audit ---------------------------------------------------------------------


def audit(
    action: str,
    *,
    actor=None,
    file_name: str = "",
    format: str = "",
    summary: ImportSummary | dict | None = None,
    problems: Sequence[Problem] = (),
    target=None,
    request=None,
    **details,
):
    """One audit event for an import or export (see the module docstring)."""
    from audit.log import record

    if isinstance(summary, ImportSummary):
        summary = summary.as_dict()
    counts = {
        key: summary[key]
        for key in ("questions", "by_type", "errors", "warnings")
        if summary and key in summary
    }
    if summary:
        counts["category"] = summary.get("target", "")
    errors = [str(problem) for problem in problems if problem.is_error]
    return record(
        action,
        actor=actor,
        target=target,
        request=request,
        file=file_name,
        format=format,
        **counts,
        first_errors=errors[:AUDITED_PROBLEMS],
        **details,
    )
