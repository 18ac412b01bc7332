"""Translating bank questions in wagtail-localize's editor, and who may.

A question's Khmer version opens in wagtail-localize's segment editor (its
snippet edit view), with PO download and upload and "sync from source". Only
users who may change the question in the bank may use any of it: officers,
reviewers and trainers of another course are refused; the course's trainer,
a lead trainer and an admin are let in (``plugins.quiz.admin.translating``).
"""

from __future__ import annotations

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation

from plugins.quiz.models import Question
from plugins.quiz.translation import khmer_locale, translate
from tests.factories import make_user
from tests.quiz.course_scope_world import build_world

pytestmark = pytest.mark.django_db

ALLOWED = ("trainer_a", "lead", "admin")
REFUSED = ("officer", "reviewer", "trainer_b")
KHMER_TEXT = "<p>សំណួរ ក</p>"


@pytest.fixture
def world():
    world = build_world()
    world.users["trainer_b"] = make_user("trainer", trains=[world.courses["b"]])
    # Used only by course A's quiz: course A's to change, and to translate.
    world.question = world.fixed["a"]
    world.khmer = translate(world.question, {"text": KHMER_TEXT})
    world.translation = Translation.objects.get(
        source__object_id=world.question.translation_key,
        target_locale=khmer_locale(),
    )
    return world


def login(client, world, role):
    client.force_login(world.users[role])
    return client


def refused(response) -> bool:
    """403; Wagtail's redirect to the dashboard (its answer to a refused
    permission in its own views); or, without admin access at all, to login."""
    if response.status_code == 403:
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return "login" in location or location == reverse("wagtailadmin_home")


def editor_url(world):
    return reverse("wagtailsnippets_quiz_question:edit", args=[world.khmer.pk])


def upload(client, world, text):
    """Download the translation's PO file, translate its question text as
    ``text`` and upload it; returns the upload's response (or the refused
    download's)."""
    response = client.get(
        reverse("wagtail_localize:download_pofile", args=[world.translation.pk])
    )
    if response.status_code != 200:
        return response
    po = polib.pofile(response.content.decode())
    for entry in po:
        if entry.msgctxt == "text":
            entry.msgstr = text
    return client.post(
        reverse("wagtail_localize:upload_pofile", args=[world.translation.pk]),
        {"file": SimpleUploadedFile("q.po", str(po).encode(), "text/x-gettext")},
    )


def uploaded_text(world):
    return set(
        StringTranslation.objects.filter(
            locale=khmer_locale(), context__path="text"
        ).values_list("data", flat=True)
    )


@pytest.mark.parametrize("role", ALLOWED)
def test_those_who_may_change_the_question_get_the_editor(client, world, role):
    response = login(client, world, role).get(editor_url(world))
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [
        t.name for t in response.templates
    ]


@pytest.mark.parametrize("role", REFUSED)
def test_others_are_refused_the_editor(client, world, role):
    response = login(client, world, role).get(editor_url(world))
    assert refused(response), response.status_code
    response = client.post(editor_url(world), {"action": "publish"})
    assert refused(response)


@pytest.mark.parametrize("role", ALLOWED)
def test_those_who_may_change_it_upload_a_po_file(client, world, role):
    response = upload(login(client, world, role), world, "សំណួរ ខ")
    assert response.status_code == 302, response.content[:300]
    assert "សំណួរ ខ" in uploaded_text(world)


@pytest.mark.parametrize("role", REFUSED)
def test_others_cannot_upload_a_po_file(client, world, role):
    login(client, world, role)
    response = upload(client, world, "សំណួរ ខ")
    assert refused(response)
    # Not even with a file made elsewhere.
    po = polib.POFile()
    po.metadata = {"X-WagtailLocalize-TranslationID": str(world.translation.uuid)}
    po.append(
        polib.POEntry(msgctxt="text", msgid="Which document is genuine?", msgstr="x")
    )
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[world.translation.pk]),
        {"file": SimpleUploadedFile("q.po", str(po).encode(), "text/x-gettext")},
    )
    assert refused(response)
    assert uploaded_text(world) == {"សំណួរ ក"}


def test_trainer_of_another_course_is_refused_every_translation_url(client, world):
    login(client, world, "trainer_b")
    segment = world.translation.source.stringsegment_set.get(context__path="text")
    translation_pk = world.translation.pk
    urls = [
        (
            "put",
            reverse(
                "wagtail_localize:edit_string_translation",
                args=[translation_pk, segment.pk],
            ),
        ),
        ("post", reverse("wagtail_localize:stop_translation", args=[translation_pk])),
        ("post", reverse("wagtail_localize:machine_translate", args=[translation_pk])),
        ("get", reverse("wagtail_localize:preview_translation", args=[translation_pk])),
        (
            "post",
            reverse(
                "wagtail_localize:update_translations",
                args=[world.translation.source.pk],
            ),
        ),
        (
            "post",
            reverse(
                "wagtail_localize:submit_snippet_translation",
                args=["quiz", "question", world.question.pk],
            ),
        ),
        (
            "post",
            reverse("wagtailsnippets_quiz_question:delete", args=[world.khmer.pk]),
        ),
        (
            "get",
            reverse("wagtailsnippets_quiz_question:history", args=[world.khmer.pk]),
        ),
    ]
    for method, url in urls:
        response = getattr(client, method)(
            url, {"value": "x"} if method == "post" else {}
        )
        assert refused(response), (url, response.status_code)
    assert Translation.objects.get(pk=translation_pk).enabled
    assert Question.objects.filter(pk=world.khmer.pk).exists()
    assert uploaded_text(world) == {"សំណួរ ក"}


def test_the_course_trainer_saves_a_segment_and_publishes(client, world):
    login(client, world, "trainer_a")
    segment = world.translation.source.stringsegment_set.get(context__path="text")
    url = reverse(
        "wagtail_localize:edit_string_translation",
        args=[world.translation.pk, segment.pk],
    )
    response = client.put(
        url, "value=សំណួរ គ", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200, response.content[:300]
    response = client.post(editor_url(world), {"action": "publish"})
    assert response.status_code == 302
    world.khmer.refresh_from_db()
    assert world.khmer.text == "<p>សំណួរ គ</p>"


def test_a_question_no_quiz_uses_is_any_bank_authors_to_translate(client, world):
    unused = translate(world.fixed["none"], {"text": "<p>មិនប្រើ</p>"})
    url = reverse("wagtailsnippets_quiz_question:edit", args=[unused.pk])
    assert login(client, world, "trainer_b").get(url).status_code == 200
    assert refused(login(client, world, "officer").get(url))


def test_source_rows_are_edited_in_the_bank(client, world):
    login(client, world, "trainer_a")
    url = reverse("wagtailsnippets_quiz_question:edit", args=[world.question.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "quiz_questions:edit", args=[world.question.pk]
    )
    assert client.get(reverse("wagtailsnippets_quiz_question:add")).status_code == 404
    response = client.get(reverse("wagtailsnippets_quiz_question:list"))
    assert response["Location"] == reverse("quiz_questions:index")


def test_the_bank_links_to_the_khmer_version(client, world):
    login(client, world, "trainer_a")
    html = client.get(reverse("quiz_questions:index")).content.decode()
    assert f'href="{editor_url(world)}"' in html
    assert "Khmer: " in html
    untranslated = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["quiz", "question", world.drawn["a"].pk],
    )
    assert f'href="{untranslated}"' in html and "Translate into Khmer" in html
    html = client.get(
        reverse("quiz_questions:edit", args=[world.question.pk])
    ).content.decode()
    assert editor_url(world) in html
    # Trainer of course B sees no link to the question of course A (it is not
    # theirs to see at all) and none to a shared question they may not change.
    login(client, world, "trainer_b")
    html = client.get(reverse("quiz_questions:index")).content.decode()
    assert editor_url(world) not in html
    shared = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["quiz", "question", world.fixed["ab"].pk],
    )
    assert shared not in html


def test_translate_into_khmer_from_the_bank(client, world):
    """wagtail-localize's submit view makes the Khmer version and opens it."""
    login(client, world, "trainer_a")
    question = world.drawn["a"]
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["quiz", "question", question.pk],
    )
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [khmer_locale().pk]})
    assert response.status_code == 302
    khmer = question.get_translation(khmer_locale())
    assert response["Location"] == reverse(
        "wagtailsnippets_quiz_question:edit", args=[khmer.pk]
    )
    assert khmer.choices.count() == question.choices.count()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("trainer_a", True), ("lead", True), ("trainer_b", False), ("officer", False)],
)
def test_a_drawn_categorys_name_is_translated_by_its_courses_trainers(
    client, world, role, allowed
):
    category = world.categories["a"]  # course A's quiz draws from it
    khmer = translate(category, {"name": "ចាប់ឆ្នោត ក"})
    url = reverse("wagtailsnippets_quiz_questioncategory:edit", args=[khmer.pk])
    response = login(client, world, role).get(url)
    if allowed:
        assert response.status_code == 200
    else:
        assert refused(response)


def test_the_banks_own_views_refuse_a_khmer_version(client, world):
    login(client, world, "admin")
    for name in ("edit", "delete", "preview", "statistics"):
        url = reverse(f"quiz_questions:{name}", args=[world.khmer.pk])
        assert client.get(url).status_code == 404, name
