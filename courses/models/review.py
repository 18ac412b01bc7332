"""Review batches: a module or course edition submitted for review as one unit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewBatch(models.Model):
    """Pages submitted for review together, under one ``root`` page.

    Each page still goes through Wagtail's own workflow (its ``WorkflowState``
    and ``TaskState`` rows, its history and notifications): the batch only
    records which workflow states belong together, so that a lead trainer
    approves or returns them in one step (``courses.authoring.batch_review``).
    """

    root = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("submitted page"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    workflow_states = models.ManyToManyField(
        "wagtailcore.WorkflowState",
        related_name="review_batches",
        verbose_name=_("workflow states"),
    )

    class Meta:
        verbose_name = _("review batch")
        verbose_name_plural = _("review batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.root} ({self.created_at:%Y-%m-%d %H:%M})"
