"""Question imports as records: kept and checked on upload, applied once.

:func:`check_upload` reads and checks an uploaded file, keeps it in private
storage with a :class:`~plugins.quiz.models.QuestionImport` (``checked``
when the file has no error, else ``refused``) and writes the audit log.
:func:`apply_import` saves a checked import: the record moves from
``checked`` to ``applied`` with a conditional update in the transaction that
saves the questions, so a double click or two tabs import it once.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plugins.quiz.interchange.base import Problem
from plugins.quiz.interchange.checking import read
from plugins.quiz.interchange.saving import (
    ImportRefused,
    audit,
    save_import,
    summarize,
)
from plugins.quiz.models import QuestionImport


def check_upload(upload, identifier: str, target: tuple[str, ...], *, request):
    """Read and check ``upload``; keep it with a record; audit the outcome."""
    data = upload.read()
    result = read(data, identifier, target)
    summary = summarize(result, target)
    record = QuestionImport(
        uploaded_by=request.user,
        format=identifier,
        target_path=list(target),
        category_id=summary.category_id,
        file_name=PurePath(upload.name).name[:255],
        status=QuestionImport.Status.CHECKED
        if result.ok
        else QuestionImport.Status.REFUSED,
        summary=summary.as_dict(),
    )
    extension = PurePath(upload.name).suffix.lower()[:10]
    # Stored under a fixed name: the trainer's file name is kept in file_name.
    record.file.save(f"questions{extension}", ContentFile(data), save=False)
    record.save()
    action = "question_import.checked" if result.ok else "question_import.refused"
    audit(
        action,
        actor=request.user,
        request=request,
        target=record,
        file_name=record.file_name,
        format=identifier,
        summary=summary,
        problems=result.errors,
        source="admin",
    )
    return record


def apply_import(record: QuestionImport, *, request):
    """Save ``record``'s file once: ``("applied", summary)``, ``("refused",
    errors)`` or ``("already", None)``.

    The ``checked`` -> ``applied`` update is conditional and in the same
    transaction as the questions: a second confirm waits for the first and
    then finds nothing to update; an import that fails leaves the record
    ``checked`` until it is marked ``refused``.
    """
    Status = QuestionImport.Status
    user = request.user
    details = {
        "actor": user,
        "request": request,
        "target": record,
        "file_name": record.file_name,
        "format": record.format,
        "source": "admin",
        "uploaded_by": record.uploaded_by_id,
    }
    try:
        with transaction.atomic():
            claimed = QuestionImport.objects.filter(
                pk=record.pk, status=Status.CHECKED
            ).update(status=Status.APPLIED, applied_at=timezone.now())
            if not claimed:
                return "already", None
            try:
                with record.file.open("rb") as stored:
                    data = stored.read()
            except (FileNotFoundError, ValueError):
                raise ImportRefused(
                    [Problem(_("The uploaded file is missing; upload it again."))]
                ) from None
            result = read(data, record.format, record.target_path)
            summary = save_import(result, target_path=record.target_path, user=user)
            QuestionImport.objects.filter(pk=record.pk).update(
                summary=summary.as_dict(), category_id=summary.category_id
            )
            audit("question_import.applied", summary=summary, **details)
    except ImportRefused as refusal:
        QuestionImport.objects.filter(pk=record.pk, status=Status.CHECKED).update(
            status=Status.REFUSED
        )
        audit("question_import.refused", problems=refusal.problems, **details)
        return "refused", refusal.problems
    return "applied", summary
