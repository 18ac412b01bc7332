"""Lifecycle signals are sent once per event."""

import pytest

from courses.completion import record_event
from courses.enrolment import enrol
from courses.models import Enrolment
from lms import signals
from tests.courses.study import complete_lesson
from tests.factories import lessons_of, make_course, make_user, modules_of

LIFECYCLE = {
    "enrolment_created": signals.enrolment_created,
    "lesson_completed": signals.lesson_completed,
    "module_completed": signals.module_completed,
    "course_completed": signals.course_completed,
}


@pytest.fixture
def sent():
    """Every lifecycle signal sent during the test, as ``(name, sender, kwargs)``."""
    calls = []
    receivers = {}
    for name, signal in LIFECYCLE.items():

        def receiver(sender, signal, _name=name, **kwargs):
            calls.append((_name, sender, kwargs))

        receivers[name] = receiver
        signal.connect(receiver, weak=False)
    yield calls
    for name, signal in LIFECYCLE.items():
        signal.disconnect(receivers[name])


def test_signals_exist():
    for name in [*LIFECYCLE, "certificate_issued", "registry_loaded"]:
        assert isinstance(getattr(signals, name), signals.Signal)


@pytest.mark.django_db
def test_enrolment_created_once_even_on_double_enrolment(sent):
    course = make_course(modules=1, lessons=1)
    officer = make_user("officer")

    enrolment, created = enrol(officer, course)
    again, created_again = enrol(officer, course)

    assert (created, created_again) == (True, False)
    assert again == enrolment
    assert sent == [("enrolment_created", Enrolment, {"enrolment": enrolment})]


@pytest.mark.django_db
def test_completing_a_course_sends_each_signal_once(sent):
    course = make_course(modules=1, lessons=1)
    (lesson,) = lessons_of(course)
    (module,) = modules_of(course)
    enrolment, _ = enrol(make_user("officer"), course)
    sent.clear()

    complete_lesson(enrolment, lesson)
    complete_lesson(enrolment, lesson)  # studied again, in another tab
    record_event(enrolment, lesson, "acknowledged")

    assert [name for name, _, _ in sent] == [
        "lesson_completed",
        "module_completed",
        "course_completed",
    ]
    (_, lesson_sender, lesson_kwargs), (_, _, module_kwargs), (_, _, course_kwargs) = (
        sent
    )
    assert lesson_sender is type(lesson)
    assert lesson_kwargs["enrolment"] == enrolment
    assert lesson_kwargs["page"] == lesson
    assert lesson_kwargs["progress"].completed_at is not None
    assert module_kwargs == {"enrolment": enrolment, "module": module}
    assert course_kwargs == {"enrolment": enrolment}
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


@pytest.mark.django_db
def test_course_completed_waits_for_the_last_module(sent):
    course = make_course(modules=2, lessons=1)
    first, second = lessons_of(course)
    enrolment, _ = enrol(make_user("officer"), course)
    sent.clear()

    complete_lesson(enrolment, first)
    assert [name for name, _, _ in sent] == ["lesson_completed", "module_completed"]

    complete_lesson(enrolment, second)
    assert [name for name, _, _ in sent] == [
        "lesson_completed",
        "module_completed",
        "lesson_completed",
        "module_completed",
        "course_completed",
    ]
