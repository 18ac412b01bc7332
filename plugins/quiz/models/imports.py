"""A question file a trainer uploaded: checked, then applied once (or refused)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def private_storage() -> Storage:
    """``STORAGES["private"]`` (a callable, so migrations stay portable).

    Uploaded question files may hold unpublished exam questions: they live
    outside ``MEDIA_ROOT`` and are never served.
    """
    return storages["private"]


def import_upload_to(record: QuestionImport, filename: str) -> str:
    return f"question-imports/{record.pk}/{filename}"


class QuestionImportQuerySet(models.QuerySet):
    def visible_to(self, user) -> QuestionImportQuerySet:
        """An import is seen by whoever uploaded it, and by superusers."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(uploaded_by_id=user.pk)


class QuestionImport(models.Model):
    """One upload of a question file into the bank.

    The upload is checked at once (``status`` ``checked`` when the file has
    no error, else ``refused``); confirming applies it. Applying moves
    ``checked`` to ``applied`` with a conditional update inside the
    transaction that saves the questions, so however often it is confirmed
    the questions are saved once. ``target_path`` is the target category's
    names from the top of the bank (it is created on apply when missing);
    ``category`` is that category once it exists. ``summary`` holds the
    counts shown to the trainer.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked, waiting for confirmation")
        APPLIED = "applied", _("Imported")
        REFUSED = "refused", _("Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="question_imports",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    format = models.CharField(_("format"), max_length=32)
    target_path = models.JSONField(_("target category path"), default=list)
    category = models.ForeignKey(
        "quiz.QuestionCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("target category"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(
        _("uploaded file"),
        storage=private_storage,
        upload_to=import_upload_to,
        max_length=300,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CHECKED
    )
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    objects = QuestionImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")
        indexes = [models.Index(fields=["uploaded_by", "-created_at"])]

    def __str__(self):
        return self.file_name

    @property
    def target_label(self) -> str:
        return " / ".join(self.target_path)
