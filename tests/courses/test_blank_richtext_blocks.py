"""A lesson's required rich text (text blocks, callouts, case situations)
refuses empty paragraphs when submitted or published; a draft may wait."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import LessonPage
from tests import factories

pytestmark = pytest.mark.django_db

EMPTY = '<p data-block-key="abc12"></p>'
BLANKS = [
    EMPTY,
    '<p data-block-key="x"> </p>',
    '<p data-block-key="x"><br/></p>',
    "<p>&nbsp;</p>",
    '<p data-block-key="a"></p><p data-block-key="b"></p>',
    "<p>\u200b</p>",
]


def body():
    return LessonPage._meta.get_field("body").stream_block


def clean(raw, *, draft=False):
    block = body()
    value = block.to_python(raw)
    if draft:
        block.defer_required_validation()
    try:
        return block.clean(value)
    finally:
        if draft:
            block.restore_deferred_validation()


def error_of(raised):
    [error] = raised.value.block_errors.values()
    return error


@pytest.mark.parametrize("html", BLANKS)
def test_an_empty_text_block_is_refused(html):
    with pytest.raises(StreamBlockValidationError) as raised:
        clean([{"type": "text", "value": html}])
    assert error_of(raised).messages == [
        "This text block is empty: write the text, or remove the block (spaces "
        "and empty paragraphs do not count)."
    ]


def test_a_written_text_block_is_accepted():
    clean([{"type": "text", "value": "<p>Check the visa stamp.</p>"}])


@pytest.mark.parametrize(
    "block_type, value, child, label",
    [
        ("callout", {"kind": "note", "title": "", "text": EMPTY}, "text", "Text"),
        (
            "case_scenario",
            {
                "title": "At the checkpoint",
                "situation": "<p>\u00a0</p>",
                "questions": ["What next?"],
                "debrief": "",
            },
            "situation",
            "Situation",
        ),
    ],
)
def test_required_rich_text_inside_blocks_is_refused_by_name(
    block_type, value, child, label
):
    with pytest.raises(StreamBlockValidationError) as raised:
        clean([{"type": block_type, "value": value}])
    struct_error = error_of(raised)
    assert isinstance(struct_error, StructBlockValidationError)
    [message] = struct_error.block_errors[child].messages
    assert message.startswith(f"“{label}” has no text")


def test_the_optional_debrief_may_stay_empty():
    clean(
        [
            {
                "type": "case_scenario",
                "value": {
                    "title": "At the checkpoint",
                    "situation": "<p>A group arrives.</p>",
                    "questions": ["What next?"],
                    "debrief": EMPTY,
                },
            }
        ]
    )


def test_a_draft_may_hold_an_empty_text_block():
    clean([{"type": "text", "value": EMPTY}], draft=True)


def lesson_form(lesson, text, *, action):
    return nested_form_data(
        {
            "title": lesson.title,
            "summary": "",
            "estimated_minutes": "15",
            "completion_rule": "lesson_viewed",
            "slug": lesson.slug,
            "seo_title": "",
            "search_description": "",
            "body": streamfield([("text", rich_text(text))]),
            action: action,
        }
    )


def test_publishing_a_lesson_with_an_empty_paragraph_is_refused(client, course):
    client.force_login(factories.make_user("admin"))
    lesson = factories.lessons_of(course)[0]
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])

    response = client.post(url, lesson_form(lesson, "<p></p>", action="action-publish"))

    assert response.status_code == 200
    [error] = response.context["form"].errors["body"].as_data()
    assert "This text block is empty" in str(error.block_errors[0])
    lesson.refresh_from_db()
    assert "Lesson 1.1" in str(lesson.body[0].value)  # nothing published
