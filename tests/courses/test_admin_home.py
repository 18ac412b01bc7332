"""The "My courses" panel on the admin dashboard (``courses.authoring.admin_home``)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks
from wagtail.users.models import UserProfile

from accounts.roles import grant
from courses.enrolment import enrol
from courses.hooks import COURSE_ADMIN_SUMMARY_HOOK, CourseSummaryItem
from courses.models import LessonPage
from plugins.quiz.hooks import question_types
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from tests import factories
from tests.courses.test_page_access import (
    ROLES,
    World,
    build_world,
    client_for,
    refused,
)
from tests.quiz.admin_helpers import make_trainer
from tests.quiz.factories import make_question, make_quiz
from tests.quiz.test_admin_marking import HandMarked

pytestmark = pytest.mark.django_db

HOME = "wagtailadmin_home"


@pytest.fixture
def world(catalog) -> World:
    return build_world(catalog)


def panel(response) -> str:
    """The panel's HTML, or "" when it is not on the page."""
    html = response.content.decode()
    match = re.search(r'id="lms-my-courses-section".*?</section>', html, re.S)
    return match.group(0) if match else ""


def row_of(html: str, title: str) -> str:
    match = re.search(
        rf"<tr>\s*<th scope=\"row\".*?{re.escape(title)}.*?</tr>", html, re.S
    )
    return match.group(0) if match else ""


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_courses(world, role):
    response = client_for(world.people[role]).get(reverse(HOME))

    if role in {"officer", "reviewer"}:
        assert refused(response)  # no admin at all
        return
    html = panel(response)
    sees = {
        name
        for name, course in (("x", world.x), ("y", world.y))
        if course.title in html
    }
    expected = {"trainer_x": {"x"}, "trainer_y": {"y"}}.get(role, {"x", "y"})
    assert sees == expected
    if role == "trainer_x":
        assert "You train it" in row_of(html, world.x.title)
    if role == "lead":
        assert "You train it" not in html


def test_a_trainer_without_courses_gets_no_panel(world):
    idle = factories.make_user("trainer")

    response = client_for(idle).get(reverse(HOME))

    assert response.status_code == 200 and panel(response) == ""


def test_the_figures_and_links_of_a_course(world):
    trainer = world.people["trainer_x"]
    for _ in range(2):
        enrol(factories.make_user("officer"), world.x)
    draft = LessonPage(title="Draft lesson", slug="draft", live=False)
    world.module_x.add_child(instance=draft)
    draft.save_revision(user=trainer)
    in_review = LessonPage(title="Lesson in review", slug="in-review", live=False)
    world.module_x2.add_child(instance=in_review)
    in_review.save_revision(user=trainer)
    in_review.get_workflow().start(in_review, trainer)

    html = row_of(panel(client_for(trainer).get(reverse(HOME))), world.x.title)

    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert "Live" in cells[1]
    assert [c.strip() for c in cells[2:5]] == ["1", "2", "2"]  # review, draft, enrolled
    assert reverse("wagtailadmin_pages:edit", args=[world.x.pk]) in html
    assert (
        reverse("wagtailadmin_pages:add", args=["courses", "modulepage", world.x.pk])
        in html
    )
    assert "View live" in html


def test_plugins_add_figures_through_the_hook(world):
    def essays(request, courses):
        return [
            CourseSummaryItem(
                label="Essays to mark",
                values={course.pk: 7 for course in courses if course.pk == world.x.pk},
                urls={world.x.pk: "/admin/marking/"},
            )
        ]

    with hooks.register_temporarily(COURSE_ADMIN_SUMMARY_HOOK, essays):
        html = panel(client_for(world.people["lead"]).get(reverse(HOME)))

    assert "Essays to mark" in html
    assert '<a href="/admin/marking/">7</a>' in row_of(html, world.x.title)
    assert "/admin/marking/" not in row_of(html, world.y.title)


def test_the_site_summary_is_for_admins_only(world):
    trainer = client_for(world.people["trainer_x"]).get(reverse(HOME))
    admin = client_for(world.people["admin"]).get(reverse(HOME))

    assert 'class="w-summary"' not in trainer.content.decode()
    assert 'class="w-summary"' in admin.content.decode()
    # The panel comes first on a trainer's dashboard.
    body = trainer.content.decode()
    assert body.index("lms-my-courses") < body.index("</main>")


def test_khmer_interface(world):
    trainer = world.people["trainer_x"]
    profile = UserProfile.get_for_user(trainer)  # the admin's language setting
    profile.preferred_language = "km"
    profile.save()

    html = panel(client_for(trainer).get(reverse(HOME)))

    assert "វគ្គសិក្សារបស់ខ្ញុំ" in html  # "My courses"


@pytest.mark.parametrize("who", ["lead", "trainer_x"])
def test_the_panel_costs_the_same_for_more_courses(
    world, who, django_assert_max_num_queries
):
    user = world.people[who]

    def dashboard_queries() -> int:
        client = client_for(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(HOME)).status_code == 200
        return len(queries)

    baseline = dashboard_queries()
    for n in range(4):
        course = factories.make_course(world.catalog, title=f"More {n}")
        enrol(factories.make_user("officer"), course)
        if who == "trainer_x":
            grant(user, "trainer", course=course, by=world.people["admin"])

    client = client_for(user)
    with django_assert_max_num_queries(baseline):
        response = client.get(reverse(HOME))
    assert "More 3" in panel(response)


@pytest.fixture
def essay_attempt():
    """A finished attempt with one essay waiting for its mark."""
    with question_types.temporarily(HandMarked()):
        essay = make_question("test_hand_marked", title="Describe the interview")
        quiz = make_quiz(questions=[essay], pass_mark=60)
        officer = factories.make_user("officer")
        enrolment, _ = enrol(officer, quiz.get_parent().get_parent().specific)
        attempt, _ = start_attempt(quiz, enrolment)
        attempt, _ = submit_attempt(
            attempt.pk, [AnswerUpdate(position=1, sequence=0, response="I asked.")]
        )
        assert attempt.pending_marking == 1
        yield attempt


def test_the_quiz_plugin_counts_essays_to_mark(essay_attempt):
    quiz = essay_attempt.quiz
    course = essay_attempt.enrolment.course
    trainer = make_trainer(edit_pages=[quiz.get_parent()])
    other = factories.make_user("trainer", trains=[factories.make_course()])

    mine = panel(client_for(trainer).get(reverse(HOME)))
    theirs = panel(client_for(other).get(reverse(HOME)))

    assert "Essays to mark" in mine
    marking = reverse("quiz_marking:queue")
    assert f'<a href="{marking}">1</a>' in row_of(mine, course.title)
    assert course.title not in theirs and f'<a href="{marking}">' not in theirs


def test_the_portal_links_each_course_to_its_reports(world):
    report = reverse("portal:report", args=["completions"])

    trainer = panel(client_for(world.people["trainer_x"]).get(reverse(HOME)))
    admin = panel(client_for(world.people["admin"]).get(reverse(HOME)))
    lead = panel(client_for(world.people["lead"]).get(reverse(HOME)))

    assert f'href="{report}?course={world.x.pk}"' in row_of(trainer, world.x.title)
    assert f"{report}?course={world.y.pk}" in row_of(admin, world.y.title)
    # Lead trainers review pages; the portal's reports are not theirs.
    assert report not in lead
    # A report opened from the panel shows the course's officers.
    response = client_for(world.people["trainer_x"]).get(
        f"{report}?course={world.x.pk}"
    )
    assert response.status_code == 200
