"""Load the demo curriculum, organisations and demo users, idempotently.

Everything is keyed by a stable natural key (organisation code, topic slug,
page slug under its parent, username, duty station code). What exists is left
as it is, so a second run changes nothing, and pages edited in the admin are
never overwritten; the only change to existing rows is filling an empty
officer profile field (or an organisation's province) from the demo data,
so that a demo loaded before those fields existed gains them once.

Roles are given through ``accounts.roles.grant``, as the admin gives them:
the demo trainer trains every demo course, each demo reviewer reviews their
organisation (and so every unit under it).
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import uuid4

from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail import hooks
from wagtail.models import Page, Site

from accounts.models import DutyStation, Organisation, User
from accounts.roles import LEAD_TRAINERS, ORGANISATION_REVIEWERS, grant
from courses.demo import curriculum, people, translations
from courses.demo.people import DEMO_USERS, DemoUser
from courses.hooks import DEMO_CONTENT_HOOK
from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage, Topic

logger = logging.getLogger(__name__)


@dataclass
class LoadReport:
    """What a run created (``kind`` -> how many) and what it had to skip."""

    created: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Khmer text of whole fields of pages created by this run (``{page id:
    #: {"title": ..., "summary": ...}}``), which become their Khmer versions'
    #: translations. Plugins' demo loaders add their pages' too.
    khmer: dict[int, dict[str, str]] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1

    def warn(self, message: str) -> None:
        """Note demo content that was skipped, and say so in the log."""
        self.warnings.append(message)
        logger.warning("Demo: %s", message)

    @property
    def changed(self) -> bool:
        return bool(self.created)


def load_demo() -> LoadReport:
    """Create whatever part of the demo is missing; return what was created."""
    report = LoadReport()
    with transaction.atomic():
        organisations = _load_organisations(report)
        stations = _load_duty_stations(report)
        topics = _load_topics(report)
        catalog = _ensure_catalog(report)
        courses = _load_courses(catalog, topics, report)
        _ensure_role_groups(catalog, report)
        _load_users(organisations, stations, courses, report)
        # Plugins add their part (a final quiz per course...); see courses.hooks.
        for load_content in hooks.get_hooks(DEMO_CONTENT_HOOK):
            load_content(report, courses)
        # Last: the Khmer version copies the course with its plugins' pages.
        translations.load_khmer_versions(courses, report)
    return report


def _load_organisations(report) -> dict[str, Organisation]:
    by_code: dict[str, Organisation] = {}
    for row in people.ORGANISATIONS:
        org, created = Organisation.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "name_km": row["name_km"],
                "kind": row["kind"],
                "parent": by_code.get(row["parent"]) if row["parent"] else None,
                "province": row["province"],
            },
        )
        by_code[row["code"]] = org
        report.count("organisations", created)
        if not created and row["province"] and not org.province:
            org.province = row["province"]
            org.save(update_fields=["province"])
            report.count("organisation provinces", True)
    return by_code


def _load_duty_stations(report) -> dict[str, DutyStation]:
    """The checkpoints, airports and ports that migration 0004 seeds.

    Normally already there; a test database flushed after migrating (or an
    administrator's deletion) loses them, so create what is missing, from
    the migration's own list, without touching what exists.
    """
    migration = importlib.import_module("accounts.migrations.0004_duty_stations")
    created = migration.seed(DutyStation, update=False)
    if created:
        report.created["duty stations"] = (
            report.created.get("duty stations", 0) + created
        )
    return {station.code: station for station in DutyStation.objects.all()}


def _load_topics(report) -> dict[str, Topic]:
    """The demo's topics in the default locale, each with its Khmer name as
    its wagtail-localize translation (made when missing, never overwritten)."""
    from wagtail.models import Locale

    english = Locale.get_default()
    khmer, _created = Locale.objects.get_or_create(language_code="km")
    topics = {}
    for row in curriculum.TOPICS:
        topic, created = Topic.objects.get_or_create(
            slug=row["slug"], locale=english, defaults={"name": row["name"]}
        )
        topics[row["slug"]] = topic
        report.count("topics", created)
        if row.get("name_km") and topic.get_translation_or_none(khmer) is None:
            topic.translate_name(row["name_km"], khmer)
            report.count("topic translations", True)
    return topics


def _ensure_catalog(report) -> CatalogPage:
    catalog = CatalogPage.objects.filter(locale__language_code="en").first()
    if catalog is not None:
        return catalog
    root = Page.get_first_root_node()
    catalog = CatalogPage(
        title="Courses for frontline officers",
        slug="catalog",
        summary="Self-paced courses on victim identification and referral, "
        "psychosocial support, and border risk management.",
        intro="<p>Courses written with IOM trainers for immigration, police, customs "
        "and social-welfare officers. Study at your own pace, in Khmer or English, "
        "and earn a certificate.</p>",
    )
    root.add_child(instance=catalog)
    catalog.save_revision().publish()
    report.khmer[catalog.pk] = {"title": "វគ្គសិក្សាសម្រាប់មន្ត្រីជួរមុខ"}
    # Wagtail's first migration makes a placeholder "Welcome" page the site root;
    # the catalog replaces it.
    site = Site.objects.filter(is_default_site=True).first()
    old_root = site.root_page if site else None
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=catalog,
            is_default_site=True,
            site_name="Frontline Officer Learning",
        )
    else:
        site.root_page = catalog
        site.site_name = "Frontline Officer Learning"
        site.save()
    if old_root is not None and old_root.specific_class is Page and old_root.is_leaf():
        old_root.delete()
    report.count("catalog", True)
    return catalog


def _publish_child(parent, page) -> tuple[Page, bool]:
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific, False
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _load_courses(catalog, topics, report) -> dict[str, CoursePage]:
    courses: dict[str, CoursePage] = {}
    for row in curriculum.COURSES:
        course, created = _publish_child(
            catalog,
            CoursePage(
                title=row["title"],
                slug=row["slug"],
                summary=row["summary"],
                learning_outcomes=[
                    {"type": "outcome", "value": text}
                    for text in row["learning_outcomes"]
                ],
                audience=row["audience"],
                estimated_hours=Decimal(row["estimated_hours"]),
                topics=[topics[slug] for slug in row["topics"]],
            ),
        )
        courses[row["slug"]] = course
        report.count("courses", created)
        if created:
            report.khmer[course.pk] = _khmer_fields(row)
            for module_row in row["modules"]:
                _load_module(course, module_row, report)
    for row in curriculum.COURSES:
        course = courses[row["slug"]]
        have = set(course.prerequisites.values_list("pk", flat=True))
        missing = [
            courses[s] for s in row["prerequisites"] if courses[s].pk not in have
        ]
        if missing:
            course.prerequisites.add(*missing)
            course.save_revision().publish()
            report.count("prerequisites", True)
    return courses


def _load_module(course, row, report) -> None:
    module, created = _publish_child(
        course,
        ModulePage(
            title=row["title"],
            slug=row["slug"],
            summary=row["summary"],
        ),
    )
    report.count("modules", created)
    if created:
        report.khmer[module.pk] = _khmer_fields(row)
    for lesson_row in row["lessons"]:
        lesson, created = _publish_child(
            module,
            LessonPage(
                title=lesson_row["title"],
                slug=lesson_row["slug"],
                summary=lesson_row["summary"],
                estimated_minutes=lesson_row["estimated_minutes"],
                body=[_stream_item(kind, value) for kind, value in lesson_row["body"]],
            ),
        )
        report.count("lessons", created)
        if created:
            report.khmer[lesson.pk] = _khmer_fields(lesson_row)


def _khmer_fields(row) -> dict[str, str]:
    """The curriculum's Khmer title and summary of a page, for its Khmer version."""
    return {
        field: row[f"{field}_km"]
        for field in ("title", "summary")
        if row.get(f"{field}_km")
    }


def _stream_item(kind: str, value) -> dict:
    if kind in {"case_scenario", "checklist"}:
        list_key = "questions" if kind == "case_scenario" else "items"
        value = {
            **value,
            list_key: [
                {"type": "item", "value": v, "id": str(uuid4())}
                for v in value[list_key]
            ],
        }
    return {"type": kind, "value": value}


def _ensure_role_groups(catalog, report) -> None:
    """The role groups, their permissions and the "Course review" workflow.

    The rules are those of ``accounts`` migration 0005 (applied from there, so
    they cannot drift apart): usually all present already, but a database
    flushed after migrating has lost them. Only what is missing is added;
    what an administrator changed stays. The permissions are given on the
    root page, so they cover ``catalog`` and its translations alike.
    """
    migration = importlib.import_module(
        "accounts.migrations.0005_lead_trainers_course_review"
    )
    for kind, count in migration.apply(django_apps.get_model, reassign=False).items():
        report.created[kind] = report.created.get(kind, 0) + count
    _, created = Group.objects.get_or_create(name=ORGANISATION_REVIEWERS)
    report.count("groups", created)


def _load_users(organisations, stations, courses, report) -> None:
    for demo in DEMO_USERS:
        profile = _profile(demo, organisations, stations)
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                **profile,
                "full_name": demo.full_name,
                "email": f"{demo.username}@demo.invalid",
                "preferred_language": demo.preferred_language,
                "is_staff": demo.role
                in {people.TRAINER, people.LEAD_TRAINER, people.ADMIN},
                "is_superuser": demo.role == people.ADMIN,
            },
        )
        report.count("users", created)
        if created:
            user.set_password(demo.password)
            user.save(update_fields=["password"])
        else:
            _fill_empty_fields(user, profile, report)
        if demo.role == people.TRAINER:
            for course in courses.values():
                _, granted = grant(user, "trainer", course=course)
                report.count("trainer assignments", granted)
        elif demo.role == people.LEAD_TRAINER:
            # Lead trainers approve every course: a group, no assignment.
            lead_trainers = Group.objects.get(name=LEAD_TRAINERS)
            if not user.groups.filter(pk=lead_trainers.pk).exists():
                user.groups.add(lead_trainers)
                report.count("lead trainers", True)
        elif demo.role == people.REVIEWER:
            reviewed = organisations[demo.reviews or demo.organisation]
            _, granted = grant(user, "reviewer", organisation=reviewed)
            report.count("reviewer assignments", granted)


def _profile(demo: DemoUser, organisations, stations) -> dict:
    """The profile fields the demo fills in (and fills in later where empty)."""
    return {
        "full_name_km": demo.full_name_km,
        "organisation": organisations.get(demo.organisation),
        "rank": demo.rank,
        "position": demo.position,
        "duty_station": stations.get(demo.duty_station),
        "province": demo.province,
        "staff_id": demo.staff_id,
    }


def _fill_empty_fields(user, profile: dict, report) -> None:
    """Give an existing demo user the profile fields they lack (never overwrite)."""
    changed = [
        name
        for name, value in profile.items()
        if value not in (None, "") and getattr(user, name) in (None, "")
    ]
    for name in changed:
        setattr(user, name, profile[name])
    if changed:
        user.save(update_fields=changed)
        report.count("user profiles", True)
