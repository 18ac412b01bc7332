"""Background jobs the portal starts: certificate ZIPs, report exports, imports."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage


def job_upload_to(job: Job, filename: str) -> str:
    return f"jobs/{job.pk}/{filename}"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> JobQuerySet:
        """A job is seen by whoever asked for it, and by platform admins.

        Nobody else, reviewers of the same organisation included: a job's
        result was built for its requester's scope. The job also re-checks
        the scope when it runs (``accounts.scope.fresh_user``).
        """
        from accounts.scope import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        if scope.user_id is None:
            return self.none()
        return self.filter(requested_by_id=scope.user_id)


class Job(models.Model):
    """One piece of background work asked for in the portal, with its progress.

    The id is a random UUID (not guessable), and it is still looked up
    through ``Job.objects.visible_to(request.user)``. ``params`` holds what
    was asked (filters, options), ``result`` what came out (counts, row
    errors, a manifest summary); ``source`` is an uploaded file, ``output``
    a built file, both in private storage.
    """

    class Kind(models.TextChoices):
        CERTIFICATES_ZIP = "certificates_zip", _("Certificates ZIP")
        REPORT_EXPORT = "report_export", _("Report export")
        OFFICER_IMPORT = "officer_import", _("Officer import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        #: An import checked without saving, waiting for the user to confirm.
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="portal_jobs",
        verbose_name=_("requested by"),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    source = models.FileField(
        _("uploaded file"),
        storage=private_storage,
        upload_to=job_upload_to,
        max_length=300,
        blank=True,
    )
    source_name = models.CharField(_("uploaded file name"), max_length=255, blank=True)
    output = models.FileField(
        _("result file"),
        storage=private_storage,
        upload_to=job_upload_to,
        max_length=300,
        blank=True,
    )
    output_name = models.CharField(_("result file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [models.Index(fields=["requested_by", "kind", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def percent(self) -> int:
        """Progress as a whole percentage (100 once done)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
