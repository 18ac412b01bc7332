"""Importing a question file in the admin: upload, preview, confirm once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings
from django.urls import reverse

from audit.models import AuditEvent
from plugins.quiz.admin.import_records import apply_import, check_upload
from plugins.quiz.models import Question, QuestionCategory, QuestionImport
from tests.concurrency import run_many
from tests.courses.conftest import requires_postgresql
from tests.factories import make_user
from tests.quiz.admin_helpers import make_trainer
from tests.quiz.factories import make_category
from tests.quiz.interchange.transfer_helpers import FIXTURES

pytestmark = pytest.mark.django_db

GIFT = Path(FIXTURES) / "questions.gift.txt"
BAD_GRADES = Path(FIXTURES) / "error_invalid_grades.xml"
#: What questions.gift.txt holds (its nine questions).
GIFT_TITLES = [
    "Q8",
    "Moodle activities",
    "Q2",
    "colours",
    "Q5",
    "Shortanswer",
    "Q1",
    "2-08 TSL",
]


def upload(client, path=GIFT, *, category=None, new="Moodle/GIFT", **extra):
    data = {
        "file": SimpleUploadedFile(path.name, path.read_bytes()),
        "format": extra.pop("format", ""),
        "category": str(category.pk) if category else "",
        "new_category": new,
        **extra,
    }
    return client.post(reverse("quiz_transfer:import"), data)


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.fixture
def trainer():
    return make_trainer()


@pytest.fixture
def trainer_client(client, trainer):
    client.force_login(trainer)
    return client


def test_upload_checks_the_file_and_saves_nothing_yet(trainer_client, trainer):
    response = upload(trainer_client)

    record = QuestionImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("quiz_transfer:preview", args=[record.pk])
    assert record.uploaded_by == trainer
    assert record.status == QuestionImport.Status.CHECKED
    assert record.format == "gift"  # guessed from .txt
    assert record.target_path == ["Moodle", "GIFT"]
    assert record.file_name == "questions.gift.txt"
    with record.file.open("rb") as stored:
        assert stored.read() == GIFT.read_bytes()
    assert record.summary["questions"] == 9
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()
    assert AuditEvent.objects.filter(action="question_import.checked").count() == 1


def test_preview_shows_every_question_with_its_type_and_a_confirm_button(
    trainer_client, django_assert_max_num_queries
):
    upload(trainer_client)
    record = QuestionImport.objects.get()
    with django_assert_max_num_queries(20):
        response = trainer_client.get(
            reverse("quiz_transfer:preview", args=[record.pk])
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["questions"]) == 9
    for title in GIFT_TITLES:
        assert title in html
    assert "Matching" in html and "Numerical" in html and "Essay" in html
    assert 'data-type-count="truefalse">3<' in html
    assert 'data-type-count="all">9<' in html
    assert "Moodle / GIFT" in html
    assert "data-confirm-import" in html
    # Answers with their grades, and the warning next to its question.
    assert "50%" in html and "-100%" in html
    assert "Markdown is not converted" in html


def test_confirm_saves_once_and_shows_the_questions(trainer_client):
    upload(trainer_client)
    record = QuestionImport.objects.get()
    confirm = reverse("quiz_transfer:confirm", args=[record.pk])

    response = trainer_client.post(confirm, follow=True)

    category = QuestionCategory.objects.get(name="GIFT", parent__name="Moodle")
    index = reverse("quiz_questions:index") + f"?category={category.pk}"
    assert response.redirect_chain[-1][0] == index
    assert "Imported 9 questions into “Moodle / GIFT”" in messages_of(response)
    assert "True or false: 3" in messages_of(response)
    assert Question.objects.filter(category=category).count() == 9
    record.refresh_from_db()
    assert record.status == QuestionImport.Status.APPLIED
    assert record.applied_at is not None
    assert record.category == category
    assert AuditEvent.objects.filter(action="question_import.applied").count() == 1

    # A double click: the second confirm saves nothing.
    response = trainer_client.post(confirm, follow=True)
    assert "already imported" in messages_of(response)
    assert Question.objects.count() == 9
    assert AuditEvent.objects.filter(action="question_import.applied").count() == 1
    # The preview now says it was imported and offers no confirm.
    html = trainer_client.get(
        reverse("quiz_transfer:preview", args=[record.pk])
    ).content.decode()
    assert "This file was imported on" in html
    assert "data-confirm-import" not in html


def test_another_users_import_is_not_theirs_to_see_or_confirm(client, trainer):
    client.force_login(trainer)
    upload(client)
    record = QuestionImport.objects.get()
    other = make_trainer()
    client.force_login(other)
    assert (
        client.get(reverse("quiz_transfer:preview", args=[record.pk])).status_code
        == 404
    )
    response = client.post(reverse("quiz_transfer:confirm", args=[record.pk]))
    assert response.status_code == 404
    assert not Question.objects.exists()
    record.refresh_from_db()
    assert record.status == QuestionImport.Status.CHECKED

    # A platform admin may confirm it; the questions are theirs as created_by.
    admin = make_user("admin")
    client.force_login(admin)
    client.post(reverse("quiz_transfer:confirm", args=[record.pk]))
    assert Question.objects.count() == 9
    assert set(Question.objects.values_list("created_by", flat=True)) == {admin.pk}


def test_a_file_with_an_invalid_grade_shows_the_error_and_cannot_be_saved(
    trainer_client,
):
    response = upload(trainer_client, BAD_GRADES, new="Moodle/Bad")
    record = QuestionImport.objects.get()
    assert record.format == "moodlexml"
    assert record.status == QuestionImport.Status.REFUSED
    assert AuditEvent.objects.filter(action="question_import.refused").count() == 1

    response = trainer_client.get(response["Location"])
    html = response.content.decode()
    assert "This file cannot be imported" in html
    assert "33%" in html
    assert "line 4" in html
    assert "data-confirm-import" not in html
    assert "Select all prime numbers" in html  # the question is still shown

    response = trainer_client.post(
        reverse("quiz_transfer:confirm", args=[record.pk]), follow=True
    )
    assert not Question.objects.exists()
    assert not QuestionCategory.objects.exists()
    assert "already imported, or refused" in messages_of(response)


def test_a_checked_file_that_the_bank_now_refuses_is_refused_on_confirm(
    trainer_client,
):
    upload(trainer_client, new="Moodle/Passports")
    record = QuestionImport.objects.get()
    moodle = make_category("Moodle")
    make_category("passports", parent=moodle)  # a clash, created meanwhile

    html = trainer_client.get(
        reverse("quiz_transfer:preview", args=[record.pk])
    ).content.decode()
    assert "would clash" in html
    assert "data-confirm-import" not in html

    response = trainer_client.post(
        reverse("quiz_transfer:confirm", args=[record.pk]), follow=True
    )
    assert "Nothing was saved" in messages_of(response)
    assert not Question.objects.exists()
    record.refresh_from_db()
    assert record.status == QuestionImport.Status.REFUSED


def test_an_existing_category_can_be_the_target(trainer_client):
    border = make_category("Border")
    make_category("Passports", parent=border)
    html = trainer_client.get(reverse("quiz_transfer:import")).content.decode()
    assert f'<option value="{border.pk}">Border</option>' in html
    assert ">Border / Passports</option>" in html
    upload(trainer_client, category=border, new="")
    record = QuestionImport.objects.get()
    assert record.target_path == ["Border"]
    assert record.category == border
    trainer_client.post(reverse("quiz_transfer:confirm", args=[record.pk]))
    assert Question.objects.filter(category=border).count() == 9


@override_settings(QUIZ_IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(trainer_client):
    response = upload(trainer_client)
    assert response.status_code == 400
    [error] = response.context["form"].errors["file"]
    assert error.startswith("The file is 1.5\xa0KB; the limit is 1.0\xa0KB.")
    assert 'href="#id_file"' in response.content.decode()
    assert not QuestionImport.objects.exists()


def test_form_errors_are_summarised_and_linked_to_their_fields(trainer_client):
    response = upload(
        trainer_client,
        Path(FIXTURES) / "questions.gift.txt",
        new="",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_category"' in html
    assert "Choose a category, or type a new one below." in html

    nameless = SimpleUploadedFile("bank.dat", b"Question text")
    response = trainer_client.post(
        reverse("quiz_transfer:import"),
        {"file": nameless, "format": "", "category": "", "new_category": "Bank"},
    )
    assert response.status_code == 400
    assert "choose the format" in response.context["form"].errors["format"][0]

    response = upload(trainer_client, new="Bank//Deep")
    assert "empty" in response.context["form"].errors["new_category"][0]
    assert not QuestionImport.objects.exists()


def test_a_long_file_is_previewed_page_by_page_with_its_errors_linked(
    trainer_client, tmp_path, django_assert_max_num_queries
):
    blocks = [
        f"::Q{n}:: Is {n} even? {{{'T' if n % 2 == 0 else 'F'}}}" for n in range(1, 151)
    ]
    blocks[129] = "::Q130:: How many? {#*}"  # not a number: an error
    big = tmp_path / "many.gift.txt"
    big.write_text("\n\n".join(blocks), encoding="utf-8")
    upload(trainer_client, big, new="Many")
    record = QuestionImport.objects.get()
    url = reverse("quiz_transfer:preview", args=[record.pk])

    with django_assert_max_num_queries(20):
        first = trainer_client.get(url)
    assert len(first.context["questions"]) == 100
    links = first.context["error_links"]
    assert links
    assert {link["href"] for link in links} == {"?page=2#question-130"}
    assert 'href="?page=2#question-130"' in first.content.decode()
    second = trainer_client.get(url, {"page": 2})
    html = second.content.decode()
    assert len(second.context["questions"]) == 50
    assert 'id="question-130"' in html
    assert "data-confirm-import" not in html


# Who may do what ------------------------------------------------------------


def import_urls(record):
    return [
        ("get", reverse("quiz_transfer:index")),
        ("get", reverse("quiz_transfer:import")),
        ("get", reverse("quiz_transfer:preview", args=[record.pk])),
        ("post", reverse("quiz_transfer:confirm", args=[record.pk])),
    ]


@pytest.mark.parametrize("role", ["anonymous", "officer", "staff", "trainer", "admin"])
def test_permissions_of_the_import_views(client, role):
    owner = make_user("admin")
    client.force_login(owner)
    upload(client)
    record = QuestionImport.objects.get()
    client.logout()
    user = {
        "anonymous": lambda: None,
        "officer": lambda: make_user("officer"),
        "staff": lambda: make_trainer(bank=False),  # admin access, no bank
        "trainer": make_trainer,
        "admin": lambda: make_user("admin"),
    }[role]()
    if user is not None:
        client.force_login(user)

    for method, url in import_urls(record):
        response = getattr(client, method)(url)
        if role in ("anonymous", "officer"):
            assert response.status_code == 302, url
            assert "login" in response["Location"], url
        elif role == "staff":
            assert response.status_code == 302, url
            assert response["Location"] == reverse("wagtailadmin_home"), url
        elif role == "trainer" and "/import/" in url and url.count("/") > 4:
            # Another user's import: not found.
            assert response.status_code == 404, url
        elif method == "post":
            assert response.status_code == 302, url
        else:
            assert response.status_code == 200, url
    expected = 9 if role == "admin" else 0
    assert Question.objects.count() == expected


def test_the_menu_item_shows_to_those_who_may_import_or_export(client):
    client.force_login(make_trainer())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("quiz_transfer:index") in html
    client.force_login(make_trainer(bank=False))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("quiz_transfer:index") not in html


# Confirming at the same moment ---------------------------------------------


@requires_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_ten_concurrent_confirms_import_once():
    """Ten tabs confirm at once (PostgreSQL: real concurrent transactions)."""
    trainer = make_trainer()
    factory = RequestFactory()

    def request():
        made = factory.post("/")
        made.user = trainer
        return made

    gift = SimpleUploadedFile(GIFT.name, GIFT.read_bytes())
    record = check_upload(gift, "gift", ("Moodle", "Race"), request=request())

    def confirm(_index):
        fresh = QuestionImport.objects.get(pk=record.pk)
        return apply_import(fresh, request=request())[0]

    outcomes = run_many(confirm, 10)
    assert sorted(outcomes) == ["already"] * 9 + ["applied"]
    assert Question.objects.count() == 9
    assert AuditEvent.objects.filter(action="question_import.applied").count() == 1
