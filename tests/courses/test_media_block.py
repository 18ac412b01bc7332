"""The video/audio lesson block: file kinds, captions or transcript, and the
player officers get."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.enrolment import enrol
from courses.models import LessonPage
from tests import factories
from tests.courses.documents_helpers import WEBVTT, WEBVTT_KM, make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def block():
    return LessonPage._meta.get_field("body").stream_block.child_blocks["media"]


@pytest.fixture
def video():
    return make_document("checkpoint-interview.mp4", b"\x00\x00\x00\x18ftypmp42")


@pytest.fixture
def captions_en():
    return make_document("interview.en.vtt", WEBVTT)


@pytest.fixture
def captions_km():
    return make_document("interview.km.vtt", WEBVTT_KM)


def media(file, *, kind="video", captions=(), transcript="", caption="Interview"):
    return {
        "file": file.pk,
        "kind": kind,
        "caption": caption,
        "captions": [
            {"file": track.pk, "language": language} for track, language in captions
        ],
        "transcript": transcript,
    }


def clean(block, raw, *, draft=False):
    value = block.to_python(raw)
    if draft:
        return block.clean_deferred(value)
    return block.clean(value)


def errors_of(raised) -> dict:
    """``{child name: [messages]}`` plus ``"__all__"`` for the block's own."""
    error = raised.value
    found = {
        name: [str(m) for e in [child] for m in getattr(e, "messages", [str(e)])]
        for name, child in error.block_errors.items()
    }
    if error.non_block_errors:
        found["__all__"] = [str(m) for m in error.non_block_errors]
    return found


# Validation -----------------------------------------------------------------


def test_video_with_captions_and_no_transcript_is_accepted(
    block, video, captions_en, captions_km
):
    value = clean(
        block, media(video, captions=[(captions_en, "en"), (captions_km, "km")])
    )
    assert value["file"] == video


def test_video_with_a_transcript_and_no_captions_is_accepted(block, video):
    clean(block, media(video, transcript="<p>Officer: Good morning.</p>"))


def test_video_with_neither_captions_nor_transcript_is_refused(block, video):
    with pytest.raises(StructBlockValidationError) as raised:
        clean(block, media(video))

    [message] = errors_of(raised)["__all__"]
    assert message.startswith("Add captions (a .vtt file) or a transcript")


def test_an_empty_transcript_editor_does_not_count_as_a_transcript(block, video):
    with pytest.raises(StructBlockValidationError) as raised:
        clean(block, media(video, transcript="<p></p>"))

    assert "__all__" in errors_of(raised)


def test_audio_needs_a_transcript_even_with_captions(block, captions_en):
    audio = make_document("briefing.mp3", b"ID3")

    with pytest.raises(StructBlockValidationError) as raised:
        clean(block, media(audio, kind="audio", captions=[(captions_en, "en")]))

    [message] = errors_of(raised)["transcript"]
    assert message.startswith("Add a transcript: browsers show no captions for audio")
    clean(block, media(audio, kind="audio", transcript="<p>The briefing.</p>"))


@pytest.mark.parametrize(
    "filename, kind, expected",
    [
        ("briefing.mp3", "video", "“briefing.mp3” is audio: choose “Audio”"),
        (
            "slides.pdf",
            "video",
            "“slides.pdf” is a .pdf file. Video must be MP4 or WebM.",
        ),
        ("clip.webm", "audio", "“clip.webm” is a video: choose “Video”"),
        (
            "notes.txt",
            "audio",
            "“notes.txt” is a .txt file. Audio must be MP3, OGG or M4A.",
        ),
    ],
)
def test_the_file_must_be_of_its_kind(block, filename, kind, expected):
    document = make_document(filename, b"data")

    with pytest.raises(StructBlockValidationError) as raised:
        clean(block, media(document, kind=kind, transcript="<p>Words.</p>"))

    [message] = errors_of(raised)["file"]
    assert message.startswith(expected)


@pytest.mark.parametrize("filename", ["talk.mp4", "talk.webm"])
def test_video_formats_are_accepted(block, filename):
    clean(block, media(make_document(filename, b"data"), transcript="<p>W</p>"))


@pytest.mark.parametrize("filename", ["talk.mp3", "talk.ogg", "talk.M4A"])
def test_audio_formats_are_accepted(block, filename):
    document = make_document(filename, b"data")
    clean(block, media(document, kind="audio", transcript="<p>W</p>"))


def test_captions_must_be_a_vtt_file(block, video):
    srt = make_document("interview.srt", "1\n00:00:00,000 --> 00:00:04,000\nHello\n")

    with pytest.raises(StructBlockValidationError) as raised:
        clean(block, media(video, captions=[(srt, "en")]))

    [track_errors] = raised.value.block_errors["captions"].block_errors.values()
    [message] = track_errors.block_errors["file"].messages
    assert message == (
        "“interview.srt” is a .srt file. Captions must be a WebVTT file (.vtt)."
    )


def test_a_vtt_file_must_hold_webvtt(block, video):
    fake = make_document("interview.vtt", "1\n00:00:00,000 --> 00:00:04,000\nHi\n")

    with pytest.raises(StructBlockValidationError) as raised:
        clean(block, media(video, captions=[(fake, "en")]))

    [track_errors] = raised.value.block_errors["captions"].block_errors.values()
    [message] = track_errors.block_errors["file"].messages
    assert (
        message
        == "“interview.vtt” is not a WebVTT file: its first line must be “WEBVTT”."
    )


def test_a_vtt_file_with_a_byte_order_mark_is_webvtt(block, video):
    with_bom = make_document("bom.vtt", b"\xef\xbb\xbf" + WEBVTT.encode())
    clean(block, media(video, captions=[(with_bom, "en")]))


def test_one_captions_file_per_language(block, video, captions_en):
    other = make_document("other.en.vtt", WEBVTT)

    with pytest.raises(StructBlockValidationError) as raised:
        clean(block, media(video, captions=[(captions_en, "en"), (other, "en")]))

    [message] = errors_of(raised)["captions"]
    assert message == "Give one captions file per language; English is repeated."


def test_a_draft_may_wait_for_captions_but_not_for_the_right_file(block, video):
    clean(block, media(video), draft=True)  # saved as a draft: fine for now

    pdf = make_document("slides.pdf", b"%PDF")
    with pytest.raises(StructBlockValidationError) as raised:
        clean(block, media(pdf), draft=True)
    assert "file" in errors_of(raised)


def lesson_form(lesson, video, *, action):
    return nested_form_data(
        {
            "title": lesson.title,
            "summary": "",
            "estimated_minutes": "15",
            "completion_rule": "lesson_viewed",
            "slug": lesson.slug,
            "seo_title": "",
            "search_description": "",
            "body": streamfield(
                [
                    (
                        "media",
                        {
                            "file": video.pk,
                            "kind": "video",
                            "caption": "Interview",
                            "captions": streamfield([]),
                            "transcript": rich_text(""),
                        },
                    )
                ]
            ),
            action: action,
        }
    )


def test_publishing_a_video_without_captions_or_transcript_is_refused_in_the_admin(
    client, course, video
):
    client.force_login(factories.make_user("admin"))
    lesson = factories.lessons_of(course)[0]
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])

    response = client.post(url, lesson_form(lesson, video, action="action-publish"))

    assert response.status_code == 200
    [error] = response.context["form"].errors["body"].as_data()
    assert isinstance(error, StreamBlockValidationError)
    [media_error] = error.block_errors.values()
    assert "Add captions (a .vtt file) or a transcript" in str(
        media_error.non_block_errors[0]
    )
    lesson.refresh_from_db()
    assert [b.block_type for b in lesson.body] == ["text"]  # nothing published


# Rendering ------------------------------------------------------------------


def render(block, raw, language="en"):
    with translation.override(language):
        return block.render(block.to_python(raw))


def test_video_player_loads_nothing_until_played_and_offers_each_caption_track(
    block, video, captions_en, captions_km
):
    raw = media(
        video,
        captions=[(captions_en, "en"), (captions_km, "km")],
        transcript="<p><b>Officer:</b> Good morning.</p>",
    )

    html = render(block, raw)

    tag = re.search(r"<video [^>]*>", html).group(0)
    assert 'preload="none"' in tag and "controls" in tag
    assert f'src="{video.url}"' in tag
    assert video.url.startswith("/documents/")  # the checked serve view
    assert "/media/" not in html
    tracks = re.findall(r"<track [^>]*>", html)
    assert len(tracks) == 2
    english, khmer = tracks
    assert 'kind="captions"' in english and 'srclang="en"' in english
    assert 'label="English"' in english and " default" in english
    assert f'src="{captions_en.url}"' in english
    assert 'srclang="km"' in khmer and 'label="ខ្មែរ"' in khmer
    assert " default" not in khmer
    # A download link, with the file's kind, and the transcript folded away.
    assert re.search(rf'<a href="{video.url}" download>Download the video</a>', html)
    assert "(MP4," in html
    details = html[html.index("<details") : html.index("</details>")]
    assert "<summary>Transcript</summary>" in details
    assert "Good morning." in details


def test_the_readers_language_track_is_on_by_default(
    block, video, captions_en, captions_km
):
    html = render(
        block, media(video, captions=[(captions_en, "en"), (captions_km, "km")]), "km"
    )

    khmer = next(t for t in re.findall(r"<track [^>]*>", html) if 'srclang="km"' in t)
    english = next(t for t in re.findall(r"<track [^>]*>", html) if 'srclang="en"' in t)
    assert " default" in khmer and " default" not in english


def test_audio_player_has_no_caption_tracks_and_shows_the_transcript(block):
    audio = make_document("briefing.ogg", b"OggS")

    html = render(block, media(audio, kind="audio", transcript="<p>The words.</p>"))

    tag = re.search(r"<audio [^>]*>", html).group(0)
    assert 'preload="none"' in tag
    assert "<video" not in html and "<track" not in html
    assert "Download the audio" in html
    assert "The words." in html[html.index("<details") :]


def test_no_transcript_no_details(block, video, captions_en):
    html = render(block, media(video, captions=[(captions_en, "en")]))
    assert "<details" not in html


def test_a_lesson_with_a_video_serves_it_to_its_enrolled_officer(
    client, officer, course, video, captions_km
):
    lesson = factories.lessons_of(course)[0]
    lesson.body = [
        (
            "media",
            {
                "file": video,
                "kind": "video",
                "caption": "Interview",
                "captions": [{"file": captions_km, "language": "km"}],
                "transcript": "",
            },
        )
    ]
    lesson.save_revision().publish()
    enrol(officer, course)
    client.force_login(officer)

    html = client.get(lesson.url).content.decode()
    media_response = client.get(video.url)
    track_response = client.get(captions_km.url)

    assert f'src="{video.url}"' in html
    assert media_response.status_code == 200
    assert media_response["Content-Type"] == "video/mp4"
    assert track_response.status_code == 200
    assert track_response["Content-Type"].startswith("text/vtt")
    body = b"".join(track_response.streaming_content)
    if track_response.get("Content-Encoding") == "gzip":
        import gzip

        body = gzip.decompress(body)
    assert body.decode().startswith("WEBVTT")
