"""Builders for test data: a catalog with courses, modules and lessons, users by role.

Plain functions over the real models (no mocks): tests call them inside a
database-enabled test.
"""

from __future__ import annotations

import itertools

from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from accounts.models import Organisation, User
from accounts.roles import LEAD_TRAINERS, ORGANISATION_REVIEWERS, TRAINERS, grant
from courses.models import CatalogPage, CoursePage, LessonPage, ModulePage, Topic

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery-staple"


def unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


def make_catalog() -> CatalogPage:
    """The site's root catalog page (created once per test database)."""
    existing = CatalogPage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    catalog = root.add_child(instance=CatalogPage(title="Courses", slug="courses-home"))
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = catalog
        site.save()
    else:
        Site.objects.create(
            hostname="localhost", root_page=catalog, is_default_site=True
        )
    return catalog


def make_khmer_version(page, title=None, summary=None, publish=True):
    """``page``'s Khmer version made with wagtail-localize (its parents' too, as
    translators' are), with its title (default "វគ្គសិក្សា <English title>")
    and summary translated and the rest falling back to English."""
    from wagtail.models import Locale

    from courses.khmer_fields_upgrade import translate_fields

    khmer, _created = Locale.objects.get_or_create(language_code="km")
    fields = {"title": title or "វគ្គសិក្សា " + page.title}
    if summary:
        fields["summary"] = summary
    translate_fields(page.specific, khmer, fields, publish=publish)
    return page.get_translation(khmer).specific


def make_khmer_course(course):
    """Khmer versions of ``course`` and every page under it (titles translated,
    bodies falling back to English), as a translator would start one."""
    for page in Page.objects.descendant_of(course, inclusive=True).order_by("path"):
        if not page.get_translations().filter(locale__language_code="km").exists():
            make_khmer_version(page)
    return course.get_translation(
        course.get_translations().get(locale__language_code="km").locale
    ).specific


def make_topic(name="Victim identification", slug=None, name_km=None) -> Topic:
    """A topic in the default locale; with its Khmer translation (made by
    wagtail-localize) when ``name_km`` is given."""
    topic = Topic.objects.create(name=name, slug=slug or unique("topic"))
    if name_km:
        from wagtail.models import Locale

        khmer, _created = Locale.objects.get_or_create(language_code="km")
        topic.translate_name(name_km, khmer)
    return topic


def make_course(
    catalog=None,
    *,
    title=None,
    modules=2,
    lessons=2,
    topics=(),
    prerequisites=(),
    live=True,
    **fields,
) -> CoursePage:
    """A course with ``modules`` modules of ``lessons`` lessons each, all live."""
    catalog = catalog or make_catalog()
    title = title or unique("Course")
    course = CoursePage(
        title=title,
        slug=unique("course"),
        summary=f"Summary of {title}",
        live=live,
        **fields,
    )
    catalog.add_child(instance=course)
    if topics:
        course.topics.set(topics)
    if prerequisites:
        course.prerequisites.set(prerequisites)
    if topics or prerequisites:
        course.save()
    for m in range(modules):
        module = course.add_child(
            instance=ModulePage(
                title=f"Module {m + 1} of {title}", slug=unique("module")
            )
        )
        for n in range(lessons):
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m + 1}.{n + 1}",
                    slug=unique("lesson"),
                    body=[("text", f"<p>Lesson {m + 1}.{n + 1} of {title}.</p>")],
                )
            )
    return course


def lessons_of(course) -> list[LessonPage]:
    return list(LessonPage.objects.descendant_of(course).live().order_by("path"))


def modules_of(course) -> list[ModulePage]:
    return list(ModulePage.objects.child_of(course).order_by("path"))


def make_organisation(
    code=None, name="General Department of Immigration"
) -> Organisation:
    code = code or unique("ORG")
    return Organisation.objects.create(code=code, name=name, kind="department")


def make_user(role: str = "officer", *, reviews=None, trains=(), **fields) -> User:
    """A user with a role: ``officer``, ``trainer``, ``lead_trainer``, ``reviewer``
    or ``admin``.

    A reviewer reviews ``reviews`` (an organisation or a list of them),
    by default their own ``organisation`` when they have one; a trainer
    trains the courses in ``trains``. Both are granted through
    ``accounts.roles.grant``, as the admin does. A lead trainer is in the
    Lead trainers group (no assignments).
    """
    username = fields.pop("username", None) or unique(role)
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.org",
        full_name=fields.pop("full_name", f"{role.title()} {username}"),
        is_superuser=role == "admin",
        is_staff=role in {"admin", "trainer", "lead_trainer"},
        **fields,
    )
    group_name = {
        "trainer": TRAINERS,
        "lead_trainer": LEAD_TRAINERS,
        "reviewer": ORGANISATION_REVIEWERS,
    }.get(role)
    if group_name:
        user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    if role == "reviewer":
        if reviews is None:
            reviews = [user.organisation] if user.organisation else []
        elif isinstance(reviews, Organisation):
            reviews = [reviews]
        for organisation in reviews:
            grant(user, "reviewer", organisation=organisation)
    for course in trains:
        grant(user, "trainer", course=course)
    return user
