"""Exporting questions in the admin: a category or a quiz, as Moodle XML or GIFT."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from plugins.quiz.hooks import question_types
from plugins.quiz.interchange.formats import FORMATS
from plugins.quiz.interchange.from_bank import category_questions, to_imported
from tests.factories import make_user
from tests.quiz.admin_helpers import make_trainer, permission
from tests.quiz.factories import make_category, make_question, make_quiz

pytestmark = pytest.mark.django_db

EXPORT = reverse("quiz_transfer:export")


def bank():
    """Border (2 questions) > Passports (1) and Visas (1); Customs (1)."""
    border = make_category("Border control")
    passports = make_category("Passports", parent=border)
    visas = make_category("Visas", parent=border)
    customs = make_category("Customs")
    questions = [
        make_question(category=border, title="Genuine passport"),
        make_question(
            "truefalse",
            category=border,
            title="Visa on arrival",
            # As the admin form stores them (normalised by the type).
            options=question_types["truefalse"].clean_definition({"correct": True}, []),
        ),
        make_question(
            category=passports,
            title="Passport pages",
            choices=[("32", 1), ("12", 0), ("-", Decimal("-0.5"))],
        ),
        make_question(category=visas, title="Visa kinds"),
        make_question(category=customs, title="Duty-free limit"),
    ]
    return border, customs, questions


def download(client, **params):
    return client.get(EXPORT, params)


def test_a_category_with_sub_categories_downloads_as_moodle_xml_that_parses_back(
    client, django_assert_max_num_queries
):
    border, _customs, _questions = bank()
    client.force_login(make_trainer())
    # 25, and up to two for the questions' Khmer translations and their
    # choices (``translation.khmer_versions``), whatever the number of questions.
    with django_assert_max_num_queries(27):
        response = download(
            client,
            category=border.pk,
            include_subcategories="on",
            format="moodlexml",
        )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml") or response[
        "Content-Type"
    ].startswith("text/xml")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="border-control-{today}.xml"'
    )
    parsed = FORMATS["moodlexml"].parse(response.content)
    assert parsed.ok, parsed.all_problems
    expected = [to_imported(q, border) for q in category_questions(border)]
    assert parsed.questions == expected
    assert [q.title for q in parsed.questions] == [
        "Genuine passport",
        "Visa on arrival",
        "Passport pages",
        "Visa kinds",
    ]
    assert parsed.questions[2].category_path == ("Passports",)
    event = AuditEvent.objects.get(action="question_export.downloaded")
    assert event.details["questions"] == 4
    assert event.details["format"] == "moodlexml"
    assert event.details["category"] == border.pk
    assert event.target_label == str(border)


def test_without_sub_categories_and_as_gift(client):
    border, _customs, _questions = bank()
    client.force_login(make_trainer())
    response = download(client, category=border.pk, format="gift")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.txt"')
    parsed = FORMATS["gift"].parse(response.content)
    assert [q.title for q in parsed.questions] == [
        "Genuine passport",
        "Visa on arrival",
    ]
    assert parsed.questions == [
        to_imported(q, border)
        for q in category_questions(border, include_subcategories=False)
    ]


def test_a_quiz_the_trainer_may_edit_exports_its_questions(client):
    _border, customs, questions = bank()
    quiz = make_quiz(questions=[questions[4], questions[0]], title="Final check")
    other = make_quiz(questions=[questions[1]], title="Other course quiz")
    trainer = make_trainer(edit_pages=[quiz.get_parent()])
    client.force_login(trainer)

    form = client.get(EXPORT).context["form"]
    assert list(form.fields["quiz"].queryset) == [quiz]
    html = client.get(EXPORT).content.decode()
    assert "› Final check" in html  # labelled with its course
    assert "Other course quiz" not in html

    response = download(client, quiz=quiz.pk, format="moodlexml")
    assert response.status_code == 200
    assert 'filename="final-check-' in response["Content-Disposition"]
    parsed = FORMATS["moodlexml"].parse(response.content)
    assert [q.title for q in parsed.questions] == [
        "Duty-free limit",
        "Genuine passport",
    ]
    assert parsed.questions[0].category_path == ("Customs",)

    # Another course's quiz is refused like any invalid choice: no file.
    response = download(client, quiz=other.pk, format="moodlexml")
    assert response.status_code == 400
    assert response.context["form"].errors["quiz"]
    assert AuditEvent.objects.filter(action="question_export.downloaded").count() == 1


def test_an_admin_sees_every_quiz(client):
    quiz = make_quiz(title="Anyone's quiz")
    client.force_login(make_user("admin"))
    form = client.get(EXPORT).context["form"]
    assert quiz in form.fields["quiz"].queryset


def test_the_form_says_what_is_missing(client):
    border, _customs, _questions = bank()
    quiz = make_quiz()
    client.force_login(make_user("admin"))
    response = download(client, format="gift")
    assert response.status_code == 400
    assert 'href="#id_category"' in response.content.decode()
    response = download(client, category=border.pk, quiz=quiz.pk, format="gift")
    assert "not both" in response.context["form"].errors["quiz"][0]
    response = download(client, category=border.pk, format="aiken")
    assert response.context["form"].errors["format"]
    empty = make_category("Empty")
    response = download(client, category=empty.pk, format="gift")
    assert response.status_code == 400
    assert response.context["form"].errors["category"] == [
        "This category holds no questions."
    ]
    drawing = make_quiz(draws=[(border, 1)])
    response = download(client, quiz=drawing.pk, format="gift")
    assert "export those categories" in response.context["form"].errors["quiz"][0]
    assert not AuditEvent.objects.filter(action="question_export.downloaded").exists()


def viewer():
    """Admin access and ``quiz.view_question`` only."""
    user = make_user("trainer")
    user.groups.clear()
    group = Group.objects.create(name="Bank readers")
    group.permissions.add(
        permission("wagtailadmin", "access_admin"),
        permission("quiz", "view_question"),
    )
    user.groups.add(group)
    return user


def adder():
    """Admin access and ``quiz.add_question`` only: may import, not export."""
    user = make_user("trainer")
    user.groups.clear()
    group = Group.objects.create(name="Bank writers")
    group.permissions.add(
        permission("wagtailadmin", "access_admin"),
        permission("quiz", "add_question"),
    )
    user.groups.add(group)
    return user


@pytest.mark.parametrize(
    "role, may_export, may_import",
    [
        ("anonymous", None, None),
        ("officer", None, None),
        ("staff", False, False),
        ("viewer", True, False),
        ("adder", False, True),
        ("trainer", True, True),
        ("admin", True, True),
    ],
)
def test_permissions_of_export_and_import_pages(client, role, may_export, may_import):
    border, _customs, _questions = bank()
    user = {
        "anonymous": lambda: None,
        "officer": lambda: make_user("officer"),
        "staff": lambda: make_trainer(bank=False),
        "viewer": viewer,
        "adder": adder,
        "trainer": make_trainer,
        "admin": lambda: make_user("admin"),
    }[role]()
    if user is not None:
        client.force_login(user)

    pages = {
        "export": download(client, category=border.pk, format="gift"),
        "import": client.get(reverse("quiz_transfer:import")),
        "index": client.get(reverse("quiz_transfer:index")),
    }
    allowed = {
        "export": may_export,
        "import": may_import,
        "index": None if may_export is None else (may_export or may_import),
    }
    for page, response in pages.items():
        if allowed[page] is None:
            assert response.status_code == 302, page
            assert "login" in response["Location"], page
        elif allowed[page]:
            assert response.status_code == 200, page
        else:
            assert response.status_code == 302, page
            assert response["Location"] == reverse("wagtailadmin_home"), page
    downloads = AuditEvent.objects.filter(action="question_export.downloaded")
    assert downloads.count() == (1 if may_export else 0)
    if may_export:
        assert "attachment" in pages["export"]["Content-Disposition"]
