"""Officer imports in the background: a check with progress, then the import.

The import page stores the upload as the job's ``source`` (kind
``officer_import``, ``params["stage"] = "check"``) and queues
:func:`check_officer_import`. The requester reads the outcome and confirms;
the confirm view moves the job from ``previewed`` back to ``queued`` with
``params["stage"] = "apply"`` (a conditional update: two tabs confirm once)
and queues :func:`apply_officer_import`. Each task:

1. claims the job (``queued`` -> ``running``, a conditional update, so a task
   delivered twice runs once);
2. re-reads the requester (``accounts.scope.fresh_user``) and recomputes their
   scope: a reviewer whose role was taken away meanwhile imports nothing;
3. runs ``accounts.importing.preview_import`` or ``apply_import`` on the
   stored file, in the requester's language (the messages are stored);
4. ends the job: the check ``previewed`` (no errors) or ``failed``, the
   import ``done`` or ``failed``; ``result`` is the import's summary
   (``ImportResult.summary()`` plus ``stage``), ``error`` the file-level
   problem if any.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.importing import apply_import, preview_import
from accounts.scope import fresh_user, scope_for
from portal.access import may_review
from portal.models import Job

logger = logging.getLogger(__name__)

CHECK = "check"
APPLY = "apply"


class Refused(Exception):
    """The job may not run; the message says why."""


@task()
def check_officer_import(job_id: str) -> str:
    """Check the job's file (a dry run); return the job's final status."""
    return run(job_id, CHECK)


@task()
def apply_officer_import(job_id: str) -> str:
    """Import the job's file for good; return the job's final status."""
    return run(job_id, APPLY)


def confirm(job: Job, user) -> bool:
    """Queue the import of a checked job for its requester; False if already done.

    The ``previewed`` -> ``queued`` move is one conditional UPDATE: of two
    tabs (or a double click) confirming at once, exactly one queues the task.
    """
    confirmed = Job.objects.filter(
        pk=job.pk,
        kind=Job.Kind.OFFICER_IMPORT,
        requested_by_id=user.pk,
        status=Job.Status.PREVIEWED,
    ).update(
        status=Job.Status.QUEUED,
        params={**job.params, "stage": APPLY},
        progress_done=0,
        progress_total=0,
    )
    if confirmed:
        job_id = str(job.pk)
        transaction.on_commit(lambda: apply_officer_import.enqueue(job_id))
    return bool(confirmed)


def run(job_id, stage: str) -> str:
    """The body of both tasks (``stage`` is :data:`CHECK` or :data:`APPLY`)."""
    claimed = (
        Job.objects.filter(
            pk=job_id, kind=Job.Kind.OFFICER_IMPORT, status=Job.Status.QUEUED
        )
        .filter(params__stage=stage)
        .update(
            status=Job.Status.RUNNING,
            started_at=timezone.now(),
            progress_done=0,
            progress_total=0,
        )
    )
    if not claimed:
        return "skipped"
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    language = job.requested_by.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            finish(job, stage, *importer(job))
        except Refused as refusal:
            fail(job, stage, str(refusal))
        except Exception:
            logger.exception("Officer import job %s failed (%s)", job_id, stage)
            fail(
                job,
                stage,
                _(
                    "The file could not be imported. Nothing was saved. Please "
                    "try again; if it fails again, tell the platform "
                    "administrators."
                ),
            )
    return Job.objects.values_list("status", flat=True).get(pk=job_id)


def importer(job: Job):
    """The requester as they are now, and their scope; :class:`Refused` if gone."""
    user = fresh_user(job.requested_by_id)
    if user is None or not may_review(user):
        raise Refused(
            _("You may no longer import officers, so nothing was checked or saved.")
        )
    return user, scope_for(user)


def finish(job: Job, stage: str, user, scope) -> None:
    try:
        with job.source.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        raise Refused(_("The uploaded file is missing; upload it again.")) from None

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress_done=done, progress_total=total)

    run_import = preview_import if stage == CHECK else apply_import
    result = run_import(
        data,
        scope=scope,
        name=job.source_name,
        actor=user,
        # The import itself runs in one transaction: progress written inside
        # it would only show once it is over.
        progress=progress if stage == CHECK else None,
        source="portal",
        job=str(job.pk),
    )
    if stage == CHECK:
        status = Job.Status.PREVIEWED if result.ok else Job.Status.FAILED
    else:
        status = Job.Status.DONE if result.applied else Job.Status.FAILED
    summary = result.summary()
    summary["stage"] = stage
    Job.objects.filter(pk=job.pk).update(
        status=status,
        result=summary,
        error=result.file_error,
        progress_done=result.total,
        progress_total=result.total,
        finished_at=None if status == Job.Status.PREVIEWED else timezone.now(),
    )


def fail(job: Job, stage: str, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED,
        error=message,
        result={**job.result, "stage": stage},
        finished_at=timezone.now(),
    )
