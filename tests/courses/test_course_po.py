"""A course as one PO file: export, translate, import, and the status goes to
complete (``courses.translation_po``, its admin view and commands)."""

from __future__ import annotations

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from courses.models import CoursePage, LessonPage
from courses.translation_po import (
    MAX_PO_BYTES,
    PORefused,
    export_course_po,
    import_course_po,
    read_po,
    tag_problem,
)
from courses.translation_status import course_translation_status, segment_status
from tests import factories
from tests.courses.test_translation_status import (
    build_course,
    edit_paragraph,
    khmer,
    khmer_text,
    start_khmer,
    translate_all,
)

pytestmark = pytest.mark.django_db


def fill(po, translate=khmer_text):
    for entry in po:
        entry.msgstr = translate(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    return po


def reparse(po) -> polib.POFile:
    """The file as a translator's tool writes it back (line numbers included)."""
    return read_po(str(po).encode("utf-8"))


def khmer_version(page):
    return Page.objects.get(
        translation_key=page.translation_key, locale=khmer()
    ).specific


def entry_for(po, obj, path):
    return po.find(f"{obj.translation_key}:{path}", by="msgctxt")


# Export ---------------------------------------------------------------------


def test_export_lists_the_course_in_outline_order():
    course = build_course(modules=2, lessons=1)
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()

    po = export_course_po(course, "km")

    assert po.metadata["Language"] == "km"
    assert po.metadata["X-Course"] == str(course.translation_key)
    assert "Identifying victims" in po.metadata["Project-Id-Version"]
    titles = [e.msgid for e in po if e.msgctxt.endswith(":title")]
    assert titles == [
        "Identifying victims",
        "Module 1",
        "Lesson 1.1",
        "Module 2",
        "Lesson 2.1",
    ]
    paragraph = entry_for(po, lesson, f"body.{lesson.body[1].id}")
    assert paragraph.msgid == "Check the <b>passport</b> of 1.1."
    assert paragraph.msgstr == ""
    assert paragraph.comment.startswith("lesson “Lesson 1.1” › Body")
    assert all(entry.msgctxt.count(":") == 1 for entry in po)
    # Nothing was submitted for translation by exporting.
    assert not TranslationSource.objects.exists()


def test_export_carries_translations_and_marks_changed_text_fuzzy():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()
    start_khmer(course, lesson.get_parent(), lesson)
    translate_all(lesson)
    lesson = edit_paragraph(lesson, 0, "<p>Lesson 1.1 now opens differently.</p>")

    po = export_course_po(course, "km")

    title = entry_for(po, lesson, "title")
    assert title.msgstr == khmer_text("Lesson 1.1") and not title.fuzzy
    changed = entry_for(po, lesson, f"body.{lesson.body[0].id}")
    assert changed.msgid == "Lesson 1.1 now opens differently."
    assert changed.fuzzy
    assert changed.previous_msgid == "Lesson 1.1 opens here."
    assert changed.msgstr == khmer_text("Lesson 1.1 opens here.")
    assert "#, fuzzy" in str(po) and '#| msgid "Lesson 1.1 opens here."' in str(po)


# Round trip -----------------------------------------------------------------


def test_export_translate_import_makes_the_course_complete():
    course = build_course(modules=2, lessons=2)
    trainer = factories.make_user("trainer", trains=[course])
    assert course_translation_status(course, "km").label == "not started"

    report = import_course_po(
        course, "km", reparse(fill(export_course_po(course, "km"))), user=trainer
    )

    assert report.problems == []
    assert report.written == len(export_course_po(course, "km"))
    assert len(report.created) == 7 and report.published == []
    assert len(report.drafts) == 7  # a trainer may not publish: drafts for review
    status = course_translation_status(course, "km")
    assert status.complete and status.percent == 100
    khmer_course = khmer_version(course)
    assert khmer_course.title == khmer_text("Identifying victims")
    assert not khmer_course.live
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    khmer_lesson = khmer_version(lesson)
    assert khmer_lesson.get_parent().specific == khmer_version(lesson.get_parent())
    assert str(khmer_lesson.body[1].value) == (
        "<p>ខ្មែរ Check the <b>passport</b> of 1.1.</p>"
    )

    # The same file again changes nothing.
    again = import_course_po(
        course, "km", reparse(fill(export_course_po(course, "km"))), user=trainer
    )
    assert again.written == 0 and again.unchanged == report.written


def test_import_publishes_when_asked_by_someone_who_may(
    django_capture_on_commit_callbacks,
):
    course = build_course()
    admin = factories.make_user("admin")

    with django_capture_on_commit_callbacks(execute=True):
        report = import_course_po(
            course,
            "km",
            reparse(fill(export_course_po(course, "km"))),
            user=admin,
            publish=True,
        )

    assert len(report.published) == 3
    assert khmer_version(course).live
    assert khmer_version(LessonPage.objects.descendant_of(course).first()).live


def test_a_trainer_asking_to_publish_gets_drafts(django_capture_on_commit_callbacks):
    course = build_course()
    trainer = factories.make_user("trainer", trains=[course])

    with django_capture_on_commit_callbacks(execute=True):
        report = import_course_po(
            course,
            "km",
            reparse(fill(export_course_po(course, "km"))),
            user=trainer,
            publish=True,
        )

    assert report.published == [] and len(report.drafts) == 3
    assert not khmer_version(course).live


def test_a_changed_paragraph_is_outdated_until_its_new_text_is_imported():
    course = build_course()
    import_course_po(course, "km", reparse(fill(export_course_po(course, "km"))))
    lesson = LessonPage.objects.descendant_of(course).first()
    first = f"body.{lesson.body[0].id}"
    lesson = edit_paragraph(lesson, 0, "<p>Lesson 1.1 now opens differently.</p>")
    TranslationSource.objects.get_for_instance(lesson).update_from_db()

    status = segment_status(lesson, "km")
    assert status.outdated_paths == {first}
    (changed,) = status.outdated_segments
    assert changed.source_text == "Lesson 1.1 now opens differently."
    assert changed.old_translation == khmer_text("Lesson 1.1 opens here.")

    # Still fuzzy in the file: skipped.
    po = reparse(export_course_po(course, "km"))
    report = import_course_po(course, "km", po)
    assert report.fuzzy == 1 and report.written == 0
    assert segment_status(lesson, "km").outdated == 1

    # The translator updates it and removes the flag.
    report = import_course_po(course, "km", reparse(fill(po)))
    assert report.written == 1
    assert course_translation_status(course, "km").complete
    assert khmer_text("Lesson 1.1 now opens differently.") in str(
        khmer_version(lesson).get_latest_revision_as_object().body[0].value
    )


def test_import_syncs_a_source_changed_since_the_last_sync():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()
    start_khmer(course, lesson.get_parent(), lesson)
    lesson = edit_paragraph(lesson, 0, "<p>New opening.</p>")
    assert segment_status(lesson, "km").source_changed

    report = import_course_po(
        course, "km", reparse(fill(export_course_po(course, "km")))
    )

    assert report.problems == []
    status = segment_status(LessonPage.objects.get(pk=lesson.pk), "km")
    assert not status.source_changed and status.complete


def test_an_entry_without_msgctxt_matches_every_segment_with_its_text():
    course = build_course(modules=2, lessons=1)
    for module in factories.modules_of(course):
        # Both modules share a summary.
        module.summary = "Read every lesson."
        module.save_revision().publish()
    po = polib.POFile()
    po.metadata = {"Language": "km"}
    po.append(polib.POEntry(msgid="Read every lesson.", msgstr="អានមេរៀនទាំងអស់។"))

    report = import_course_po(course, "km", reparse(po))

    assert report.written == 2 and report.problems == []
    for module in factories.modules_of(course):
        assert "summary" not in segment_status(module, "km").untranslated_paths


# Import errors --------------------------------------------------------------


def test_changed_and_invalid_entries_are_refused_with_their_line():
    course = build_course()
    lesson = LessonPage.objects.descendant_of(course).first()
    po = reparse(fill(export_course_po(course, "km")))
    edit_paragraph(lesson, 0, "<p>Changed after the export.</p>")
    bold = entry_for(po, lesson, f"body.{lesson.body[1].id}")
    bold.msgstr = "ពិនិត្យលិខិតឆ្លងដែន"  # lost the <b>
    po = reparse(po)
    changed_line = entry_for(po, lesson, f"body.{lesson.body[0].id}").linenum
    bold_line = entry_for(po, lesson, f"body.{lesson.body[1].id}").linenum

    report = import_course_po(course, "km", po)

    messages = {problem.line: str(problem) for problem in report.problems}
    assert set(messages) == {changed_line, bold_line}
    assert "changed in the course since export; export again" in messages[changed_line]
    assert f"line {changed_line}:" in messages[changed_line]
    assert "missing <b>" in messages[bold_line]
    # The other entries are in.
    assert report.written == len(po) - 2
    # The lesson's title is in; its two paragraphs are not.
    assert segment_status(lesson, "km").translated == 1


@pytest.mark.parametrize(
    "source, translation, problem",
    [
        ("Check the <b>passport</b>.", "ពិនិត្យ <b>លិខិត</b>។", None),
        ("Check the <b>passport</b>.", "ពិនិត្យ <b>លិខិត។", "<b> is not closed"),
        ("Check the <b>passport</b>.", "ពិនិត្យ <i>លិខិត</i>។", "missing <b>"),
        ('See <a id="a1">the law</a>.', 'មើល <a id="a2">ច្បាប់</a>។', "a2"),
        ("Plain.", "<p>ធម្មតា</p>", "<p> tag is not allowed"),
    ],
)
def test_tag_checks(source, translation, problem):
    found = tag_problem(source, translation)
    if problem is None:
        assert found is None
    else:
        assert problem in found


def test_a_file_for_another_language_or_course_saves_nothing():
    course = build_course(title="Identifying victims")
    other = build_course(title="Customs basics")
    theirs = reparse(fill(export_course_po(other, "km")))
    with pytest.raises(PORefused, match="another course"):
        import_course_po(course, "km", theirs)

    french = reparse(fill(export_course_po(course, "km")))
    french.metadata["Language"] = "fr"
    with pytest.raises(PORefused, match="“fr”"):
        import_course_po(course, "km", french)

    no_language = reparse(fill(export_course_po(course, "km")))
    del no_language.metadata["Language"]
    with pytest.raises(PORefused, match="Language header"):
        import_course_po(course, "km", no_language)

    assert not TranslationSource.objects.exists()
    assert not CoursePage.objects.filter(locale=khmer()).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ('msgid "a"\nmsgstr "b"\n'.encode("utf-16"), "binary"),
        (b'msgid "caf\xe9"\nmsgstr ""\n', "not UTF-8"),
        (b"/etc/passwd", "no msgid"),
        (b"hello\nworld\n", "no msgid"),
        (b'msgid "a"\nmsgstr "b"\nfoo bar\n', "syntax error at line 3"),
        (b"#" * (MAX_PO_BYTES + 1), "too large"),
    ],
)
def test_read_po_refuses_what_is_not_a_po_file(data, message):
    with pytest.raises(PORefused, match=message):
        read_po(data)


# Commands -------------------------------------------------------------------


def test_the_commands_export_and_import(tmp_path, django_capture_on_commit_callbacks):
    course = build_course()
    path = tmp_path / "course.km.po"

    call_command(
        "export_course_po", str(course.pk), "--language", "km", "-o", str(path)
    )
    po = fill(polib.pofile(str(path)))
    po.save(str(path))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_course_po", str(course.pk), str(path), "--publish")

    assert course_translation_status(course, "km").complete
    assert khmer_version(course).live


def test_the_import_command_reports_a_refused_file(tmp_path):
    from django.core.management.base import CommandError

    course = build_course()
    path = tmp_path / "not.po"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(CommandError, match="binary"):
        call_command("import_course_po", str(course.pk), str(path))


# The admin views ------------------------------------------------------------


def po_upload(po, name="course.km.po"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, str(po).encode("utf-8"), "text/x-gettext")


def test_download_translate_upload_through_the_admin(client):
    course = build_course()
    client.force_login(factories.make_user("trainer", trains=[course]))

    response = client.get(
        reverse("courses_translations_export", args=[course.pk, "km"])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.km.po"')
    po = fill(read_po(response.content))

    response = client.post(
        reverse("courses_translations_import", args=[course.pk, "km"]),
        {"file": po_upload(po), "publish": "on"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{len(po)} translations written" in html
    assert "3 pages saved as drafts for review" in html  # a trainer: no publishing
    assert "The translation is complete." in html
    assert course_translation_status(course, "km").complete


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\x01\x02binary", "binary data"),
        (b"just some text\nwithout entries\n", "no msgid entries"),
    ],
)
def test_a_bad_upload_says_why_and_saves_nothing(client, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    course = build_course()
    client.force_login(factories.make_user("lead_trainer"))

    response = client.post(
        reverse("courses_translations_import", args=[course.pk, "km"]),
        {"file": SimpleUploadedFile("x.po", content)},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TranslationSource.objects.exists()


def test_a_huge_upload_is_refused_unread(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    course = build_course()
    client.force_login(factories.make_user("lead_trainer"))
    big = SimpleUploadedFile("big.po", b"#" * (MAX_PO_BYTES + 1))

    response = client.post(
        reverse("courses_translations_import", args=[course.pk, "km"]),
        {"file": big},
    )

    assert "too large" in response.content.decode()


def test_another_courses_file_is_refused_in_the_users_language(client):
    from wagtail.users.models import UserProfile

    course = build_course(title="Identifying victims")
    other = build_course(title="Customs basics")
    lead = factories.make_user("lead_trainer")
    profile = UserProfile.get_for_user(lead)
    profile.preferred_language = "km"
    profile.save()
    client.force_login(lead)

    response = client.post(
        reverse("courses_translations_import", args=[course.pk, "km"]),
        {"file": po_upload(fill(export_course_po(other, "km")))},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="km"' in html  # the message is in the user's language
    assert "Customs basics" in html  # and names the file's course
    assert not CoursePage.objects.filter(locale=khmer()).exists()


# Who may --------------------------------------------------------------------

ALLOWED = {"trainer_x": True, "lead": True, "admin": True}
ROLE_NAMES = {"lead": "lead_trainer"}


@pytest.mark.parametrize(
    "role", ["trainer_x", "trainer_y", "lead", "officer", "reviewer", "admin", None]
)
def test_who_may_see_export_import_and_sync(client, role):
    from tests.courses.test_page_access import refused

    course = build_course()
    trainers = {
        "trainer_x": [course],
        "trainer_y": [build_course(title="Border risk")],
    }
    if role in trainers:
        client.force_login(factories.make_user("trainer", trains=trainers[role]))
    elif role == "reviewer":
        organisation = factories.make_organisation()
        client.force_login(factories.make_user(role, organisation=organisation))
    elif role:
        client.force_login(factories.make_user(ROLE_NAMES.get(role, role)))
    urls = {
        "status": (client.get, reverse("courses_translations", args=[course.pk])),
        "export": (
            client.get,
            reverse("courses_translations_export", args=[course.pk, "km"]),
        ),
        "import": (
            client.post,
            reverse("courses_translations_import", args=[course.pk, "km"]),
        ),
        "sync": (
            client.post,
            reverse("courses_translations_sync", args=[course.pk, "km"]),
        ),
    }
    for name, (method, url) in urls.items():
        response = method(url)
        if ALLOWED.get(role):
            assert response.status_code in {200, 302}, name
            assert not refused(response), name
        else:
            assert refused(response), (name, response.status_code)
            if role is None:
                assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not TranslationSource.objects.exists()


def test_a_version_made_by_hand_is_not_overwritten():
    course = build_course()
    by_hand = course.copy_for_translation(khmer(), copy_parents=True)
    by_hand.title = "វគ្គសិក្សាសរសេរដោយដៃ"
    by_hand.save()

    report = import_course_po(
        course, "km", reparse(fill(export_course_po(course, "km")))
    )

    assert any("translated by hand" in str(p) for p in report.problems)
    assert khmer_version(course).title == "វគ្គសិក្សាសរសេរដោយដៃ"
    # The module and lesson, made by the import, are in.
    assert len(report.created) == 2


def test_a_block_of_several_paragraphs_imports_and_counts_each_one():
    # One rich-text block gives several strings in one context: each is its
    # own entry, imported and counted; an untranslated one is "to translate",
    # not "changed" because its neighbours are translated.
    course = build_course(modules=1, lessons=1)
    lesson = LessonPage.objects.descendant_of(course).get()
    lesson.body = [("text", "<p>First paragraph.</p><p>Second one.</p><p>Third.</p>")]
    lesson.save_revision().publish()
    po = export_course_po(course, "km")
    texts = {"First paragraph.", "Second one.", "Third."}
    in_block = [e for e in po if e.msgid in texts]
    assert len(in_block) == 3 and len({e.msgctxt for e in in_block}) == 1

    fill(po, lambda text: "" if text == "Third." else khmer_text(text))
    report = import_course_po(course, "km", reparse(po), publish=True)

    assert report.problems == []
    status = segment_status(lesson, "km")
    assert status.outdated == 0
    assert status.total - status.translated == 1
    body = str(khmer_version(lesson).body[0].value)
    assert khmer_text("First paragraph.") in body
    assert khmer_text("Second one.") in body
    assert "Third." in body
