"""Issue a course's missing certificates, or regenerate its PDFs, in bulk."""

from __future__ import annotations

import argparse
import difflib
import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef

from certificates.models import Certificate, CertificateEvent


class Command(BaseCommand):
    help = (
        "Issue a certificate to every officer who completed the course and has "
        "none yet; with --reissue, also render a new PDF of every certificate "
        "of the course that is not revoked. PDFs are rendered by the task "
        "queue's workers (manage.py db_worker); --wait (the default) shows "
        "their progress until every PDF is ready or failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--course",
            required=True,
            metavar="SLUG",
            help="The course page's slug (or its numeric page ID).",
        )
        parser.add_argument(
            "--reissue",
            action="store_true",
            help="Also regenerate the PDFs of the course's existing certificates.",
        )
        parser.add_argument(
            "--wait",
            action=argparse.BooleanOptionalAction,
            default=True,
            help="Wait for the PDFs, showing progress (default), or queue the "
            "work and return at once (--no-wait).",
        )
        parser.add_argument(
            "--timeout",
            type=float,
            default=600.0,
            help="Seconds to wait for the PDFs before giving up (default 600).",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=1.0,
            help="Seconds between progress checks (default 1).",
        )

    def handle(self, *args, course, reissue, wait, timeout, poll, **options):
        from certificates.issuing import issue_certificate
        from certificates.revocation import reissue as reissue_certificate
        from courses.models import Enrolment

        course = find_course(course)
        # Every render started from now on writes an event after this one.
        watermark = (
            CertificateEvent.objects.order_by("-pk")
            .values_list("pk", flat=True)
            .first()
        ) or 0

        existing = list(
            Certificate.objects.filter(course=course, revoked_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        missing = (
            Enrolment.objects.filter(course=course, completed_at__isnull=False)
            .exclude(
                Exists(
                    Certificate.objects.filter(
                        user_id=OuterRef("user_id"), course=course
                    )
                )
            )
            .select_related("user", "course")
            .order_by("completed_at", "pk")
        )
        issued = []
        for enrolment in missing.iterator(chunk_size=200):
            # Rendering and the officer's email are queued once each commits.
            issued.append(issue_certificate(enrolment).pk)
            self.progress(f"Issued {len(issued)} certificate(s)")
        self.finish_line()
        self.stdout.write(
            f"{course.title}: issued {len(issued)} new certificate(s); "
            f"{len(existing)} already issued."
        )

        queued = []
        if reissue:
            by_pk = Certificate.objects.in_bulk(existing)
            for pk in existing:
                reissue_certificate(by_pk[pk], by=None)
                queued.append(pk)
                self.progress(f"Queued {len(queued)}/{len(existing)} re-render(s)")
            self.finish_line()
            self.stdout.write(f"Queued {len(queued)} PDF(s) to render again.")

        waiting_for = issued + queued
        if not waiting_for:
            self.stdout.write(self.style.SUCCESS("Nothing to render."))
            return
        if not wait:
            self.stdout.write(
                f"{len(waiting_for)} PDF(s) queued; the task workers render them."
            )
            return
        self.wait_for(waiting_for, watermark, timeout=timeout, poll=poll)

    # Progress ---------------------------------------------------------------

    def progress(self, line: str, *, every: float = 0.0):
        """One updating line on a terminal; in a log, a line at most ``every`` s."""
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
        elif every and time.monotonic() - getattr(self, "_logged_at", 0) >= every:
            self._logged_at = time.monotonic()
            self.stdout.write(line)

    def finish_line(self):
        if self.stdout.isatty():
            self.stdout.write("")

    def wait_for(self, certificate_ids, watermark, *, timeout, poll):
        """Poll until every certificate's new render has ended, or time runs out.

        A render has ended when its certificate has a ``rendered`` or
        ``render_failed`` event newer than ``watermark``: that covers new
        certificates (``pending`` until then) and reissued ones, which stay
        ``ready`` with their old file while the new one is made.
        """
        wanted = set(certificate_ids)
        total = len(wanted)
        deadline = time.monotonic() + timeout
        started = time.monotonic()
        while True:
            outcome = render_outcomes(wanted, watermark)
            failed = [pk for pk, ok in outcome.items() if not ok]
            done = len(outcome)
            elapsed = time.monotonic() - started
            line = (
                f"Rendered {done - len(failed)}/{total}, failed {len(failed)} "
                f"({elapsed:.0f} s)"
            )
            if done >= total or time.monotonic() >= deadline:
                break
            self.progress(line, every=10)
            time.sleep(poll)
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}")
        else:
            self.stdout.write(line)

        for certificate in Certificate.objects.filter(pk__in=failed).order_by("pk"):
            self.stderr.write(
                f"Failed: {certificate.display_code} ({certificate.officer_name}): "
                f"{certificate.render_error or 'unknown error'}"
            )
        if done < total:
            raise CommandError(
                f"{total - done} PDF(s) still not rendered after {timeout:.0f} s. "
                "Is a task worker running (manage.py db_worker)? The work stays "
                "queued; run the command again with --no-wait to stop waiting."
            )
        if failed:
            raise CommandError(
                f"{len(failed)} PDF(s) could not be rendered (see above); fix the "
                "cause and run again with --reissue."
            )
        self.stdout.write(self.style.SUCCESS(f"All {total} PDF(s) are ready."))


def render_outcomes(certificate_ids: set[int], watermark: int) -> dict[int, bool]:
    """``{certificate id: rendered?}`` for renders that ended after ``watermark``."""
    outcomes: dict[int, bool] = {}
    events = (
        CertificateEvent.objects.filter(
            pk__gt=watermark,
            certificate_id__in=certificate_ids,
            action__in=[
                CertificateEvent.Action.RENDERED,
                CertificateEvent.Action.RENDER_FAILED,
            ],
        )
        .order_by("pk")
        .values_list("certificate_id", "action")
    )
    for certificate_id, action in events:
        # The latest word counts: a retry may succeed after a failure.
        outcomes[certificate_id] = action == CertificateEvent.Action.RENDERED
    return outcomes


def find_course(value: str):
    """The course page with slug (or ID) ``value``; a clear error otherwise."""
    from courses.models import CoursePage

    courses = CoursePage.objects.all()
    if value.isdigit():
        found = courses.filter(pk=int(value)).first()
        if found is not None:
            return found
    matches = list(courses.filter(slug=value))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = ", ".join(f"{c.pk} ({c.url_path})" for c in matches)
        raise CommandError(
            f"Several courses have the slug {value!r}: {listed}. "
            "Give the page ID instead: --course ID."
        )
    slugs = list(courses.values_list("slug", flat=True))
    close = difflib.get_close_matches(value, slugs, n=5, cutoff=0.5)
    hint = (
        f" Did you mean: {', '.join(close)}?"
        if close
        else f" Courses: {', '.join(sorted(slugs)[:20]) or 'none yet'}."
    )
    raise CommandError(f"No course with the slug {value!r}.{hint}")
