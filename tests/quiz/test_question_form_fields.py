"""The question form shows each type's answer fields only, and ignores others.

Each question type declares the answer fields it uses
(``QuestionType.choice_fields``); the admin's answer formset is built from
them, so "Matches" and "Tolerance" never appear on a multiple-choice answer,
and a value posted for them anyway is not stored.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import capfirst
from wagtail.users.models import UserProfile

from plugins.quiz.hooks import question_types
from plugins.quiz.models import Choice, Question
from plugins.quiz.question_types.base import CHOICE_FIELDS
from tests.quiz.admin_helpers import make_trainer, question_post
from tests.quiz.factories import make_category, make_question

pytestmark = pytest.mark.django_db

EXPECTED = {
    "multichoice": {"text", "text_km", "fraction", "feedback", "feedback_km"},
    "multiresponse": {"text", "text_km", "fraction", "feedback", "feedback_km"},
    "shortanswer": {"text", "text_km", "fraction", "feedback", "feedback_km"},
    "numerical": {"text", "fraction", "tolerance", "feedback", "feedback_km"},
    "matching": {"text", "text_km", "match_text", "match_text_km"},
    "truefalse": set(),
    "essay": set(),
}
FORMSET_FIELDS = {"id", "ORDER", "DELETE"}


def form_fields(identifier):
    """The answer fields the bank's form shows: the type's, without the Khmer
    ones, which the question's Khmer translation holds (wagtail-localize)."""
    return {name for name in EXPECTED[identifier] if not name.endswith("_km")}


@pytest.fixture
def trainer_client(client):
    client.force_login(make_trainer())
    return client


def add_url(identifier):
    return reverse("quiz_questions:add_type", args=[identifier])


def test_every_built_in_type_is_covered():
    assert set(question_types.identifiers()) >= set(EXPECTED)
    for identifier, fields in EXPECTED.items():
        assert set(question_types[identifier].answer_fields()) == fields


@pytest.mark.parametrize("identifier", sorted(EXPECTED))
def test_form_has_only_the_types_answer_fields(trainer_client, identifier):
    response = trainer_client.get(add_url(identifier))
    assert response.status_code == 200
    form = response.context["form"]
    content = response.content.decode()
    expected = form_fields(identifier)
    if not expected:
        assert "choices" not in form.formsets
        assert 'name="choices-TOTAL_FORMS"' not in content
        return
    empty = form.formsets["choices"].empty_form
    assert set(empty.fields) - FORMSET_FIELDS == expected
    for name in CHOICE_FIELDS:
        rendered = f"choices-__prefix__-{name}" in content
        assert rendered == (name in expected), (identifier, name)


def test_multiple_choice_answer_rows_show_no_match_or_tolerance(trainer_client):
    content = trainer_client.get(add_url("multichoice")).content.decode()
    assert "Matches" not in content
    assert "Tolerance" not in content
    assert "Grade: 1 is 100% of the mark" in content


def test_matching_rows_are_items_and_matches_without_grades(trainer_client):
    content = trainer_client.get(add_url("matching")).content.decode()
    assert "Item" in content and "Matches" in content
    assert "Tolerance" not in content
    assert "Grade: 1 is 100% of the mark" not in content


def test_labels_are_khmer_for_a_khmer_trainer(client):
    trainer = make_trainer()
    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = "km"
    profile.save()
    client.force_login(trainer)
    for identifier in ("matching", "numerical", "shortanswer", "multichoice"):
        qtype = question_types[identifier]
        content = client.get(add_url(identifier)).content.decode()
        with translation.override("km"):
            labels = [
                str(
                    qtype.choice_field_labels.get(name)
                    or capfirst(Choice._meta.get_field(name).verbose_name)
                )
                for name in form_fields(identifier)
            ]
        for label in labels:
            assert any("\u1780" <= ch <= "\u17ff" for ch in label), label
            assert escape(label) in content, (identifier, label)


def test_posted_values_of_foreign_fields_are_ignored(trainer_client):
    data = question_post(
        make_category(),
        [{"text": "Right", "fraction": "1"}, {"text": "Wrong", "fraction": "0"}],
    )
    data.update(
        {
            "choices-0-match_text": "Smuggled match",
            "choices-0-match_text_km": "ផ្គូផ្គង",
            "choices-0-tolerance": "5",
            "choices-1-tolerance": "not a number",  # not read: no error either
        }
    )
    response = trainer_client.post(add_url("multichoice"), data)
    assert response.status_code == 302, response.context["form"].errors
    rows = list(
        Choice.objects.order_by("sort_order").values_list(
            "text", "match_text", "tolerance"
        )
    )
    assert rows == [("Right", "", None), ("Wrong", "", None)]


def test_editing_ignores_posted_foreign_values_and_keeps_the_version(trainer_client):
    """A value stored in a field the type does not use (before the form showed
    only the type's fields) is neither shown nor changed: the type never
    reads it, so the question keeps its version."""
    question = make_question(
        choices=[
            {"text": "Right", "fraction": Decimal(1), "match_text": "ghost"},
            {"text": "Wrong", "fraction": Decimal(0), "tolerance": Decimal(2)},
        ]
    )
    choices = [
        {"id": c.pk, "text": c.text, "fraction": c.fraction}
        for c in question.choices.order_by("sort_order")
    ]
    url = reverse("quiz_questions:edit", args=[question.pk])
    content = trainer_client.get(url).content.decode()
    assert "ghost" not in content
    data = question_post(
        question.category, choices, title=question.title, text=question.text
    )
    data["choices-0-match_text"] = "posted"
    data["choices-1-tolerance"] = "9"
    response = trainer_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(
        question.choices.order_by("sort_order").values_list("match_text", "tolerance")
    ) == [("ghost", None), ("", Decimal(2))]
    question.refresh_from_db()
    assert question.version == 1


def _rows(*rows):
    return [dict(row) for row in rows]


VALID = {
    "multichoice": (
        _rows({"text": "A", "fraction": "1"}, {"text": "B", "fraction": "0"}),
        {},
    ),
    "multiresponse": (
        _rows(
            {"text": "A", "fraction": "0.5"},
            {"text": "B", "fraction": "0.5"},
            {"text": "C", "fraction": "-0.5"},
        ),
        {},
    ),
    "shortanswer": (_rows({"text": "passport", "fraction": "1"}), {}),
    "numerical": (
        _rows({"text": "30", "fraction": "1", "tolerance": "0.5"}),
        {},
    ),
    "matching": (
        _rows(
            {"text": "Passport", "match_text": "Travel", "fraction": "0"},
            {"text": "Visa", "match_text": "Entry", "fraction": "0"},
        ),
        {},
    ),
    "truefalse": ([], {"option_correct": "True"}),
    "essay": ([], {"option_max_words": "200"}),
}


def _type_post(category, identifier):
    rows, options = VALID[identifier]
    data = question_post(category, rows, title=f"A {identifier} question")
    for index, row in enumerate(rows):
        for name in ("match_text", "tolerance"):
            if name in row:
                data[f"choices-{index}-{name}"] = row[name]
    data.update(options)
    return data


@pytest.mark.parametrize("identifier", sorted(VALID))
def test_each_type_still_saves(trainer_client, identifier):
    response = trainer_client.post(
        add_url(identifier), _type_post(make_category(), identifier)
    )
    assert response.status_code == 302, response.context["form"].errors
    question = Question.objects.get()
    assert question.question_type == identifier
    stored = list(question.choices.order_by("sort_order"))
    assert len(stored) == len(VALID[identifier][0])
    if identifier == "numerical":
        assert stored[0].tolerance == Decimal("0.5")
    if identifier == "matching":
        assert [c.match_text for c in stored] == ["Travel", "Entry"]


@pytest.mark.parametrize("identifier", ["numerical", "matching", "shortanswer"])
def test_each_type_still_validates(trainer_client, identifier):
    data = _type_post(make_category(), identifier)
    if identifier == "numerical":
        data["choices-0-tolerance"] = "-1"
        expected = "Ensure this value is greater than or equal to 0."
    elif identifier == "matching":
        data["choices-1-match_text"] = ""
        expected = "Answer 2 has no match"
    else:
        data["choices-0-fraction"] = "0.5"
        expected = "One accepted answer must have the grade 100%."
    response = trainer_client.post(add_url(identifier), data)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Question.objects.exists()


def test_type_labels_are_translated():
    with translation.override("km"):
        for identifier in ("numerical", "matching", "shortanswer"):
            for label in question_types[identifier].choice_field_labels.values():
                assert any("\u1780" <= ch <= "\u17ff" for ch in str(label)), label


def test_a_type_naming_an_unknown_answer_field_breaks_the_contract():
    from plugins.quiz.question_types.multichoice import MultipleChoice

    class Broken(MultipleChoice):
        identifier = "broken"
        choice_fields = ("text", "colour")

    with pytest.raises(TypeError, match="colour"):
        Broken().check_definition()

    class Unused(MultipleChoice):
        identifier = "unused"
        choice_fields = ("text_km", "fraction")  # "text" is required but absent

    with pytest.raises(TypeError, match="'text'"):
        Unused().check_definition()
