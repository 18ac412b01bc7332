"""“New edition”: a course copied with everything in it, its translations
linked, its officers' records left with the old course."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale, Page

from accounts.models import RoleAssignment
from certificates.models import Certificate
from courses.authoring.editions import EditionRefused, make_edition
from courses.completion import VIEWED, record_event
from courses.enrolment import enrol
from courses.models import (
    ActivityProgress,
    CoursePage,
    Enrolment,
    LessonPage,
    ModuleCompletion,
    ModulePage,
)
from plugins.quiz.models import Attempt, QuizCategoryDraw, QuizPage, QuizQuestion
from plugins.quiz.taking import start_attempt
from tests import factories
from tests.certificates.factories import make_certificate
from tests.courses.conftest import requires_postgresql, run_concurrently
from tests.quiz.factories import make_category, make_question, make_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(course):
    module = factories.modules_of(course)[1]
    return make_quiz(
        module,
        questions=[make_question(), make_question()],
        draws=[(make_category(), 2)],
        title="Checkpoint quiz",
    )


@pytest.fixture
def records(course, quiz):
    """An officer's enrolment, progress, quiz attempt and certificate."""
    officer = factories.make_user("officer")
    enrolment = enrol(officer, course)[0]
    record_event(enrolment, factories.lessons_of(course)[0], VIEWED)
    attempt = start_attempt(quiz, enrolment)[0]
    certificate = make_certificate(user=officer, course=course)
    return {
        "enrolment": enrolment,
        "attempt": attempt,
        "certificate": certificate,
        "progress": set(
            ActivityProgress.objects.filter(enrolment=enrolment).values_list(
                "pk", "page_id"
            )
        ),
    }


def url(course):
    return reverse("courses_new_edition", args=[course.pk])


def form(**changes):
    data = {"title": "Identifying victims (2027)", "slug": "identifying-victims-2027"}
    data.update({"edition": "2027"}, **changes)
    return data


@pytest.fixture
def admin_client(client):
    client.force_login(factories.make_user("admin"))
    return client


def tree_of(course):
    """``(class name, title, live)`` of every page of the course, in order."""
    return [
        (type(page).__name__, page.title, page.live)
        for page in Page.objects.descendant_of(course).order_by("path").specific()
    ]


def test_the_form_offers_next_years_edition(admin_client, course):
    response = admin_client.get(url(course))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == course.title
    year = form["edition"].value()
    assert year.isdigit() and form["slug"].value() == f"{course.slug}-{year}"
    assert form["keep_live"].value() in (None, False)
    assert form["renews"].value() in (None, False)


def test_a_new_edition_copies_the_whole_course_as_a_draft(
    admin_client, course, quiz, records
):
    old_tree = tree_of(course)
    response = admin_client.post(url(course), form())

    copy = CoursePage.objects.get(slug="identifying-victims-2027")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert copy.title == "Identifying victims (2027)"
    assert copy.edition == "2027"
    assert copy.get_parent().pk == course.get_parent().pk
    assert not copy.live and copy.renews is None
    # Every module, lesson and activity, in order, as drafts.
    assert [(kind, title) for kind, title, _live in tree_of(copy)] == [
        (kind, title) for kind, title, _live in old_tree
    ]
    assert not any(live for _kind, _title, live in tree_of(copy))
    assert ModulePage.objects.child_of(copy).count() == 2
    assert LessonPage.objects.descendant_of(copy).count() == 4
    # The quiz keeps its questions and its random draws.
    new_quiz = QuizPage.objects.descendant_of(copy).get()
    assert list(new_quiz.slots.values_list("question_id", flat=True)) == list(
        quiz.slots.values_list("question_id", flat=True)
    )
    assert QuizQuestion.objects.filter(quiz=new_quiz).count() == 2
    assert QuizCategoryDraw.objects.filter(quiz=new_quiz).count() == 1
    # The old course is untouched.
    assert tree_of(course) == old_tree
    assert CoursePage.objects.get(pk=course.pk).edition == course.edition


def test_officers_records_stay_with_the_old_course(admin_client, course, records):
    admin_client.post(url(course), form())
    copy = CoursePage.objects.get(slug="identifying-victims-2027")
    new_pages = Page.objects.descendant_of(copy, inclusive=True)

    assert not Enrolment.objects.filter(course=copy).exists()
    assert not ActivityProgress.objects.filter(page__in=new_pages).exists()
    assert not ModuleCompletion.objects.filter(module__in=new_pages).exists()
    assert not Attempt.objects.filter(quiz__in=new_pages).exists()
    assert not Certificate.objects.filter(course=copy).exists()
    enrolment = Enrolment.objects.get(pk=records["enrolment"].pk)
    assert enrolment.course_id == course.pk
    progress = set(
        ActivityProgress.objects.filter(enrolment=enrolment).values_list(
            "pk", "page_id"
        )
    )
    assert progress == records["progress"]
    attempt = Attempt.objects.get(pk=records["attempt"].pk)
    assert attempt.quiz_id == records["attempt"].quiz_id
    assert attempt.enrolment_id == enrolment.pk
    certificate = Certificate.objects.get(pk=records["certificate"].pk)
    assert certificate.course_id == course.pk
    assert Enrolment.objects.count() == 1 and Certificate.objects.count() == 1


def test_keep_live_keeps_live_pages_live_and_drafts_drafts(admin_client, course):
    module = factories.modules_of(course)[0]
    module.add_child(
        instance=LessonPage(title="Unfinished", slug="unfinished", live=False)
    )

    admin_client.post(url(course), form(keep_live="on"))

    copy = CoursePage.objects.get(slug="identifying-victims-2027")
    assert copy.live
    states = {title: live for _kind, title, live in tree_of(copy)}
    assert states["Unfinished"] is False
    assert states["Lesson 1.1"] is True


def test_the_new_edition_may_renew_the_old_courses_certificates(admin_client, course):
    admin_client.post(url(course), form(renews="on"))

    copy = CoursePage.objects.get(slug="identifying-victims-2027")
    assert copy.renews_id == course.pk


def test_a_second_submission_makes_no_second_edition(admin_client, course):
    first = admin_client.post(url(course), form())
    second = admin_client.post(url(course), form())

    assert first.status_code == 302
    assert second.status_code == 200
    [error] = second.context["form"].errors["slug"]
    assert "already has a page with the slug “identifying-victims-2027”" in error
    assert "If you have just made this edition, it is there" in error
    assert CoursePage.objects.filter(slug="identifying-victims-2027").count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"slug": "has spaces"}, "slug"),
        ({"edition": ""}, "edition"),
        ({"edition": "x" * 101}, "edition"),
    ],
)
def test_bad_input_is_refused_field_by_field(admin_client, course, changes, field):
    response = admin_client.post(url(course), form(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert CoursePage.objects.count() == 1


def test_the_slug_of_another_course_is_refused(admin_client, course):
    other = factories.make_course(modules=1, lessons=1)

    response = admin_client.post(url(course), form(slug=other.slug))

    assert "slug" in response.context["form"].errors
    assert CoursePage.objects.count() == 2


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_submissions_at_the_same_moment_make_one_edition(course):
    admin = factories.make_user("admin")

    def submit():
        try:
            return make_edition(
                CoursePage.objects.get(pk=course.pk),
                user=admin,
                slug="identifying-victims-2027",
                edition="2027",
                titles={},
            ).pk
        except EditionRefused as refused:
            return refused.field

    results = run_concurrently(submit, submit)

    assert sorted(results, key=str).count("slug") == 1
    assert CoursePage.objects.filter(slug="identifying-victims-2027").count() == 1


# Translations -------------------------------------------------------------------


@pytest.fixture
def khmer_course(course, quiz):
    """The Khmer version of the whole course, published."""
    khmer = Locale.objects.get(language_code="km")
    course_km = course.copy_for_translation(khmer, copy_parents=True)
    for page in Page.objects.descendant_of(course).order_by("path").specific():
        page.copy_for_translation(khmer)
    for page in (
        Page.objects.descendant_of(course_km, inclusive=True)
        .order_by("path")
        .specific()
    ):
        page.title = f"{page.title} (km)"
        page.save_revision().publish()
    return CoursePage.objects.get(pk=course_km.pk)


def test_translations_are_copied_and_linked_as_translations(
    admin_client, course, khmer_course
):
    response = admin_client.get(url(course))
    assert khmer_course.title in response.content.decode()

    admin_client.post(url(course), form(**{f"title_{khmer_course.pk}": "វគ្គឆ្នាំ ២០២៧"}))

    copy = CoursePage.objects.get(
        slug="identifying-victims-2027", locale__language_code="en"
    )
    copy_km = CoursePage.objects.get(
        slug="identifying-victims-2027", locale__language_code="km"
    )
    assert copy_km.title == "វគ្គឆ្នាំ ២០២៧"
    assert copy_km.edition == "2027"
    assert copy_km.get_parent().pk == khmer_course.get_parent().pk
    assert copy_km.pk > copy.pk  # the record version's copy comes first
    assert copy_km.translation_key == copy.translation_key
    assert copy.translation_key != course.translation_key
    assert [p.pk for p in copy.get_translations()] == [copy_km.pk]
    # Page by page, the Khmer copies are translations of the English ones.
    english = list(Page.objects.descendant_of(copy).order_by("path"))
    khmer = list(Page.objects.descendant_of(copy_km).order_by("path"))
    assert len(english) == len(khmer) == 7
    for en, km in zip(english, khmer, strict=True):
        assert km.translation_key == en.translation_key
        assert km.title == f"{en.title} (km)"
        assert km.locale.language_code == "km"
    # The old course's versions keep their keys and their link.
    assert CoursePage.objects.get(pk=khmer_course.pk).translation_key == (
        course.translation_key
    )
    old_keys = set(
        Page.objects.descendant_of(course).values_list("translation_key", flat=True)
    )
    assert not old_keys & {p.translation_key for p in english}


def test_a_khmer_course_makes_its_edition_from_either_version(
    admin_client, course, khmer_course
):
    response = admin_client.get(url(khmer_course))
    offered = response.context["form"][f"title_{course.pk}"].value()
    assert offered == course.title  # each version's title, to change or keep

    admin_client.post(
        url(khmer_course), form(title="វគ្គថ្មី", **{f"title_{course.pk}": offered})
    )

    copy_km = CoursePage.objects.get(
        slug="identifying-victims-2027", locale__language_code="km"
    )
    copy = CoursePage.objects.get(
        slug="identifying-victims-2027", locale__language_code="en"
    )
    assert copy_km.title == "វគ្គថ្មី"
    assert copy.title == course.title
    assert copy.translation_key == copy_km.translation_key
    assert copy.pk < copy_km.pk


# Who may ------------------------------------------------------------------------


def refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and "login" in response["Location"]
    )


@pytest.fixture
def people(course):
    lead = factories.make_user("trainer")
    lead.groups.set([Group.objects.get(name="Lead trainers")])
    return {
        "anonymous": None,
        "officer": factories.make_user("officer"),
        "reviewer": factories.make_user("reviewer"),
        "trainer of this course": factories.make_user("trainer", trains=[course]),
        "trainer of another course": factories.make_user(
            "trainer", trains=[factories.make_course(modules=1, lessons=1)]
        ),
        "lead trainer": lead,
        "admin": factories.make_user("admin"),
    }


ALLOWED = {"trainer of this course", "lead trainer", "admin"}


@pytest.mark.parametrize(
    "role",
    [
        "anonymous",
        "officer",
        "reviewer",
        "trainer of this course",
        "trainer of another course",
        "lead trainer",
        "admin",
    ],
)
def test_who_may_make_a_new_edition(client, people, course, role):
    if people[role] is not None:
        client.force_login(people[role])

    shown = client.get(url(course))
    made = client.post(url(course), form())

    copies = CoursePage.objects.filter(slug="identifying-victims-2027")
    if role in ALLOWED:
        assert shown.status_code == 200
        assert made.status_code == 302
        assert copies.count() == 1
    else:
        assert refused(shown) and refused(made), role
        assert not copies.exists()


def test_a_trainer_makes_a_draft_edition_and_trains_it(client, people, course):
    trainer = people["trainer of this course"]
    client.force_login(trainer)

    live = client.post(url(course), form(keep_live="on"))
    assert live.status_code == 200
    [error] = live.context["form"].non_field_errors()
    assert "leave “Keep live” unticked" in error
    assert not CoursePage.objects.filter(slug="identifying-victims-2027").exists()

    assert client.post(url(course), form()).status_code == 302
    copy = CoursePage.objects.get(slug="identifying-victims-2027")
    assert RoleAssignment.objects.filter(
        user=trainer, role="trainer", course=copy
    ).exists()
    lesson = LessonPage.objects.descendant_of(copy).first()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert edit.status_code == 200  # they can revise it


def test_the_explorer_offers_new_edition_to_those_who_may(client, people, course):
    other_course = CoursePage.objects.exclude(pk=course.pk).get()
    catalog = course.get_parent()
    explore = reverse("wagtailadmin_explore", args=[catalog.pk])

    client.force_login(people["admin"])
    html = client.get(explore).content.decode()
    assert url(course) in html and url(other_course) in html
    course_header = client.get(reverse("wagtailadmin_explore", args=[course.pk]))
    assert url(course) in course_header.content.decode()

    client.force_login(people["trainer of this course"])
    html = client.get(explore).content.decode()
    assert url(course) in html
    assert url(other_course) not in html

    module = factories.modules_of(course)[0]
    html = client.get(reverse("wagtailadmin_explore", args=[course.pk])).content
    assert reverse("courses_new_edition", args=[module.pk]) not in html.decode()


def test_only_courses_have_editions(admin_client, course):
    module = factories.modules_of(course)[0]

    assert admin_client.get(url(module)).status_code == 404
