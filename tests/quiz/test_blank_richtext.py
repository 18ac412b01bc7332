"""No question without words reaches officers: the bank refuses blank question
text and blank answers, in the admin and in every import format."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from plugins.quiz.interchange.checking import read
from plugins.quiz.interchange.saving import save_import
from plugins.quiz.models import Choice, Question
from plugins.quiz.question_types.base import localized
from plugins.quiz.snapshot import snapshot_question
from plugins.quiz.translation import khmer_locale, translate
from tests.quiz.admin_helpers import make_trainer, question_post
from tests.quiz.factories import make_category, make_question

pytestmark = pytest.mark.django_db

EMPTY_BLOCK = {
    "key": "abc12",
    "type": "unstyled",
    "depth": 0,
    "inlineStyleRanges": [],
    "entityRanges": [],
}


def contentstate(*texts: str) -> str:
    """What Draftail posts for paragraphs holding ``texts`` (exactly)."""
    blocks = [
        {**EMPTY_BLOCK, "key": f"k{index}", "text": text}
        for index, text in enumerate(texts)
    ]
    return json.dumps({"blocks": blocks, "entityMap": {}})


ANSWERS = [{"text": "Right", "fraction": "1"}, {"text": "Wrong", "fraction": "0"}]


@pytest.fixture
def trainer_client(client):
    client.force_login(make_trainer())
    return client


def _post(client, data):
    return client.post(reverse("quiz_questions:add_type", args=["multichoice"]), data)


@pytest.mark.parametrize(
    "posted",
    [
        contentstate(""),  # <p data-block-key="k0"></p>
        contentstate(" "),
        contentstate("\u00a0"),  # &nbsp;
        contentstate("", "", ""),
        contentstate("\u200b"),
        contentstate("\ufeff\u200c"),
        "null",  # what an editor with nothing in it posts
    ],
)
def test_admin_refuses_blank_question_text(trainer_client, posted):
    data = question_post(make_category(), ANSWERS)
    data["text"] = posted
    response = _post(trainer_client, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["text"] == ["Question text is empty: write the question."]
    assert "Question text is empty: write the question." in response.content.decode()
    assert not Question.objects.exists() and not Choice.objects.exists()


def test_admin_refusal_is_in_khmer_for_a_khmer_trainer(client):
    trainer = make_trainer()
    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = "km"
    profile.save()
    client.force_login(trainer)
    data = question_post(make_category(), ANSWERS)
    data["text"] = contentstate("")
    response = _post(client, data)
    content = response.content.decode()
    with translation.override("km"):
        khmer = str(translation.gettext("Question text is empty: write the question."))
    assert khmer != "Question text is empty: write the question."
    assert khmer in content
    assert "Question text is empty" not in content


def test_admin_accepts_text_and_empties_a_blank_explanation(trainer_client):
    data = question_post(make_category(), ANSWERS)
    data["explanation"] = contentstate(" ")
    response = _post(trainer_client, data)
    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.sources().get()
    assert "Which passport is genuine?" in question.text
    assert question.explanation == ""


def test_a_blank_khmer_translation_falls_back_to_the_english():
    """A translator's blank segment (a lone zero-width space) is not a Khmer
    text: a blank explanation is stored empty, so the snapshot holds none and
    Khmer readers get the English; a blank question text is refused as in
    the bank's own form, and nothing is saved."""
    question = make_question(
        text="<p>Which passport is genuine?</p>", explanation="<p>Because.</p>"
    )
    translate(question, {"explanation": '<p data-block-key="k">\u200b</p>'})
    khmer = question.get_translation(khmer_locale())
    assert khmer.explanation == ""
    assert snapshot_question(question)["explanation_km"] == ""
    with pytest.raises(ValidationError, match="Question text is empty"):
        translate(question, {"text": '<p data-block-key="k">\u200b</p>'})
    khmer.refresh_from_db()
    assert khmer.text == question.text


def test_admin_refuses_an_invisible_answer_naming_its_position(trainer_client):
    data = question_post(
        make_category(), [ANSWERS[0], {"text": "\u200b\u200b", "fraction": "0"}]
    )
    response = _post(trainer_client, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Answer 2 is empty: write the answer" in content
    assert not Question.objects.exists()


def test_a_question_with_only_an_image_is_a_question():
    question = make_question()
    question.text = (
        '<p data-block-key="a"></p>'
        '<embed embedtype="image" id="1" format="fullwidth" alt="A forged stamp"/>'
    )
    question.clean()  # no error: the image is what the officer looks at


def test_model_clean_refuses_blank_text_outside_the_admin():
    question = make_question()
    question.text = '<p data-block-key="x"><br/></p><p>&nbsp;</p>'
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert error.value.message_dict["text"] == [
        "Question text is empty: write the question."
    ]


def test_khmer_readers_get_the_english_when_the_khmer_text_is_blank():
    snapshot = {"text": "<p>Which stamp?</p>", "text_km": '<p data-block-key="k"></p>'}
    assert localized(snapshot, "text", "km") == "<p>Which stamp?</p>"
    snapshot["text_km"] = "<p>ត្រាណា?</p>"
    assert localized(snapshot, "text", "km") == "<p>ត្រាណា?</p>"
    assert localized(snapshot, "text", "en") == "<p>Which stamp?</p>"


# Imports --------------------------------------------------------------------

GIFT = """::Good:: Is a visa needed? {T}

::Blank:: [html]<p data-block-key="x"></p><p>&nbsp;</p>{T}
"""

AIKEN = "\u200b\nA. Yes\nB. No\nANSWER: A\n"

CSV = (
    "type,name,question,answer_1,grade_1,answer_2,grade_2\n"
    "multichoice,Good,Which one?,Right,100,Wrong,0\n"
    "multichoice,Spaces,\u200b \u00a0,Right,100,Wrong,0\n"
)

MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="truefalse">
    <name><text>Good</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Is it true?</p>]]></text>
    </questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
  <question type="truefalse">
    <name><text>Empty paragraph</text></name>
    <questiontext format="html">
      <text><![CDATA[<p dir="ltr"></p>]]></text>
    </questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>
"""


def _blank_text_errors(result):
    return [
        problem
        for problem in result.errors
        if problem.message == "Question text is empty: write the question."
    ]


@pytest.mark.parametrize(
    "data, identifier, title, line",
    [
        (GIFT, "gift", "Blank", 3),
        (AIKEN, "aiken", None, 1),
        (CSV, "csv", "Spaces", 3),
        (MOODLE_XML, "moodlexml", "Empty paragraph", 11),
    ],
)
def test_imports_refuse_blank_question_text_naming_the_question(
    data, identifier, title, line
):
    result = read(data.encode(), identifier, ["Imported"])
    [problem] = _blank_text_errors(result)
    assert problem.line == line
    if title:
        assert problem.question == title
    assert title is None or title in str(problem)
    assert not result.ok


def test_a_refused_import_saves_nothing():
    result = read(GIFT.encode(), "gift", ["Imported"])
    with pytest.raises(Exception):  # noqa: B017,PT011 - the refusal's own type
        save_import(result, target_path=["Imported"])
    assert not Question.objects.exists()


def test_imports_refuse_an_invisible_answer():
    data = (
        "type,name,question,answer_1,grade_1,answer_2,grade_2\n"
        "multichoice,Ghost answer,Which one?,Right,100,\u200b,0\n"
    )
    result = read(data.encode(), "csv", ["Imported"])
    messages = [p.message for p in result.errors]
    assert any(m.startswith("Answer 2 is empty") for m in messages), messages


def test_imported_blank_khmer_text_is_stored_empty():
    data = (
        "type,name,question,question_km,answer_1,grade_1,answer_2,grade_2\n"
        "multichoice,Khmer blank,Which one?,\u200b,Right,100,Wrong,0\n"
    )
    result = read(data.encode(), "csv", ["Imported"])
    assert result.ok, [str(p) for p in result.errors]
    save_import(result, target_path=["Imported"])
    question = Question.objects.get()  # no Khmer translation was made
    snapshot = snapshot_question(question)
    assert snapshot["text_km"] == ""
    with translation.override("km"):
        assert "Which one?" in localized(snapshot, "text", "km")


def test_the_preview_counts_an_empty_khmer_paragraph_as_missing():
    from plugins.quiz.admin.question_preview import missing_khmer

    snapshot = {
        "text_km": '<p data-block-key="k"></p>',
        "explanation": "<p>Because.</p>",
        "explanation_km": "<p>\u200b</p>",
        "choices": [{"text": "Right", "text_km": "\u200b"}],
    }
    assert [str(item) for item in missing_khmer(snapshot)] == [
        "the question text",
        "the explanation",
        "1 answer",
    ]
