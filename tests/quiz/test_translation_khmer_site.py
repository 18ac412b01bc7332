"""Taking a quiz on the Khmer site: the Khmer version of a quiz page, made with
wagtail-localize, asks the bank's questions in Khmer (English where a text is
not translated, marked ``lang="en"``), and its attempts are the same record
as the English version's."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from plugins.quiz.models import Attempt, QuizPage
from plugins.quiz.translation import khmer_locale, record_page_strings
from tests.factories import make_khmer_course
from tests.quiz.factories import make_question, make_quiz
from tests.quiz.view_helpers import (
    attempt_url,
    course_of,
    enrolled_officer,
    post_form,
    result_url,
)

pytestmark = pytest.mark.django_db

ZWSP = "\u200b"


@pytest.fixture
def khmer_world():
    """An English course with a quiz of three questions, and its Khmer version.

    The multiple-choice question and the short answer are translated (the
    short answer's Khmer accepted answer is "លិខិតឆ្លងដែន"); the third
    question is not; the quiz's introduction and success text are.
    """
    choice = make_question(
        title="Genuine",
        text="<p>Which passport is genuine?</p>",
        text_km="<p>តើលិខិតឆ្លងដែនមួយណាពិត?</p>",
        explanation="<p>Check the hologram.</p>",
        explanation_km="<p>ពិនិត្យហូឡូក្រាម។</p>",
        choices=[
            {
                "text": "With a hologram",
                "text_km": "មានហូឡូក្រាម",
                "fraction": 1,
                "feedback": "Right.",
                "feedback_km": "ត្រឹមត្រូវ។",
            },
            {
                "text": "Without a photo",
                "fraction": 0,
                "feedback": "No photo, no passport.",
            },
        ],
    )
    short = make_question(
        "shortanswer",
        title="Document",
        text="<p>Name the travel document.</p>",
        text_km="<p>ដាក់ឈ្មោះឯកសារធ្វើដំណើរ។</p>",
        options={"case_sensitive": False},
        choices=[
            {"text": "passport", "text_km": "លិខិតឆ្លងដែន", "fraction": 1},
        ],
    )
    untranslated = make_question(
        title="Stamp",
        text="<p>Which stamp means entry?</p>",
        choices=[("Green", 1), ("Red", 0)],
    )
    quiz = make_quiz(
        questions=[choice, short, untranslated],
        intro="<p>Read each question carefully.</p>",
        success_text="Well done.",
        pass_mark=50,
    )
    record_page_strings(
        quiz,
        {"intro": "<p>សូមអានសំណួរនីមួយៗដោយប្រុងប្រយ័ត្ន។</p>", "success_text": "ល្អណាស់។"},
        khmer_locale(),
    )
    make_khmer_course(course_of(quiz))
    khmer_quiz = QuizPage.objects.get(
        translation_key=quiz.translation_key, locale=khmer_locale()
    )
    return {
        "quiz": quiz,
        "khmer_quiz": khmer_quiz,
        "choice": choice,
        "short": short,
        "untranslated": untranslated,
    }


def khmer_reader(client, quiz):
    officer = enrolled_officer(client, quiz)
    client.cookies["lms_language"] = "km"
    return officer


def start_from(client, page, number=1):
    response = post_form(
        client, reverse("quiz:start", args=[page.pk]), {"number": number}
    )
    assert response.status_code == 302, response.content[:300]
    return Attempt.objects.order_by("-pk").first()


def items_by_title(attempt):
    return {item.snapshot["title"]: item for item in attempt.questions.all()}


def test_the_khmer_quiz_page_is_translated_and_marks_its_fallbacks(client, khmer_world):
    khmer_reader(client, khmer_world["quiz"])
    html = client.get(khmer_world["khmer_quiz"].url).content.decode()
    assert khmer_world["khmer_quiz"].url.startswith("/km/")
    assert '<div class="prose" lang="km"><p>សូមអានសំណួរនីមួយៗដោយប្រុងប្រយ័ត្ន។</p></div>' in html
    assert "<dd>3</dd>" in html


def test_an_untranslated_intro_is_marked_english_on_the_khmer_page(client):
    quiz = make_quiz(questions=[make_question()], intro="<p>Read carefully.</p>")
    make_khmer_course(course_of(quiz))
    khmer_quiz = quiz.get_translation(khmer_locale())
    khmer_reader(client, quiz)
    html = client.get(khmer_quiz.url).content.decode()
    assert '<div class="prose" lang="en"><p>Read carefully.</p></div>' in html
    assert 'class="panel notice-language"' in html


def test_taking_the_khmer_version_from_start_to_review(client, khmer_world):
    quiz, khmer_quiz = khmer_world["quiz"], khmer_world["khmer_quiz"]
    khmer_reader(client, quiz)

    attempt = start_from(client, khmer_quiz)
    # One record: the attempt is the English (record) version's.
    assert attempt.quiz_id == quiz.pk and attempt.content_language == "km"

    html = client.get(attempt_url(attempt)).content.decode()
    assert '<div class="quiz-text"><p>តើលិខិតឆ្លងដែនមួយណាពិត?</p></div>' in html
    assert re.search(r'<label for="q\d-choice-\d+">មានហូឡូក្រាម</label>', html)
    # Not translated: English, marked as such, and the page says so.
    assert re.search(
        r'<label for="q\d-choice-\d+" lang="en">Without a photo</label>', html
    )
    assert (
        '<div class="quiz-text" lang="en"><p>Which stamp means entry?</p></div>' in html
    )
    assert 'class="panel notice-language"' in html
    assert "Which passport is genuine?" not in html

    items = items_by_title(attempt)
    right = next(
        c["id"]
        for c in items["Genuine"].snapshot["choices"]
        if c["fraction"] == "1.00000"
    )
    green = next(
        c["id"] for c in items["Stamp"].snapshot["choices"] if c["text"] == "Green"
    )
    # A Khmer short answer as a phone keyboard may type it: zero-width spaces
    # between the words and Khmer digits do not matter.
    typed = f"លិខិត{ZWSP}ឆ្លង{ZWSP}ដែន"
    pairs = [("action", "submit")]
    for item in attempt.questions.order_by("position"):
        prefix = f"q{item.position}"
        pairs.append((f"{prefix}-sequence", str(item.sequence)))
        if item.snapshot["title"] == "Genuine":
            pairs.append((f"{prefix}-choice", str(right)))
        elif item.snapshot["title"] == "Stamp":
            pairs.append((f"{prefix}-choice", str(green)))
        else:
            pairs.append((f"{prefix}-answer", typed))
    response = post_form(client, attempt_url(attempt), pairs)
    assert response.status_code == 302 and response.url == result_url(attempt)

    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.percent == 100 and attempt.passed
    assert all(i.score == i.mark for i in attempt.questions.all())

    html = client.get(result_url(attempt)).content.decode()
    assert '<p class="quiz-result-text">ល្អណាស់។</p>' in html
    # Review in Khmer: explanation and feedback translated, fallbacks marked.
    assert "<div><p>ពិនិត្យហូឡូក្រាម។</p></div>" in html
    assert '<p class="quiz-feedback">ត្រឹមត្រូវ។</p>' in html
    assert (
        '<div class="quiz-text" lang="en"><p>Which stamp means entry?</p></div>' in html
    )

    # The English version counts the same attempt.
    client.cookies["lms_language"] = "en"
    html = client.get(quiz.url).content.decode()
    assert "1 used, no limit" in html or "1 of" in html
    assert f'href="{result_url(attempt)}"' in html


def test_an_english_reader_of_the_khmer_version_gets_khmer_marked_km(
    client, khmer_world
):
    quiz, khmer_quiz = khmer_world["quiz"], khmer_world["khmer_quiz"]
    enrolled_officer(client, quiz)  # English interface
    attempt = start_from(client, khmer_quiz)
    html = client.get(attempt_url(attempt)).content.decode()
    assert '<div class="quiz-text" lang="km"><p>តើលិខិតឆ្លងដែនមួយណាពិត?</p></div>' in html
    assert re.search(r'<label for="q\d-choice-\d+" lang="km">មានហូឡូក្រាម</label>', html)
    assert '<div class="quiz-text"><p>Which stamp means entry?</p></div>' in html

    # Continued from the English version, the same attempt shows in English.
    response = start_from(client, quiz)
    assert response.pk == attempt.pk
    attempt.refresh_from_db()
    assert attempt.content_language == "en"
    html = client.get(attempt_url(attempt)).content.decode()
    assert "Which passport is genuine?" in html and "តើលិខិតឆ្លងដែន" not in html
    assert 'class="panel notice-language"' not in html


def test_attempts_from_both_versions_are_one_record(client, khmer_world):
    quiz, khmer_quiz = khmer_world["quiz"], khmer_world["khmer_quiz"]
    khmer_reader(client, quiz)
    first = start_from(client, khmer_quiz)
    post_form(
        client,
        attempt_url(first),
        [("action", "submit")]
        + [(f"q{i.position}-sequence", str(i.sequence)) for i in first.questions.all()],
    )
    second = start_from(client, quiz, number=2)
    assert second.number == 2
    assert set(Attempt.objects.values_list("quiz_id", flat=True)) == {quiz.pk}
    html = client.get(khmer_quiz.url).content.decode()
    # The Khmer page lists both attempts, as the English one does.
    assert html.count(reverse("quiz:result", args=[first.pk])) == 1
    assert 'name="number" value="2"' in html  # "Continue attempt" 2
