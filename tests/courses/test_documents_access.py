"""Who may download a document: the serve view's permission check, by role,
by where the document is used, and byte ranges for video."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from courses.enrolment import enrol
from courses.models import LessonPage, ModulePage
from tests import factories
from tests.courses.documents_helpers import WEBVTT, make_document

pytestmark = pytest.mark.django_db

VIDEO_BYTES = bytes(range(256)) * 40  # 10 240 bytes, each position knowable


def use_in_lesson(lesson, *blocks, publish=True):
    lesson.body = list(blocks)
    revision = lesson.save_revision()
    if publish:
        revision.publish()
    return lesson


def document_block(document):
    return ("document", {"document": document, "description": ""})


def media_block(video, captions):
    return (
        "media",
        {
            "file": video,
            "kind": "video",
            "caption": "Interview",
            "captions": [{"file": captions, "language": "en"}],
            "transcript": "",
        },
    )


@pytest.fixture
def lesson(course):
    return factories.lessons_of(course)[0]


@pytest.fixture
def handout(lesson):
    document = make_document("handout.pdf", b"%PDF-1.4 handout")
    use_in_lesson(lesson, document_block(document))
    return document


@pytest.fixture
def people(course):
    lead = factories.make_user("trainer")
    lead.groups.set([Group.objects.get(name="Lead trainers")])
    return {
        "anonymous": None,
        "enrolled officer": enrol(factories.make_user("officer"), course)[0].user,
        "officer not enrolled": factories.make_user("officer"),
        "trainer of this course": factories.make_user("trainer", trains=[course]),
        "trainer of another course": factories.make_user(
            "trainer", trains=[factories.make_course(modules=1, lessons=1)]
        ),
        "lead trainer": lead,
        "reviewer": factories.make_user("reviewer"),
        "admin": factories.make_user("admin"),
    }


def fetch(client, user, document, **headers):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(document.url, **headers)


def outcome(response) -> str:
    if response.status_code == 200:
        return "file"
    if response.status_code == 302:
        login = reverse(settings.LOGIN_URL)
        return "sign in" if response["Location"].startswith(login) else "redirect"
    return str(response.status_code)


# Who gets a document used on a live lesson of the course.
EXPECTED = {
    "anonymous": "sign in",
    "enrolled officer": "file",
    "officer not enrolled": "403",
    # Trainers and lead trainers hold "choose" on the document collection.
    "trainer of this course": "file",
    "trainer of another course": "file",
    "lead trainer": "file",
    "reviewer": "403",
    "admin": "file",
}


def test_documents_link_to_the_serve_view_never_to_the_media_storage(handout):
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    assert handout.url == reverse(
        "wagtaildocs_serve", args=[handout.pk, handout.filename]
    )
    assert not handout.url.startswith(settings.MEDIA_URL)


@pytest.mark.parametrize("role", EXPECTED)
def test_a_document_on_a_live_lesson(client, people, handout, role):
    response = fetch(client, people[role], handout)

    assert outcome(response) == EXPECTED[role], role
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == b"%PDF-1.4 handout"
    if role == "anonymous":
        assert response["Location"].endswith("?next=" + handout.url)


@pytest.mark.parametrize("role", EXPECTED)
def test_a_document_used_in_no_course_is_for_the_document_library_only(
    client, people, role
):
    loose = make_document("loose.pdf", b"%PDF loose")
    expected = "403" if EXPECTED[role] == "file" else EXPECTED[role]
    if role in {"trainer of this course", "trainer of another course"}:
        expected = "file"
    if role in {"lead trainer", "admin"}:
        expected = "file"

    assert outcome(fetch(client, people[role], loose)) == expected, role


def test_a_document_only_on_a_draft_lesson_is_not_for_officers(client, people, course):
    module = factories.modules_of(course)[0]
    draft = module.add_child(
        instance=LessonPage(title="Draft lesson", slug="draft-lesson", live=False)
    )
    secret = make_document("draft.pdf", b"%PDF draft")
    use_in_lesson(draft, document_block(secret), publish=False)
    draft.refresh_from_db()
    assert not draft.live

    assert outcome(fetch(client, people["enrolled officer"], secret)) == "403"
    assert outcome(fetch(client, people["trainer of this course"], secret)) == "file"


def test_a_document_added_in_a_draft_of_a_live_lesson_waits_for_publishing(
    client, people, lesson, handout
):
    newer = make_document("newer.pdf", b"%PDF newer")
    use_in_lesson(lesson, document_block(handout), document_block(newer), publish=False)
    officer = people["enrolled officer"]

    assert outcome(fetch(client, officer, newer)) == "403"
    assert outcome(fetch(client, officer, handout)) == "file"  # still live

    lesson.refresh_from_db()
    lesson.get_latest_revision().publish()

    assert outcome(fetch(client, officer, newer)) == "file"


def test_unpublishing_the_lesson_withdraws_its_documents(
    client, people, lesson, handout
):
    lesson.unpublish()

    assert outcome(fetch(client, people["enrolled officer"], handout)) == "403"


def test_a_document_linked_from_rich_text_counts_as_used(client, people, lesson):
    linked = make_document("linked.pdf", b"%PDF linked")
    use_in_lesson(
        lesson,
        ("text", f'<p>Read <a linktype="document" id="{linked.pk}">this</a>.</p>'),
    )

    assert outcome(fetch(client, people["enrolled officer"], linked)) == "file"
    assert outcome(fetch(client, people["officer not enrolled"], linked)) == "403"


def test_caption_tracks_are_served_to_enrolled_officers(client, people, lesson):
    video = make_document("interview.mp4", VIDEO_BYTES)
    captions = make_document("interview.vtt", WEBVTT)
    use_in_lesson(lesson, media_block(video, captions))

    response = fetch(client, people["enrolled officer"], captions)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vtt")
    assert outcome(fetch(client, people["enrolled officer"], video)) == "file"
    assert outcome(fetch(client, people["officer not enrolled"], captions)) == "403"
    assert outcome(fetch(client, people["anonymous"], captions)) == "sign in"


def test_an_officer_enrolled_in_another_course_gets_nothing(client, lesson, handout):
    elsewhere = enrol(
        factories.make_user("officer"), factories.make_course(modules=1, lessons=1)
    )[0].user

    assert outcome(fetch(client, elsewhere, handout)) == "403"


def test_the_khmer_version_of_a_lesson_serves_officers_of_the_course(
    client, people, course, lesson
):
    khmer = Locale.objects.get(language_code="km")
    module_km = factories.modules_of(course)[0].copy_for_translation(
        khmer, copy_parents=True
    )
    lesson_km = lesson.copy_for_translation(khmer)
    assert ModulePage.objects.get(pk=module_km.pk).locale == khmer
    # The module first: nothing goes live under a draft (publish_guard).
    module_km.save_revision().publish()  # its course is a live alias already
    sheet = make_document("sheet.km.pdf", b"%PDF km")
    use_in_lesson(lesson_km, document_block(sheet))

    assert outcome(fetch(client, people["enrolled officer"], sheet)) == "file"
    assert outcome(fetch(client, people["officer not enrolled"], sheet)) == "403"


def test_an_inactive_account_gets_nothing(client, people, handout):
    officer = people["enrolled officer"]
    officer.is_active = False
    officer.save()
    client.force_login(officer)

    assert client.get(handout.url).status_code in (302, 403)


def test_checking_access_costs_a_few_queries(
    client, people, handout, django_assert_max_num_queries
):
    client.force_login(people["enrolled officer"])
    with django_assert_max_num_queries(12):
        assert client.get(handout.url).status_code == 200


# Byte ranges (video seeking) ---------------------------------------------------


@pytest.fixture
def video(lesson):
    video = make_document("checkpoint.mp4", VIDEO_BYTES)
    captions = make_document("checkpoint.vtt", WEBVTT)
    use_in_lesson(lesson, media_block(video, captions))
    return video


@pytest.fixture
def officer_client(client, people):
    client.force_login(people["enrolled officer"])
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_range_request_gets_those_bytes(officer_client, video):
    response = officer_client.get(video.url, HTTP_RANGE="bytes=1000-1099")

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-1099/{len(VIDEO_BYTES)}"
    assert response["Content-Length"] == "100"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == VIDEO_BYTES[1000:1100]


def test_open_and_suffix_ranges(officer_client, video):
    size = len(VIDEO_BYTES)
    tail = officer_client.get(video.url, HTTP_RANGE="bytes=10000-")
    assert tail.status_code == 206
    assert body(tail) == VIDEO_BYTES[10000:]
    assert tail["Content-Range"] == f"bytes 10000-{size - 1}/{size}"

    last = officer_client.get(video.url, HTTP_RANGE="bytes=-16")
    assert body(last) == VIDEO_BYTES[-16:]

    beyond = officer_client.get(video.url, HTTP_RANGE="bytes=0-999999")
    assert body(beyond) == VIDEO_BYTES


def test_a_range_past_the_end_is_unsatisfiable(officer_client, video):
    response = officer_client.get(video.url, HTTP_RANGE=f"bytes={len(VIDEO_BYTES)}-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO_BYTES)}"


@pytest.mark.parametrize(
    "header", ["bytes=0-1,5-9", "lines=1-2", "bytes=abc", "bytes=-"]
)
def test_other_range_headers_get_the_whole_file(officer_client, video, header):
    response = officer_client.get(video.url, HTTP_RANGE=header)

    assert response.status_code == 200
    assert body(response) == VIDEO_BYTES


def test_if_range_with_a_stale_validator_gets_the_whole_file(officer_client, video):
    stale = officer_client.get(
        video.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"not-the-hash"'
    )
    fresh = officer_client.get(
        video.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=f'"{video.file_hash}"'
    )

    assert stale.status_code == 200
    assert fresh.status_code == 206 and body(fresh) == VIDEO_BYTES[:10]


@pytest.mark.parametrize("role", ["anonymous", "officer not enrolled", "reviewer"])
def test_ranges_are_checked_like_whole_files(client, people, video, role):
    response = fetch(client, people[role], video, HTTP_RANGE="bytes=0-9")

    assert response.status_code in (302, 403)
    assert not getattr(response, "streaming", False)
