"""The knowledge-check lesson block: rendered in a lesson, ungraded, stores nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from courses.enrolment import enrol
from courses.models import ActivityProgress
from plugins.quiz.blocks import KnowledgeCheckBlock
from plugins.quiz.models import Attempt
from tests.factories import lessons_of, make_course

pytestmark = pytest.mark.django_db

CHECK = {
    "prompt": "Which stamp shows a lawful entry?",
    "prompt_km": "ត្រាមួយណាបង្ហាញការចូលស្របច្បាប់?",
    "choices": [
        {
            "text": "A dated entry stamp",
            "text_km": "",
            "correct": True,
            "feedback": "Yes: dated and signed.",
            "feedback_km": "",
        },
        {
            "text": "A photocopy",
            "text_km": "",
            "correct": False,
            "feedback": "Copies prove nothing.",
            "feedback_km": "",
        },
    ],
    "explanation": "<p>Check the date and the officer's signature.</p>",
    "explanation_km": "",
}


def test_knowledge_check_renders_in_a_lesson(client, officer):
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]
    lesson.body = [("knowledge_check", CHECK)]
    lesson.save_revision().publish()
    enrol(officer, course)
    client.force_login(officer)
    progress_before = ActivityProgress.objects.count()

    html = client.get(lesson.url).content.decode()

    assert "Which stamp shows a lawful entry?" in html
    assert "<legend>Which stamp shows a lawful entry?</legend>" in html
    assert 'type="radio"' in html
    # The answers, feedback and explanation are folded away in <details>.
    # (The first <details> on the page is the header's narrow-screen menu.)
    start = html.index("<details>", html.index("<legend>"))
    details = html[start : html.index("</details>", start)]
    assert "Yes: dated and signed." in details and "Copies prove nothing." in details
    assert "Check the date" in details
    before_details = html[: html.index("<details>")]
    assert "Yes: dated and signed." not in before_details
    assert "Right:" not in before_details
    # Nothing graded, nothing stored beyond the lesson view itself.
    assert not Attempt.objects.exists()
    assert ActivityProgress.objects.count() == progress_before + 1

    client.cookies["lms_language"] = "km"
    assert "ត្រាមួយណាបង្ហាញការចូលស្របច្បាប់?" in client.get(lesson.url).content.decode()


def test_knowledge_check_needs_a_right_answer():
    block = KnowledgeCheckBlock()
    value = block.to_python(
        {**CHECK, "choices": [{**c, "correct": False} for c in CHECK["choices"]]}
    )
    with pytest.raises(ValidationError):
        block.clean(value)
    assert block.clean(block.to_python(CHECK))
