"""Lesson blocks in the admin: descriptions, previews, images with alt text
and focal points."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.images.models import Image
from wagtail.test.utils.form_data import nested_form_data, streamfield
from wagtail.users.models import UserProfile

from courses.blocks import core_lesson_blocks
from courses.models import LessonPage
from tests import factories

pytestmark = pytest.mark.django_db

CORE_BLOCKS = [name for name, _block in core_lesson_blocks()]
# Every block of the lesson body that ships with the platform (core + quiz).
SHIPPED_BLOCKS = [*CORE_BLOCKS, "knowledge_check"]

# What each block's preview must show: its sample content, not an empty frame.
PREVIEW_SAMPLES = {
    "text": "Checking a passport",
    "image": "An officer checks a passport at a border checkpoint counter",
    "media": "Interviewing a traveller at the checkpoint",
    "document": "Victim identification checklist",
    "callout": "Never keep a passport without a reason",
    "case_scenario": "A group of workers at the checkpoint",
    "checklist": "Find a quiet room",
    "knowledge_check": "Which stamp shows a lawful entry?",
}


def body_block(name):
    return LessonPage._meta.get_field("body").stream_block.child_blocks[name]


def preview_url(name):
    block = body_block(name)
    return reverse("wagtailadmin_block_preview") + f"?id={block.definition_prefix}"


@pytest.fixture
def admin_client(client):
    client.force_login(factories.make_user("admin"))
    return client


def test_the_shipped_blocks_are_the_lesson_body(db):
    offered = LessonPage._meta.get_field("body").stream_block.child_blocks
    assert set(SHIPPED_BLOCKS) <= set(offered)
    assert set(PREVIEW_SAMPLES) == set(SHIPPED_BLOCKS)


@pytest.mark.parametrize("name", SHIPPED_BLOCKS)
def test_every_lesson_block_has_a_description_and_a_preview(name):
    block = body_block(name)

    assert len(str(block.get_description())) > 30, name
    assert block.is_previewable, name


@pytest.mark.parametrize("name", SHIPPED_BLOCKS)
def test_block_preview_renders_its_sample_content_on_an_empty_database(
    admin_client, name, django_assert_max_num_queries
):
    # No image, document or page exists: the sample needs none.
    assert not Image.objects.exists()

    with django_assert_max_num_queries(8):  # session, user, admin permission
        response = admin_client.get(preview_url(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert PREVIEW_SAMPLES[name] in html
    assert "lms/css/site.css" in html  # rendered as officers see it
    assert 'class="prose"' in html


@pytest.mark.parametrize("name", SHIPPED_BLOCKS)
def test_block_previews_need_no_database_at_all(name, django_assert_num_queries):
    block = body_block(name)
    value = block.get_preview_value()

    with django_assert_num_queries(0):
        context = block.get_preview_context(value, {"block_def": block})
        if name != "image":  # the image preview draws its sample itself
            html = block.render(value, context)
            assert PREVIEW_SAMPLES[name] in html


def test_block_previews_follow_the_admin_language(client):
    author = factories.make_user("admin")
    profile = UserProfile.get_for_user(author)
    profile.preferred_language = "km"
    profile.save()
    client.force_login(author)

    html = client.get(preview_url("callout")).content.decode()
    check = client.get(preview_url("knowledge_check")).content.decode()

    assert "កុំរឹបអូសលិខិតឆ្លងដែន" in html
    assert "Never keep a passport" not in html
    assert "ត្រាមួយណាបង្ហាញការចូលស្របច្បាប់?" in check


def test_block_preview_is_for_admin_users_only(client, officer):
    url = preview_url("text")
    assert client.get(url).status_code == 302  # to the admin sign-in
    client.force_login(officer)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert "Checking a passport" not in response.content.decode()


# Images ---------------------------------------------------------------------


def make_image(width=1200, height=400, *, focal_x=None, title="Checkpoint"):
    """A two-colour image: red on the left half, blue on the right."""
    picture = PILImage.new("RGB", (width, height), (220, 30, 30))
    picture.paste((30, 30, 220), (width // 2, 0, width, height))
    data = io.BytesIO()
    picture.save(data, "PNG")
    image = Image(title=title, file=ImageFile(data, name=f"{title}.png"))
    if focal_x is not None:
        image.focal_point_x, image.focal_point_y = focal_x, height // 2
        image.focal_point_width, image.focal_point_height = 100, 100
    image.save()
    return image


def image_value(image, alt_text="", decorative=False):
    return {"image": image.pk, "alt_text": alt_text, "decorative": decorative}


def test_image_without_alt_text_is_refused_on_the_alt_text_field():
    block = body_block("image")
    image = make_image()

    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python(image_value(image)))

    [message] = raised.value.block_errors["alt_text"].messages
    assert "alt text" in message


def test_a_decorative_image_needs_no_alt_text_and_renders_an_empty_alt():
    block = body_block("image")
    value = block.clean(block.to_python(image_value(make_image(), decorative=True)))

    html = block.render(value)

    assert 'alt=""' in html


def lesson_edit_data(lesson, image, *, alt_text):
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
                        "image",
                        {"image": image.pk, "decorative": "", "alt_text": alt_text},
                    )
                ]
            ),
            "action-publish": "publish",
        }
    )


def test_publishing_a_lesson_with_an_image_without_alt_text_is_refused(
    admin_client, course
):
    lesson = factories.lessons_of(course)[0]
    image = make_image()
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])

    response = admin_client.post(url, lesson_edit_data(lesson, image, alt_text=""))

    assert response.status_code == 200  # the form again
    error = response.context["form"].errors["body"].as_data()[0]
    assert isinstance(error, StreamBlockValidationError)
    [image_error] = error.block_errors.values()
    assert "alt_text" in image_error.block_errors
    lesson.refresh_from_db()
    assert "image" not in [block.block_type for block in lesson.body]

    response = admin_client.post(
        url, lesson_edit_data(lesson, image, alt_text="An officer at the counter")
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.body[0].value.contextual_alt_text == "An officer at the counter"


def blue_share(rendition) -> float:
    """The share of the rendition's columns that are blue (the right half)."""
    with rendition.file.open("rb") as handle:
        pixels = PILImage.open(handle).convert("RGB")
        row = [pixels.getpixel((x, pixels.height // 2)) for x in range(pixels.width)]
    return sum(1 for red, _green, blue in row if blue > red) / len(row)


def test_landscape_images_are_cut_around_their_focal_point_in_webp_renditions():
    # A 3:1 image, its focal point at the far right of the blue half.
    image = make_image(1200, 400, focal_x=1150)
    block = body_block("image")
    value = block.to_python(image_value(image, alt_text="Blue booth"))

    html = block.render(value)

    img = re.search(r"<img [^>]+>", html).group(0)
    assert 'alt="Blue booth"' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'width="600" height="400"' in img  # the 720 rendition: no upscaling
    assert 'sizes="' in img
    widths = re.findall(r"\s(\d+)w", img)
    assert widths == ["480", "600"]  # each width once, smallest first
    renditions = list(image.renditions.all())
    assert len(renditions) == 4
    assert all(r.file.name.endswith(".webp") for r in renditions)
    assert all(r.filter_spec.startswith("fill-") for r in renditions)
    for rendition in renditions:
        assert rendition.width / rendition.height == pytest.approx(1.5, rel=0.01)
        assert blue_share(rendition) > 0.9  # the cut follows the focal point


def test_without_a_focal_point_the_cut_is_centred():
    image = make_image(1200, 400)
    block = body_block("image")
    block.render(block.to_python(image_value(image, alt_text="Both halves")))

    for rendition in image.renditions.all():
        assert blue_share(rendition) == pytest.approx(0.5, abs=0.05)


def test_large_images_get_four_widths():
    image = make_image(3000, 2000, title="Large")
    block = body_block("image")

    html = block.render(block.to_python(image_value(image, alt_text="A wide view")))

    assert re.findall(r"\s(\d+)w", html) == ["480", "720", "1080", "1440"]
    assert 'width="720" height="480"' in html


def test_portrait_images_are_scaled_never_cut():
    image = make_image(400, 900, title="Tall")
    block = body_block("image")

    html = block.render(block.to_python(image_value(image, alt_text="A tall poster")))

    assert 'alt="A tall poster"' in html
    for rendition in image.renditions.all():
        assert rendition.filter_spec.startswith("max-")
        assert rendition.width / rendition.height == pytest.approx(400 / 900, rel=0.02)
