"""Two courses sharing a question bank, and a user of every role.

For the bank's course rule (``plugins.quiz.admin.course_scope``): course A
and course B each have a quiz. For each "course" key there is a question in
a fixed slot (``fixed``) and one asked only through a random draw from its
category (``drawn``):

- ``"a"``: used only by course A's quiz;
- ``"b"``: used only by course B's quiz;
- ``"ab"``: used by both quizzes;
- ``"none"``: used by no quiz (bank authoring).

Every draw's category holds exactly one question, so every attempt asks all
the questions its quiz uses. One officer of each course has a finished
attempt that chose the wrong answer everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse

from courses.enrolment import enrol
from plugins.quiz.models import AttemptQuestion
from plugins.quiz.taking import AnswerUpdate, start_attempt, submit_attempt
from tests.factories import make_course, make_organisation, make_user, modules_of
from tests.quiz.factories import make_category, make_question, make_quiz

ROLES = (
    "admin",
    "lead",
    "trainer_a",
    "trainer_ab",
    "trainer_none",
    "officer",
    "reviewer",
)
KEYS = ("a", "b", "ab", "none")
#: Which courses each role may edit the pages of (and so change questions of).
EDITS = {
    "admin": {"a", "b"},
    "lead": {"a", "b"},
    "trainer_a": {"a"},
    "trainer_ab": {"a", "b"},
    "trainer_none": set(),
}
#: Which courses' attempts each role may see and regrade.
TRAINS = {"admin": {"a", "b"}, "trainer_a": {"a"}, "trainer_ab": {"a", "b"}}
COURSES_OF = {"a": {"a"}, "b": {"b"}, "ab": {"a", "b"}, "none": set()}


def may_see(role: str, key: str) -> bool:
    if role not in EDITS:
        return False
    courses = COURSES_OF[key]
    return not courses or bool(courses & EDITS[role])


def may_change(role: str, key: str) -> bool:
    return role in EDITS and COURSES_OF[key] <= EDITS[role]


def blocking_course(role: str, key: str) -> str:
    """The title a refusal names: a course using ``key`` the role may not edit."""
    missing = sorted(COURSES_OF[key] - EDITS.get(role, set()))
    return f"“Course {missing[0].upper()}”" if missing else ""


def in_admin(role: str) -> bool:
    return role in EDITS


@dataclass
class World:
    courses: dict = field(default_factory=dict)
    quizzes: dict = field(default_factory=dict)
    fixed: dict = field(default_factory=dict)
    drawn: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    attempts: dict = field(default_factory=dict)
    #: A category no quiz draws from, holding the fixed questions.
    plain: object = None
    #: Another category no quiz draws from (a move target).
    elsewhere: object = None


def wrong_choice(question) -> int:
    return question.choices.filter(fraction=0).order_by("sort_order").first().pk


def take(quiz, user, course):
    """A finished attempt of ``user`` at ``quiz``, every answer wrong."""
    enrolment, _ = enrol(user, course)
    attempt, _ = start_attempt(quiz, enrolment)
    updates = [
        AnswerUpdate(
            position=item.position,
            sequence=0,
            response=wrong_choice(item.question),
        )
        for item in AttemptQuestion.objects.filter(attempt=attempt).select_related(
            "question"
        )
    ]
    attempt, _ = submit_attempt(attempt.pk, updates)
    return attempt


def build_world() -> World:
    world = World()
    world.plain = make_category("Shared bank")
    world.elsewhere = make_category("Elsewhere")
    for key in KEYS:
        world.fixed[key] = make_question(
            category=world.plain,
            title=f"Fixed {key}",
            choices=[("Right", 1), ("Wrong", 0)],
        )
        world.categories[key] = make_category(f"Drawn {key}")
        world.drawn[key] = make_question(
            category=world.categories[key],
            title=f"Drawn {key}",
            choices=[("Right", 1), ("Wrong", 0)],
        )
    for course_key in ("a", "b"):
        course = make_course(title=f"Course {course_key.upper()}", modules=1, lessons=0)
        world.courses[course_key] = course
        keys = [key for key in KEYS if course_key in COURSES_OF[key]]
        world.quizzes[course_key] = make_quiz(
            modules_of(course)[0],
            title=f"Quiz {course_key.upper()}",
            questions=[world.fixed[key] for key in keys],
            draws=[(world.categories[key], 1) for key in keys],
            pass_mark=50,
        )
    world.users = {
        "admin": make_user("admin"),
        "lead": make_user("lead_trainer"),
        "trainer_a": make_user("trainer", trains=[world.courses["a"]]),
        "trainer_ab": make_user(
            "trainer", trains=[world.courses["a"], world.courses["b"]]
        ),
        "trainer_none": make_user("trainer"),
        "officer": make_user("officer"),
        "reviewer": make_user(
            "reviewer", organisation=make_organisation(), full_name="Reviewer"
        ),
    }
    for course_key in ("a", "b"):
        officer = make_user("officer", full_name=f"Officer of {course_key}")
        world.attempts[course_key] = take(
            world.quizzes[course_key], officer, world.courses[course_key]
        )
    return world


def make_wrong_right(question) -> None:
    """An admin's correction: "Wrong" was the right answer (a new version)."""
    from plugins.quiz.versioning import save_with_version

    def save():
        question.choices.filter(text="Right").update(fraction=Decimal(0))
        question.choices.filter(text="Wrong").update(fraction=Decimal(1))

    save_with_version(question, save)


def refused_to_home(response) -> bool:
    """Wagtail's answer to a refused permission: back to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_home"
    )


def to_login(response) -> bool:
    return response.status_code == 302 and "login" in response["Location"]


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])
