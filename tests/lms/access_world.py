"""The world of the access matrix: two organisations, two courses, every role.

Organisation A (a ministry, a department and a unit) and organisation B (a
department and a unit); courses X and Y, each with a quiz. Officers:

- ``a1`` (unit A) in X and Y, with a finished attempt and a certificate in X;
- ``a2`` (unit A) in Y only, with an attempt and a certificate;
- ``b1`` (unit B) in X only, with an attempt and a certificate;
- ``c1`` (unit B) in Y only, with an attempt and a certificate;
- ``a3`` (unit A) in no course, an account not yet activated (no usable
  password, an e-mail address): the one activation letters and invitations
  are for.

Every officer's name, staff ID and e-mail carry a marker (``ALPHAONE``...)
that must never show up where its role may not look. Reviewers A and B,
trainers of X and of Y, and an admin complete the cast; each reviewer also
has a finished certificates ZIP job and an import job, and a pending
registration waits in each unit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import Organisation, RegistrationRequest, User
from courses.enrolment import enrol
from courses.models import Cohort, Enrolment
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from portal import import_jobs, zip_jobs
from portal.models import Job
from tests import factories
from tests.accounts.import_files import HEADER as IMPORT_HEADER
from tests.accounts.import_files import csv_bytes
from tests.certificates.factories import attach_pdf, make_certificate, minimal_pdf
from tests.quiz.factories import make_question, make_quiz

ROLES = (
    "anonymous",
    "officer_a1",
    "officer_a2",
    "reviewer_a",
    "reviewer_b",
    "trainer_x",
    "trainer_y",
    "admin",
)

#: Whose markers each role must never receive (outside public pages).
FORBIDDEN_MARKERS = {
    "anonymous": {"a1", "a2", "a3", "b1", "c1"},
    "officer_a1": {"a2", "a3", "b1", "c1"},
    "officer_a2": {"a1", "a3", "b1", "c1"},
    "reviewer_a": {"b1", "c1"},
    "reviewer_b": {"a1", "a2", "a3"},
    "trainer_x": {"a2", "a3", "c1"},
    "trainer_y": {"a3", "b1"},
    "admin": set(),
}


@dataclass
class World:
    users: dict[str, User] = field(default_factory=dict)
    officers: dict[str, User] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    courses: dict = field(default_factory=dict)
    quizzes: dict = field(default_factory=dict)
    attempts: dict = field(default_factory=dict)
    certificates: dict = field(default_factory=dict)
    enrolments: dict = field(default_factory=dict)
    jobs: dict = field(default_factory=dict)
    registrations: dict = field(default_factory=dict)
    cohorts: dict = field(default_factory=dict)

    def markers(self, key: str) -> list[str]:
        """Strings that identify officer ``key`` in any output."""
        officer = self.officers[key]
        found = [officer.full_name, officer.staff_id, officer.email]
        found += [
            c.code for k, c in self.certificates.items() if k.startswith(key + "_")
        ]
        return [m for m in found if m]


def marker_name(key: str) -> str:
    return {
        "a1": "ALPHAONE",
        "a2": "ALPHATWO",
        "a3": "ALPHATHREE",
        "b1": "BRAVOONE",
        "c1": "CHARLIEONE",
    }[key]


def build_world() -> World:
    world = World()
    orgs = world.organisations
    orgs["ministry_a"] = Organisation.objects.create(
        code="mat-moi", name="Ministry A", kind="ministry"
    )
    orgs["department_a"] = Organisation.objects.create(
        code="mat-gdi",
        name="Department A",
        kind="department",
        parent=orgs["ministry_a"],
    )
    orgs["unit_a"] = Organisation.objects.create(
        code="mat-unit-a",
        name="Unit A",
        kind="unit",
        parent=orgs["department_a"],
        province="01",
    )
    orgs["department_b"] = Organisation.objects.create(
        code="mat-gdce", name="Department B", kind="department"
    )
    orgs["unit_b"] = Organisation.objects.create(
        code="mat-unit-b",
        name="Unit B",
        kind="unit",
        parent=orgs["department_b"],
        province="20",
    )
    for key in ("x", "y"):
        course = factories.make_course(
            title=f"Course {key.upper()}", modules=1, lessons=1
        )
        module = factories.modules_of(course)[0]
        world.courses[key] = course
        world.quizzes[key] = make_quiz(module, questions=[make_question()])

    membership = {
        "a1": ("unit_a", "xy"),
        "a2": ("unit_a", "y"),
        "b1": ("unit_b", "x"),
        "c1": ("unit_b", "y"),
    }
    for key, (unit, courses) in membership.items():
        name = marker_name(key)
        officer = factories.make_user(
            "officer",
            username=f"mat-{key}",
            full_name=f"{name} Officer",
            full_name_km="សុខ ដារា",
            organisation=orgs[unit],
            staff_id=f"STAFF-{name}",
            province=orgs[unit].province,
        )
        officer.email = f"{name.lower()}@example.org"
        officer.save(update_fields=["email"])
        world.officers[key] = officer
        for course_key in courses:
            enrolment, _ = enrol(officer, world.courses[course_key])
            enrolment.due_on = timezone.localdate() - datetime.timedelta(days=3)
            enrolment.save(update_fields=["due_on"])
            world.enrolments[f"{key}_{course_key}"] = enrolment
        first = courses[0]
        quiz = world.quizzes[first]
        attempt, _ = start_attempt(quiz, world.enrolments[f"{key}_{first}"])
        attempt, _ = submit_attempt(attempt.pk, [AnswerUpdate(1, 0, 0)])
        world.attempts[f"{key}_{first}"] = attempt
        certificate = make_certificate(officer, world.courses[first])
        attach_pdf(certificate, minimal_pdf(f"Certificate {name}"))
        world.certificates[f"{key}_{first}"] = certificate
        Enrolment.objects.filter(pk=world.enrolments[f"{key}_{first}"].pk).update(
            completed_at=certificate.completed_at
        )

    # Imported, never activated: a letter or an invitation is what they wait for.
    waiting = factories.make_user(
        "officer",
        username="mat-a3",
        full_name="ALPHATHREE Officer",
        full_name_km="សុខ ដារា",
        organisation=orgs["unit_a"],
        staff_id="STAFF-ALPHATHREE",
        province=orgs["unit_a"].province,
    )
    waiting.email = "alphathree@example.org"
    waiting.set_unusable_password()
    waiting.save(update_fields=["email", "password"])
    world.officers["a3"] = waiting

    users = world.users
    users["officer_a1"] = world.officers["a1"]
    users["officer_a2"] = world.officers["a2"]
    users["reviewer_a"] = factories.make_user(
        "reviewer", username="mat-reviewer-a", reviews=orgs["ministry_a"]
    )
    users["reviewer_b"] = factories.make_user(
        "reviewer", username="mat-reviewer-b", reviews=orgs["department_b"]
    )
    users["trainer_x"] = factories.make_user(
        "trainer", username="mat-trainer-x", trains=[world.courses["x"]]
    )
    users["trainer_y"] = factories.make_user(
        "trainer", username="mat-trainer-y", trains=[world.courses["y"]]
    )
    users["admin"] = factories.make_user("admin", username="mat-admin")

    for side, unit in (("a", "unit_a"), ("b", "unit_b")):
        reviewer = users[f"reviewer_{side}"]
        officers = [o for k, o in world.officers.items() if k[0] == side]
        # A real ZIP of every certificate the reviewer may see, built by the job.
        zip_job = Job.objects.create(
            kind=Job.Kind.CERTIFICATES_ZIP,
            requested_by=reviewer,
            params={
                "course": None,
                "unit": None,
                "issued_from": None,
                "issued_to": None,
                "status": "",
            },
        )
        assert zip_jobs.run(str(zip_job.pk)) == Job.Status.DONE
        zip_job.refresh_from_db()
        world.jobs[f"zip_{side}"] = zip_job
        # A real import, checked (previewed) and waiting for confirmation:
        # a new rank for the side's officers.
        rows = [
            [
                o.staff_id,
                o.email,
                o.full_name,
                o.full_name_km,
                o.organisation.code,
                "Major",
            ]
            for o in officers
        ]
        import_job = Job.objects.create(
            kind=Job.Kind.OFFICER_IMPORT,
            requested_by=reviewer,
            source_name="officers.csv",
            params={"stage": import_jobs.CHECK},
        )
        import_job.source.save(
            "officers.csv", ContentFile(csv_bytes([IMPORT_HEADER, *rows]))
        )
        import_jobs.run(str(import_job.pk), import_jobs.CHECK)
        import_job.refresh_from_db()
        assert import_job.status == Job.Status.PREVIEWED, import_job.result
        world.jobs[f"import_{side}"] = import_job
        applicant = User.objects.create_user(
            username=f"mat-applicant-{side}",
            email=f"applicant-{side}@example.org",
            full_name=f"Applicant {side.upper()}",
            organisation=orgs[unit],
            is_active=False,
        )
        world.registrations[side] = RegistrationRequest.objects.create(
            user=applicant, organisation=orgs[unit]
        )
        cohort = Cohort.objects.create(
            course=world.courses["y"],
            name=f"Cohort {side.upper()}",
            organisation=orgs[unit],
            due_on=timezone.localdate() + datetime.timedelta(days=30),
            created_by=reviewer,
        )
        Enrolment.objects.filter(user__in=officers, course=world.courses["y"]).update(
            cohort=cohort
        )
        world.cohorts[side] = cohort
    return world
