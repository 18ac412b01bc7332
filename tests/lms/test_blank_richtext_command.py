"""``manage.py find_blank_richtext``: lists stored blank required rich text in
every app (plugins included) and exits non-zero when it finds any."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from courses.models import LessonPage
from lms.richtext_audit import checked_fields, find_blank_richtext
from plugins.quiz.models import Question
from tests import factories
from tests.quiz.factories import make_question

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("find_blank_richtext", *args, stdout=out)
    return out.getvalue()


def test_it_finds_the_required_fields_generically():
    fields = {(model._meta.label, field.name) for model, field in checked_fields()}
    assert ("quiz.Question", "text") in fields  # a plugin's RichTextField
    assert ("courses.LessonPage", "body") in fields  # a StreamField's blocks
    # Optional rich text is not required: never listed.
    assert ("quiz.Question", "text_km") not in fields
    assert ("quiz.QuizPage", "intro") not in fields
    assert ("courses.CatalogPage", "intro") not in fields


def test_no_blank_text_exits_zero(course):
    make_question()
    out = run()
    assert "No blank required rich text" in out


def test_it_lists_each_blank_row_and_exits_one(course):
    good = make_question(title="Has words")
    blank = make_question(title="Stamp question")
    Question.objects.filter(pk=blank.pk).update(text='<p data-block-key="a"></p>')
    spaces = make_question(title="Only spaces")
    Question.objects.filter(pk=spaces.pk).update(text="<p>&nbsp; \u200b</p>")
    image_only = make_question(title="Only an image")
    Question.objects.filter(pk=image_only.pk).update(
        text='<p></p><embed embedtype="image" id="1" format="left" alt="Stamp"/>'
    )
    lesson = factories.lessons_of(course)[0]
    raw = [
        {"type": "text", "value": "<p>Read this.</p>", "id": "a"},
        {"type": "text", "value": "<p></p><p> </p>", "id": "b"},
        {
            "type": "callout",
            "value": {"kind": "note", "title": "", "text": "<p>\u200b</p>"},
            "id": "c",
        },
    ]
    LessonPage.objects.filter(pk=lesson.pk).update(body=json.dumps(raw))

    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("find_blank_richtext", stdout=out)
    assert raised.value.returncode == 1
    assert "4 required texts are empty" in str(raised.value)
    listed = out.getvalue().splitlines()
    assert len(listed) == 4, listed
    text = out.getvalue()
    assert f"quiz.Question pk={blank.pk} “Stamp question”: text" in text
    assert reverse("quiz_questions:edit", args=[blank.pk]) in text
    assert reverse("wagtailadmin_pages:edit", args=[lesson.pk]) in text
    assert f"pk={spaces.pk}" in text
    assert f"pk={good.pk}" not in text
    assert f"pk={image_only.pk}" not in text  # an image is content
    assert f"courses.LessonPage pk={lesson.pk} “{lesson.title}”: body › 2. Text" in text
    assert "body › 3. Callout or warning › Text" in text


def test_json_output_and_app_filter(course):
    blank = make_question(title="Blank")
    Question.objects.filter(pk=blank.pk).update(text="<p>\ufeff</p>")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("find_blank_richtext", "quiz", "--json", stdout=out)
    [item] = json.loads(out.getvalue())["blank"]
    assert item["model"] == "quiz.Question"
    assert item["pk"] == blank.pk and item["field"] == "text"
    assert item["title"] == "Blank"
    assert item["admin_url"].endswith(f"/{blank.pk}/")
    # Only the apps asked for.
    assert run("courses").startswith("No blank required rich text")


def test_an_unknown_app_is_a_clear_error():
    with pytest.raises(CommandError) as raised:
        run("no_such_app")
    assert "no_such_app" in str(raised.value)


def test_the_audit_reads_stream_data_without_loading_choosers(
    course, django_assert_max_num_queries
):
    """Raw JSON is walked: no image or document lookups per block."""
    with django_assert_max_num_queries(30):
        assert find_blank_richtext() == []
