"""The role x object x route matrix: every route of the platform, every role.

Every URL pattern the platform (or an installed plugin) serves must have an
entry in ``MATRIX``, or :func:`test_every_route_has_an_entry` fails. Each
entry lists cases: a request (GET, or POST with an effect to check) and the
roles that may get it. :func:`test_matrix` then sends every case as every
role and collects every deviation in one report:

- an unexpected 200 (or, for a POST, an effect) for a role not listed;
- a listed role that was refused;
- any marker of an officer the role may not see (names, staff IDs, e-mails,
  certificate codes; see ``tests/lms/access_world.py``) anywhere in what the
  role received: HTML, JSON, CSV, XLSX and ZIP contents alike.

POST cases run inside a savepoint that is rolled back, so every role starts
from the same world.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axes.models import AccessAttempt
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from wagtail_localize.models import StringTranslation, TranslationSource

from accounts.models import (
    ActivationCode,
    DutyStation,
    RegistrationRequest,
    RoleAssignment,
)
from audit.models import AuditEvent
from certificates.models import Certificate, CertificateDesign, CertificateEvent
from courses.models import Cohort, ModulePage, ReviewBatch, Topic
from plugins.quiz.models import AttemptQuestion, QuestionCategory, QuestionImport
from portal.models import Job
from portal.reports.base import REVIEWER, TRAINER
from portal.reports.registry import reports
from tests import factories
from tests.lms.access_world import FORBIDDEN_MARKERS, ROLES, World, build_world
from tests.lms.route_inventory import platform_routes

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {"anonymous"}
ADMIN = frozenset({"admin"})
REVIEWERS = frozenset({"reviewer_a", "reviewer_b", "admin"})
TRAINERS = frozenset({"trainer_x", "trainer_y", "admin"})
NOBODY = frozenset()


@dataclass
class Case:
    """One request and who may have it."""

    url: Callable[[World], str]
    allowed: frozenset[str]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    #: For POST: did the request change what it should have? (world, user) -> bool
    effect: Callable[[World, object], bool] | None = None
    #: Public pages show a certificate's printed name by design: no leak check.
    public: bool = False
    label: str = ""


@dataclass
class Entry:
    cases: list[Case] = field(default_factory=list)


def get(url, allowed, **kwargs) -> Case:
    return Case(url=url, allowed=frozenset(allowed), **kwargs)


def post(url, allowed, data, effect, **kwargs) -> Case:
    return Case(
        url=url,
        allowed=frozenset(allowed),
        method="post",
        data=data,
        effect=effect,
        **kwargs,
    )


def r(name, *args, query=""):
    """A URL builder: ``args`` are callables of the world (or constants)."""

    def build(world):
        values = [a(world) if callable(a) else a for a in args]
        return reverse(name, args=values) + query

    return build


def cert(key):
    return lambda w: w.certificates[key]


def code(key):
    return lambda w: w.certificates[key].code


def pk(getter):
    return lambda w: getter(w).pk


def job(key):
    return lambda w: w.jobs[key].pk


# Owners of each officer's certificate (besides the admin).
CERT_SEERS = {
    "a1_x": {"officer_a1", "reviewer_a", "trainer_x", "admin"},
    "a2_y": {"officer_a2", "reviewer_a", "trainer_y", "admin"},
    "b1_x": {"reviewer_b", "trainer_x", "admin"},
    "c1_y": {"reviewer_b", "trainer_y", "admin"},
}


def locked_out_attempt(w):
    """A lockout in force, made afresh for each request (rolled back after)."""
    attempt, _ = AccessAttempt.objects.get_or_create(
        username="locked",
        ip_address="198.51.100.1",
        defaults={"failures_since_start": 10, "get_data": "", "post_data": ""},
    )
    return attempt


def first_question(w):
    return w.quizzes["x"].slots.first().question


def trainer_x_import(w) -> str:
    """The id of a checked GIFT import trainer X uploaded (made on first use)."""
    from django.core.files.base import ContentFile

    record = QuestionImport.objects.filter(uploaded_by=w.users["trainer_x"]).first()
    if record is None:
        record = QuestionImport(
            uploaded_by=w.users["trainer_x"],
            format="gift",
            target_path=["Matrix imports"],
            file_name="matrix.gift.txt",
        )
        record.file.save(
            "questions.txt",
            ContentFile(b"::Matrix::The sky is blue.{T}\n"),
            save=False,
        )
        record.save()
    return str(record.pk)


def admin_model_routes(
    namespace: str, obj: Callable[[World], object], routes, allowed=ADMIN
):
    """Wagtail admin model routes (snippets, viewsets): platform admins only.

    Snippet *choosers* are Wagtail's pickers inside edit forms: open to every
    admin user (trainers pick a topic or a design on a course page) and
    showing no officer data; the organisation and duty station choosers are
    only for the user admin, so platform admins only.
    """
    chooser = namespace.startswith("wagtailsnippetchoosers_")
    if chooser and "_accounts_" not in namespace:
        allowed = TRAINERS
    entries = {}
    for route in routes:
        if not route.startswith(namespace + ":"):
            continue
        keys = routes[route].keys
        if keys == ("pk",):
            url = r(route, pk(obj))
        elif not keys:
            url = r(route)
        else:
            continue
        # Creating from a chooser needs the model's add permission.
        entries[route] = [get(url, ADMIN if route.endswith(":create") else allowed)]
    return entries


def new_code_for(key, channel):
    """Effect: a code of ``channel`` was issued to officer ``key`` by this request."""

    def effect(w, user):
        return ActivationCode.objects.filter(
            user=w.officers[key], channel=channel, created_by=user
        ).exists()

    return effect


def invitation_sent_to_a3(w, user) -> bool:
    """Effect: the invitation the view queued for after the commit really
    issues an e-mail code to officer A3.

    The matrix never commits, so run the callbacks this request queued
    (those registered inside the current savepoint, rolled back after).
    """
    current = connection.savepoint_ids[-1]
    done = set()
    while True:
        queued = [
            func
            for sids, func, _robust in connection.run_on_commit
            if current in sids and id(func) not in done
        ]
        if not queued:
            break
        for func in queued:
            done.add(id(func))
            func()
    return ActivationCode.objects.filter(
        user=w.officers["a3"], channel=ActivationCode.Channel.EMAIL
    ).exists()


def finished_import(side):
    """A done officer import of reviewer ``side`` that created the side's officers."""

    def build(w):
        reviewer = w.users[f"reviewer_{side}"]
        created = [o.pk for k, o in w.officers.items() if k[0] == side]
        found = Job.objects.filter(
            kind=Job.Kind.OFFICER_IMPORT,
            status=Job.Status.DONE,
            requested_by=reviewer,
        ).first()
        if found is None:
            found = Job.objects.create(
                kind=Job.Kind.OFFICER_IMPORT,
                status=Job.Status.DONE,
                requested_by=reviewer,
                source_name="officers.csv",
                params={},
                result={"created_ids": created},
            )
        return found.pk

    return build


def draft_module(slug):
    """A new, never published module of course X, drafted by trainer X."""

    def build(w):
        found = ModulePage.objects.filter(slug=slug).first()
        if found is None:
            found = ModulePage(title=f"Matrix {slug}", slug=slug, live=False)
            w.courses["x"].add_child(instance=found)
            found.save_revision(user=w.users["trainer_x"])
        return found

    return build


def batch_in_review(w) -> int:
    """A review batch of a draft module of course X, submitted by trainer X."""
    from courses.authoring.batch_review import submit_batch

    module = draft_module("matrix-review")(w)
    batch = ReviewBatch.objects.filter(root=module).first()
    if batch is None:
        batch = submit_batch(module, w.users["trainer_x"])
    return batch.pk


def build_matrix(routes) -> dict[str, list[Case]]:
    m: dict[str, list[Case]] = {}
    # Public and personal pages.
    m["healthz"] = [get(r("healthz"), EVERYONE, public=True)]
    m["wagtail_serve"] = [
        get(lambda w: w.courses["x"].url, EVERYONE, public=True, label="course X"),
        get(
            lambda w: factories.lessons_of(w.courses["x"])[0].url,
            {"officer_a1"},
            label="lesson of X (enrolled only)",
        ),
        get(
            lambda w: w.quizzes["y"].url,
            {"officer_a1", "officer_a2"},
            label="quiz of Y (enrolled only)",
        ),
        get(
            lambda w: w.quizzes["x"].url,
            {"officer_a1"},
            label="quiz of X (enrolled only)",
        ),
    ]
    m["set_language"] = [get(r("set_language"), NOBODY)]  # POST only
    # Signed-in users are sent on from the sign-in page.
    m["accounts:login"] = [get(r("accounts:login"), {"anonymous"}, public=True)]
    m["accounts:logout"] = [get(r("accounts:logout"), NOBODY)]  # POST only
    m["accounts:profile"] = [get(r("accounts:profile"), SIGNED_IN)]
    # A redirect to each person's place (accounts.navigation); sign-in first.
    m["accounts:start"] = [get(r("accounts:start"), NOBODY)]
    m["accounts:password_change"] = [get(r("accounts:password_change"), SIGNED_IN)]
    m["accounts:password_change_done"] = [
        get(r("accounts:password_change_done"), SIGNED_IN)
    ]
    m["accounts:email_change"] = [get(r("accounts:email_change"), SIGNED_IN)]
    # A link made for nobody: refused (400) to all, sign-in first for anonymous.
    m["accounts:email_change_confirm"] = [
        get(r("accounts:email_change_confirm", "bad-token"), NOBODY)
    ]
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        m[f"accounts:{name}"] = [get(r(f"accounts:{name}"), EVERYONE, public=True)]
    m["accounts:password_reset_confirm"] = [
        get(
            r("accounts:password_reset_confirm", "MQ", "bad-token"),
            EVERYONE,
            public=True,
        )
    ]
    # Self-registration is off by default: nobody gets the form.
    m["accounts:register"] = [get(r("accounts:register"), NOBODY)]
    # Two-step sign-in (accounts.mfa; test settings require it of nobody, so
    # nobody here has a device): one's own pages; verify and the codes page
    # send a user without a device on; the rest is POST only.
    for name in ("mfa_manage", "mfa_setup", "mfa_totp_add"):
        m[f"accounts:{name}"] = [get(r(f"accounts:{name}"), SIGNED_IN)]
    for name in (
        "mfa_verify",
        "mfa_recovery",
        "mfa_recovery_codes",
        "mfa_remove",
        "mfa_passkey_register_begin",
        "mfa_passkey_register_complete",
        "mfa_passkey_auth_begin",
        "mfa_passkey_auth_complete",
    ):
        m[f"accounts:{name}"] = [get(r(f"accounts:{name}"), NOBODY)]
    m["accounts:mfa_jsi18n"] = [get(r("accounts:mfa_jsi18n"), EVERYONE, public=True)]
    m["accounts_mfa_reset"] = [
        get(r("accounts_mfa_reset", pk(lambda w: w.users["trainer_x"])), ADMIN)
    ]
    m["accounts:register_done"] = [get(r("accounts:register_done"), NOBODY)]
    # Sign-in lockouts: listing who is locked out, and lifting it, is the
    # platform admins' alone.
    m["accounts_lockouts"] = [
        get(r("accounts_lockouts"), ADMIN),
        post(
            r("accounts_lockouts"),
            ADMIN,
            lambda w: {"attempt": locked_out_attempt(w).pk},
            lambda w, user: (
                not AccessAttempt.objects.filter(username="locked").exists()
            ),
        ),
    ]
    m["courses:dashboard"] = [get(r("courses:dashboard"), SIGNED_IN)]
    m["courses:enrol"] = [get(r("courses:enrol", pk(lambda w: w.courses["x"])), NOBODY)]
    # Lesson study: only the officer enrolled in the lesson's course reports
    # time or confirms it (officer A1 in course X); everyone else is refused.
    m["courses:study"] = [
        get(r("courses:study", pk(lesson_x)), NOBODY),
        post(
            r("courses:study", pk(lesson_x)),
            {"officer_a1"},
            lambda w: {"visit": visit_a1_x(w), "seconds": 5, "end": "1"},
            lambda w, user: lesson_x_progress(w).filter(seconds_spent__gt=0).exists(),
        ),
    ]
    m["courses:confirm"] = [
        get(r("courses:confirm", pk(lesson_x)), NOBODY),
        post(
            r("courses:confirm", pk(lesson_x)),
            {"officer_a1"},
            lambda w: {},
            lambda w, user: confirmed_by_a1(w),
        ),
    ]
    # Certificates.
    m["certificates:verify_form"] = [
        get(r("certificates:verify_form"), EVERYONE, public=True)
    ]
    m["certificates:verify"] = [
        get(r("certificates:verify", code("b1_x")), EVERYONE, public=True)
    ]
    m["certificates:verify_json"] = [
        get(r("certificates:verify_json", code("b1_x")), EVERYONE, public=True)
    ]
    # The same public pages in a chosen language (/km/certificates/verify/...).
    m["certificates_in:verify_form"] = [
        get(
            lambda w: reverse("certificates_in:verify_form", kwargs={"language": "km"}),
            EVERYONE,
            public=True,
        )
    ]
    m["certificates_in:verify"] = [
        get(
            lambda w: reverse(
                "certificates_in:verify",
                kwargs={"language": "km", "code": w.certificates["b1_x"].code},
            ),
            EVERYONE,
            public=True,
        )
    ]
    m["certificates:mine"] = [get(r("certificates:mine"), SIGNED_IN)]
    m["certificates:download"] = [
        get(r("certificates:download", code(key)), seers, label=key)
        for key, seers in CERT_SEERS.items()
    ]
    # A POST, since it writes "downloaded" events: granted means it did.
    m["certificates:bulk_download"] = [
        post(
            r("certificates:bulk_download"),
            seers,
            lambda w, key=key: {"code": [w.certificates[key].code]},
            lambda w, user, key=key: CertificateEvent.objects.filter(
                certificate=w.certificates[key],
                action=CertificateEvent.Action.DOWNLOADED,
                actor=user,
                detail__via="zip",
            ).exists(),
            label=key,
        )
        for key, seers in CERT_SEERS.items()
    ]
    # The quiz plugin (officer side): an attempt is its officer's alone.
    m["quiz:start"] = [get(r("quiz:start", pk(lambda w: w.quizzes["x"])), NOBODY)]
    # A finished attempt's page sends its officer on to the result (302).
    m["quiz:attempt"] = [
        get(r("quiz:attempt", pk(lambda w: w.attempts["a1_x"])), NOBODY),
        get(r("quiz:attempt", pk(lambda w: w.attempts["b1_x"])), NOBODY),
    ]
    m["quiz:result"] = [
        get(r("quiz:result", pk(lambda w: w.attempts["a1_x"])), {"officer_a1"}),
        get(r("quiz:result", pk(lambda w: w.attempts["c1_y"])), NOBODY),
    ]
    m["quiz:autosave"] = [
        get(r("quiz:autosave", pk(lambda w: w.attempts["a1_x"]), 1), NOBODY)
    ]
    m["quiz:check"] = [
        get(r("quiz:check", pk(lambda w: w.attempts["a1_x"]), 1), NOBODY)
    ]
    m["quiz:progress"] = [get(r("quiz:progress"), SIGNED_IN)]
    m["sample_plugin:acknowledge"] = [
        post(
            r(
                "sample_plugin:acknowledge",
                pk(lambda w: factories.lessons_of(w.courses["x"])[0]),
            ),
            {"officer_a1"},
            data=lambda w: {},
            effect=lambda w, user: (
                w.enrolments["a1_x"]
                .activity_progress.filter(events__has_key="acknowledged")
                .exists()
                if user == w.officers["a1"]
                else False
            ),
        )
    ]
    # Trainers' admin: marking is per course; answers of auto-graded
    # questions are never markable (404 for everyone).
    m["quiz_marking:queue"] = [get(r("quiz_marking:queue"), TRAINERS)]
    m["quiz_marking:mark"] = [
        get(
            r(
                "quiz_marking:mark",
                pk(
                    lambda w: AttemptQuestion.objects.filter(
                        attempt=w.attempts["b1_x"]
                    ).first()
                ),
            ),
            NOBODY,
        )
    ]
    # Question bank: shared by all trainers (no officer data in it), but a
    # question a course's quiz uses is that course's.
    bank = {
        "quiz_questions:index": r("quiz_questions:index"),
        "quiz_questions:index_results": r("quiz_questions:index_results"),
        "quiz_questions:add": r("quiz_questions:add"),
        "quiz_questions:add_type": r("quiz_questions:add_type", "multichoice"),
        "quiz_questions:edit": r("quiz_questions:edit", pk(first_question)),
        "quiz_questions:delete": r("quiz_questions:delete", pk(first_question)),
        "quiz_questions:history": r("quiz_questions:history", pk(first_question)),
        "quiz_questions:history_results": r(
            "quiz_questions:history_results", pk(first_question)
        ),
        "quiz_questions:usage": r("quiz_questions:usage", pk(first_question)),
        "quiz_categories:index": r("quiz_categories:index"),
        "quiz_categories:index_results": r("quiz_categories:index_results"),
        "quiz_categories:add": r("quiz_categories:add"),
        "quiz_question_chooser:choose": r("quiz_question_chooser:choose"),
        "quiz_question_chooser:choose_results": r(
            "quiz_question_chooser:choose_results"
        ),
        "quiz_question_chooser:chosen": r(
            "quiz_question_chooser:chosen", pk(first_question)
        ),
        "quiz_question_chooser:chosen_multiple": r(
            "quiz_question_chooser:chosen_multiple", query="?id=0"
        ),
        "quiz_question_chooser:create": r("quiz_question_chooser:create"),
    }
    for name in ("edit", "delete", "history", "history_results", "usage"):
        bank[f"quiz_categories:{name}"] = r(
            f"quiz_categories:{name}", pk(lambda w: QuestionCategory.objects.first())
        )
    # A question used by course X's quiz is course X's (plugins.quiz.admin.
    # course_scope): trainer Y may neither open nor change it.
    trainers_of_x = frozenset({"trainer_x", "admin"})
    for name, url in bank.items():
        uses_first_question = name.startswith("quiz_questions:") and name not in {
            "quiz_questions:index",
            "quiz_questions:index_results",
            "quiz_questions:add",
            "quiz_questions:add_type",
        }
        allowed = (
            trainers_of_x
            if uses_first_question or name == "quiz_question_chooser:chosen"
            else TRAINERS
        )
        m[name] = [get(url, allowed)]
    m["quiz_questions:regrade"] = [  # POST only
        get(r("quiz_questions:regrade", pk(first_question)), NOBODY)
    ]
    # Preview as the officer sees it, and statistics: aggregates, no names.
    for name in ("preview", "statistics"):
        m[f"quiz_questions:{name}"] = [
            get(r(f"quiz_questions:{name}", pk(first_question)), trainers_of_x)
        ]
    # Import and export. An uploaded file and its preview are its uploader's.
    for name in ("index", "import", "export"):
        m[f"quiz_transfer:{name}"] = [get(r(f"quiz_transfer:{name}"), TRAINERS)]
    uploader = frozenset({"trainer_x", "admin"})
    m["quiz_transfer:preview"] = [
        get(r("quiz_transfer:preview", trainer_x_import), uploader)
    ]
    m["quiz_transfer:confirm"] = [
        post(
            r("quiz_transfer:confirm", trainer_x_import),
            uploader,
            data=lambda w: {},
            effect=lambda w, user: QuestionImport.objects.filter(
                uploaded_by=w.users["trainer_x"],
                status=QuestionImport.Status.APPLIED,
            ).exists(),
        )
    ]
    # A new edition of a course: its trainers (drafts only) and admins.
    m["courses_new_edition"] = [
        get(
            r("courses_new_edition", pk(lambda w: w.courses["x"])),
            {"trainer_x", "admin"},
        )
    ]
    # Certificates admin: platform admins only.
    for name in ("index", "index_results"):
        m[f"issued_certificates:{name}"] = [
            get(r(f"issued_certificates:{name}"), ADMIN)
        ]
    for name in ("inspect", "download"):
        m[f"issued_certificates:{name}"] = [
            get(r(f"issued_certificates:{name}", pk(cert("b1_x"))), ADMIN)
        ]
    for name in ("revoke", "reissue"):
        m[f"issued_certificates:{name}"] = [
            post(
                r(f"issued_certificates:{name}", pk(cert("b1_x"))),
                ADMIN,
                data=lambda w: {"reason": "Matrix test"},
                effect=lambda w, user, name=name: (
                    Certificate.objects.filter(
                        pk=w.certificates["b1_x"].pk, revoked_at__isnull=False
                    ).exists()
                    if name == "revoke"
                    else CertificateEvent.objects.filter(
                        certificate=w.certificates["b1_x"],
                        action=CertificateEvent.Action.REISSUED,
                    ).exists()
                ),
            )
        ]
    m.update(
        admin_model_routes(
            "certificate_designs", lambda w: CertificateDesign.objects.first(), routes
        )
    )
    m["certificate_designs:preview_new"] = [
        get(r("certificate_designs:preview_new"), NOBODY)
    ]
    for namespace, obj in (
        ("wagtailsnippets_accounts_organisation", lambda w: w.organisations["unit_b"]),
        (
            "wagtailsnippetchoosers_accounts_organisation",
            lambda w: w.organisations["unit_b"],
        ),
        ("wagtailsnippets_accounts_dutystation", lambda w: DutyStation.objects.first()),
        (
            "wagtailsnippetchoosers_accounts_dutystation",
            lambda w: DutyStation.objects.first(),
        ),
        ("wagtailsnippets_courses_topic", lambda w: Topic.objects.first()),
        ("wagtailsnippetchoosers_courses_topic", lambda w: Topic.objects.first()),
        (
            "wagtailsnippetchoosers_certificates_certificatedesign",
            lambda w: CertificateDesign.objects.first(),
        ),
        ("wagtailusers_users", lambda w: w.officers["b1"]),
        ("audit_log", lambda w: AuditEvent.objects.first()),
        (
            "roles",
            lambda w: RoleAssignment.objects.filter(user=w.users["reviewer_b"]).first(),
        ),
    ):
        m.update(admin_model_routes(namespace, obj, routes))
    m["roles:delete"] = [
        post(
            r(
                "roles:delete",
                pk(
                    lambda w: RoleAssignment.objects.filter(
                        user=w.users["reviewer_b"]
                    ).first()
                ),
            ),
            ADMIN,
            data=lambda w: {},
            effect=lambda w, user: (
                not RoleAssignment.objects.filter(user=w.users["reviewer_b"]).exists()
            ),
        )
    ]
    # The ministry portal.
    for name in (
        "dashboard",
        "officers",
        "certificates",
        "imports",
        "registrations",
        "cohorts",
        "cohort_new",
    ):
        m[f"portal:{name}"] = [get(r(f"portal:{name}"), REVIEWERS)]
    m["portal:officers"].append(
        get(r("portal:officers", query="?q=ONE"), REVIEWERS, label="search")
    )
    m["portal:officers_export"] = [
        get(r("portal:officers_export", file_format), REVIEWERS, label=file_format)
        for file_format in ("csv", "xlsx")
    ]
    m["portal:officer"] = [
        get(
            r("portal:officer", pk(lambda w, k=k: w.officers[k])),
            {"reviewer_a" if k.startswith("a") else "reviewer_b", "admin"},
            label=k,
        )
        for k in ("a1", "a2", "b1", "c1")
    ]
    m["portal:reports"] = [get(r("portal:reports"), REVIEWERS | TRAINERS)]
    m["portal:report"] = []
    for report in reports:
        allowed = {"admin"}
        if REVIEWER in report.audiences:
            allowed |= {"reviewer_a", "reviewer_b"}
        if TRAINER in report.audiences:
            allowed |= {"trainer_x", "trainer_y"}
        for query in ("", "?format=csv", "?format=xlsx"):
            m["portal:report"].append(
                get(
                    r("portal:report", report.identifier, query=query),
                    allowed,
                    label=report.identifier + query,
                )
            )
    for side in ("a", "b"):
        owner = {f"reviewer_{side}", "admin"}
        # Only the reviewer who uploaded an import may apply it.
        uploader = {f"reviewer_{side}"}
        m.setdefault("portal:job", []).append(
            get(r("portal:job", job(f"zip_{side}")), owner)
        )
        m.setdefault("portal:job_status", []).append(
            get(r("portal:job_status", job(f"zip_{side}")), owner)
        )
        m.setdefault("portal:job_download", []).append(
            get(r("portal:job_download", job(f"zip_{side}")), owner)
        )
        m.setdefault("portal:import", []).append(
            get(r("portal:import", job(f"import_{side}")), owner)
        )
        m.setdefault("portal:import_apply", []).append(
            post(
                r("portal:import_apply", job(f"import_{side}")),
                uploader,
                data=lambda w: {},
                effect=lambda w, user, side=side: (
                    not Job.objects.filter(
                        pk=w.jobs[f"import_{side}"].pk, status=Job.Status.PREVIEWED
                    ).exists()
                ),
            )
        )
        m.setdefault("portal:registration_decide", []).append(
            post(
                r(
                    "portal:registration_decide",
                    pk(lambda w, side=side: w.registrations[side]),
                ),
                owner,
                data=lambda w: {"decision": "approve"},
                effect=lambda w, user, side=side: RegistrationRequest.objects.filter(
                    pk=w.registrations[side].pk, status="approved"
                ).exists(),
            )
        )
        m.setdefault("portal:cohort_new", []).append(
            post(
                r("portal:cohort_new"),
                owner,
                data=lambda w, side=side: {
                    "course": w.courses["x"].pk,
                    "unit": w.organisations[f"unit_{side}"].pk,
                    "due_on": "2099-01-31",
                    "name": f"Matrix cohort {side}",
                },
                effect=lambda w, user, side=side: Cohort.objects.filter(
                    name=f"Matrix cohort {side}"
                ).exists(),
                label=f"cohort of unit {side}",
            )
        )
    m["portal:certificates_zip"] = [
        post(
            r("portal:certificates_zip"),
            REVIEWERS,
            data=lambda w: {"status": "valid"},
            effect=lambda w, user: (
                Job.objects.filter(requested_by=user, kind=Job.Kind.CERTIFICATES_ZIP)
                .exclude(pk__in=[j.pk for j in w.jobs.values()])
                .exists()
            ),
        )
    ]
    # Activation (accounts.activation.views): public forms. A bogus link is
    # refused (400) to all; the password page without a code in the session
    # sends everyone back to the code form.
    m["accounts:activate"] = [get(r("accounts:activate"), EVERYONE)]
    m["accounts:activate_link"] = [
        get(r("accounts:activate_link", "BOGUS-SECRET-1234"), NOBODY)
    ]
    m["accounts:activate_password"] = [get(r("accounts:activate_password"), NOBODY)]
    # Activation in the portal (portal.views.activation): reviewers for the
    # officers of their organisations, and admins. Target: officer A3 (of
    # organisation A, not activated; officer A1 for a forgotten password).
    m["portal:activation_letters"] = [
        get(r("portal:activation_letters"), REVIEWERS),
        post(
            r("portal:activation_letters"),
            {"reviewer_a", "admin"},
            lambda w: {"unit": w.organisations["unit_a"].pk, "include_email": "on"},
            new_code_for("a3", ActivationCode.Channel.LETTER),
            label="letters of unit A",
        ),
    ]
    a3 = pk(lambda w: w.officers["a3"])
    m["portal:officer_letter"] = [
        get(r("portal:officer_letter", a3), NOBODY),  # POST only
        *(
            post(
                r("portal:officer_letter", pk(lambda w, k=key: w.officers[k])),
                {"reviewer_a", "admin"},
                lambda w: {},
                new_code_for(key, ActivationCode.Channel.LETTER),
                label=key,
            )
            for key in ("a1", "a3")
        ),
    ]
    m["portal:officer_invite"] = [
        get(r("portal:officer_invite", a3), NOBODY),  # POST only
        post(
            r("portal:officer_invite", a3),
            {"reviewer_a", "admin"},
            lambda w: {},
            invitation_sent_to_a3,
        ),
    ]
    # Letters for an import's new officers: the import's requester and admins.
    m["portal:import_letters"] = [
        get(r("portal:import_letters", finished_import("a")), NOBODY),  # POST only
        post(
            r("portal:import_letters", finished_import("a")),
            {"reviewer_a", "admin"},
            lambda w: {"include_email": "on"},
            new_code_for("a3", ActivationCode.Channel.LETTER),
        ),
    ]
    # The import's blank template and unit list: the user's own units only.
    for name in ("import_template", "import_units"):
        m[f"portal:{name}"] = [get(r(f"portal:{name}"), REVIEWERS)]
    # Batch review (courses.authoring.batch_admin): a draft module of course X.
    # Its trainers and admins submit it; they see the batch; only those who
    # may approve every page (admins here; lead trainers) decide it.
    submit_root = pk(draft_module("matrix-draft"))
    trainers_of_x = {"trainer_x", "admin"}
    m["courses_submit_batch"] = [
        get(r("courses_submit_batch", submit_root), trainers_of_x),
        post(
            r("courses_submit_batch", submit_root),
            trainers_of_x,
            lambda w: {},
            lambda w, user: ReviewBatch.objects.filter(
                root__slug="matrix-draft", requested_by=user
            ).exists(),
        ),
    ]
    m["courses_review_batch"] = [
        get(r("courses_review_batch", batch_in_review), trainers_of_x),
        post(
            r("courses_review_batch", batch_in_review),
            ADMIN,
            lambda w: {"decision": "approve", "comment": ""},
            lambda w, user: ModulePage.objects.filter(
                slug="matrix-review", live=True
            ).exists(),
        ),
    ]
    # Search (public: titles and excerpts of live, public pages only).
    m["courses:search"] = [
        get(r("courses:search", query="?q=trafficking"), EVERYONE, public=True)
    ]
    # Course translations (courses.authoring.translation_admin): the course's
    # trainers and admins (lead trainers too; not in this world).
    course_x = pk(lambda w: w.courses["x"])
    m["courses_translations"] = [
        get(r("courses_translations", course_x), trainers_of_x)
    ]
    m["courses_translations_export"] = [
        get(r("courses_translations_export", course_x, "km"), trainers_of_x)
    ]
    m["courses_translations_import"] = [
        post(
            r("courses_translations_import", course_x, "km"),
            trainers_of_x,
            translated_po_of_x,
            lambda w, user: StringTranslation.objects.filter(
                data=MATRIX_KHMER
            ).exists(),
        )
    ]
    m["courses_translations_sync"] = [
        post(
            r("courses_translations_sync", course_x, "km"),
            trainers_of_x,
            changed_since_sync,
            lambda w, user: (
                "(changed)"
                in TranslationSource.objects.get_for_instance(
                    w.courses["x"]
                ).content_json
            ),
        )
    ]
    # Translating a topic (wagtail-localize's submit view, guarded): those
    # who may edit topics (admins here).
    m["courses_submit_topic_translation"] = [
        get(
            r("courses_submit_topic_translation", pk(lambda w: Topic.objects.first())),
            ADMIN,
        )
    ]
    # Translating bank questions (plugins.quiz.admin.translating): every
    # wagtail-localize route in front of which the plugin puts the bank's
    # rule (course X's question: its trainers and admins), and the snippet
    # views registered for wagtail-localize's editor.
    translation_of_q = question_translation_pk
    by_translation = {
        "quiz_localize_po_download": ((), trainers_of_x),
        "quiz_localize_preview": ((), NOBODY),
        "quiz_localize_preview_mode": (("preview",), NOBODY),
        "quiz_localize_disable": ((), NOBODY),
        "quiz_localize_machine_translate": ((), NOBODY),
        "quiz_localize_po_upload": ((), NOBODY),
        "quiz_localize_string_edit": ((first_string_segment_pk,), NOBODY),
        "quiz_localize_override_edit": ((0,), NOBODY),
    }
    for name, (extra, allowed) in by_translation.items():
        m[name] = [get(r(name, translation_of_q, *extra), allowed)]
    m["quiz_localize_update"] = [
        get(r("quiz_localize_update", question_source_pk), trainers_of_x)
    ]
    m["quiz_localize_submit_snippet"] = [
        get(
            r(
                "quiz_localize_submit_snippet",
                "quiz",
                "question",
                pk(first_question),
            ),
            trainers_of_x,
        )
    ]
    # The Khmer version of a question: as the question in the bank (course X's:
    # its trainers); of a category: as categories (every trainer). Lists go
    # to the bank, "add" is not there; history is checked, then redirects to
    # the bank's (a 302 for those allowed, so the matrix's "history" case is
    # the guard's refusal of the others).
    snippet_views = (
        ("question", khmer_question_pk, trainers_of_x),
        ("questioncategory", khmer_category_pk, TRAINERS),
    )
    for model, target, allowed in snippet_views:
        prefix = f"wagtailsnippets_quiz_{model}"
        for view in ("list", "list_results", "add"):
            m[f"{prefix}:{view}"] = [get(r(f"{prefix}:{view}"), NOBODY)]
        m[f"{prefix}:history"] = [get(r(f"{prefix}:history", target), NOBODY)]
        for view in ("edit", "delete", "history_results", "usage"):
            m[f"{prefix}:{view}"] = [get(r(f"{prefix}:{view}", target), allowed)]
    return m


def question_translation_pk(w) -> int:
    """The Translation of course X's first question into Khmer (started)."""
    from wagtail_localize.models import Translation

    from plugins.quiz.translation import start_translation

    question = first_question(w)
    start_translation(question)
    return Translation.objects.get(
        source__object_id=question.translation_key,
        target_locale__language_code="km",
    ).pk


def question_source_pk(w) -> int:
    question_translation_pk(w)
    return TranslationSource.objects.get_for_instance(first_question(w)).pk


def first_string_segment_pk(w) -> int:
    from wagtail_localize.models import StringSegment

    return StringSegment.objects.filter(source_id=question_source_pk(w)).first().pk


def khmer_question_pk(w) -> int:
    from plugins.quiz.translation import start_translation

    return start_translation(first_question(w)).pk


def khmer_category_pk(w) -> int:
    from plugins.quiz.translation import start_translation

    return start_translation(first_question(w).category).pk


MATRIX_KHMER = "វគ្គសិក្សា X ជាភាសាខ្មែរ"


def translated_po_of_x(w) -> dict:
    """Course X's PO with its title translated, as an upload."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from courses.translation_po import export_course_po

    course = w.courses["x"]
    po = export_course_po(course, "km")
    for entry in po:
        if entry.msgid == course.title:
            entry.msgstr = MATRIX_KHMER
    return {"file": SimpleUploadedFile("x.km.po", str(po).encode("utf-8"))}


def changed_since_sync(w) -> dict:
    """Course X submitted for translation, then changed and published (read
    afresh: each role's request is rolled back)."""
    course = type(w.courses["x"]).objects.get(pk=w.courses["x"].pk)
    TranslationSource.update_or_create_from_instance(course)
    course.title = f"{course.title} (changed)"
    course.save_revision().publish()
    return {}


def body_text(response) -> str:
    """Everything a response carries, as searchable text (archives unpacked)."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content[:2] == b"PK":
        parts = []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                parts.append(name)
                parts.append(archive.read(name).decode("utf-8", "ignore"))
                if name.endswith(".xlsx"):
                    parts.append(body_text_of_zip(archive.read(name)))
        return "\n".join(parts)
    return content.decode("utf-8", "ignore")


def body_text_of_zip(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8", "ignore") for n in archive.namelist()
        )


def lesson_x(world):
    return factories.lessons_of(world.courses["x"])[0]


def visit_a1_x(world) -> str:
    from courses.study import issue_visit

    return issue_visit(world.enrolments["a1_x"], lesson_x(world))


def lesson_x_progress(world):
    from courses.models import ActivityProgress

    return ActivityProgress.objects.filter(
        enrolment=world.enrolments["a1_x"], page_id=lesson_x(world).pk
    )


def confirmed_by_a1(world) -> bool:
    return lesson_x_progress(world).filter(events__has_key="confirmed").exists()


def granted(case: Case, response, world, user) -> bool:
    if case.method == "get":
        return response.status_code == 200
    return bool(case.effect(world, user))


@pytest.fixture
def world(db):
    world = build_world()
    CertificateDesign.objects.get_or_create(name="Matrix design")
    Topic.objects.get_or_create(slug="matrix-topic", defaults={"name": "Matrix"})
    if not DutyStation.objects.exists():
        DutyStation.objects.create(
            code="poipet", name="Poipet", kind="land", province="01"
        )
    return world


def test_every_route_has_an_entry(world):
    routes = platform_routes()
    matrix = build_matrix(routes)
    missing = sorted(set(routes) - set(matrix))
    assert not missing, "Routes without an access-matrix entry:\n" + "\n".join(
        f"  {name}  ({routes[name].pattern}, {routes[name].module})" for name in missing
    )
    stale = sorted(set(matrix) - set(routes))
    assert not stale, f"Matrix entries for routes that no longer exist: {stale}"


def test_matrix(world):
    routes = platform_routes()
    matrix = build_matrix(routes)
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role])
        clients[role] = client
    markers = {key: world.markers(key) for key in world.officers}
    problems: list[str] = []
    checked = 0
    for name in sorted(matrix):
        for case in matrix[name]:
            url = case.url(world)
            for role in ROLES:
                user = world.users.get(role)
                with transaction.atomic():
                    sid = transaction.savepoint()
                    if case.method == "get":
                        response = clients[role].get(url)
                    else:
                        response = clients[role].post(url, case.data(world))
                    ok = granted(case, response, world, user)
                    text = body_text(response) if response.status_code == 200 else ""
                    transaction.savepoint_rollback(sid)
                checked += 1
                where = f"{name} [{case.label or url}] as {role}"
                if response.status_code >= 500:
                    problems.append(f"ERROR {where}: {response.status_code}")
                if ok and role not in case.allowed:
                    problems.append(
                        f"UNEXPECTED ACCESS {where}: {response.status_code}"
                    )
                elif not ok and role in case.allowed:
                    problems.append(f"REFUSED {where}: {response.status_code}")
                if text and not case.public:
                    for key in FORBIDDEN_MARKERS[role]:
                        leaked = [m for m in markers[key] if m in text]
                        if leaked:
                            problems.append(f"LEAK {where}: {leaked}")
    assert not problems, (
        f"{len(problems)} problems in {checked} requests:\n" + "\n".join(problems)
    )


def test_the_leak_check_reads_inside_archives_and_spreadsheets(world):
    """A positive control: the markers the matrix looks for are found where
    they belong, inside a ZIP's CSV and XLSX manifests and in XLSX reports."""
    client = Client()
    client.force_login(world.users["reviewer_a"])
    archive = body_text(
        client.get(reverse("portal:job_download", args=[world.jobs["zip_a"].pk]))
    )
    # The manifest names the officer and the code (not staff ID or e-mail).
    assert "ALPHAONE Officer" in archive
    assert world.certificates["a1_x"].code in archive
    assert "manifest.xlsx" in archive and "BRAVOONE" not in archive
    xlsx = body_text(
        client.get(reverse("portal:report", args=["enrolments"]) + "?format=xlsx")
    )
    assert "ALPHAONE Officer" in xlsx and "BRAVOONE" not in xlsx
