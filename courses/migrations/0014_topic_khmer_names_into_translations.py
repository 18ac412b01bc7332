"""Topics' "name (Khmer)" becomes their Khmer translation (wagtail-localize).

First the locale and translation key become required and unique together,
and the slug unique per locale (a translation keeps its source's slug, which
the catalog filters by). Then every topic with a Khmer name gets its Khmer
translation, made by wagtail-localize with that name as the translation of
its ``name`` segment; and the language versions of each course are made to
point at the same topics as the version wagtail-localize translates from, as
``CoursePage.topics`` is synchronised from now on.

:func:`move_khmer_names` reads the old column with SQL and writes through
today's models, which is safe only because it runs once, right before the
next migration drops the column (which takes "" by default until then, as
the Khmer topics made here are saved by a model that no longer has it). A
later migration that changes ``Topic`` must not be placed before it. On a
new database, or one without Khmer names, it returns at once.
"""

import logging
import uuid

import django.db.models.deletion
from django.db import connection as default_connection
from django.db import migrations, models

logger = logging.getLogger(__name__)

KHMER = "km"


def khmer_names(connection) -> dict[int, str]:
    """``{topic id: Khmer name}`` from the old column, for topics that have one."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('id')}, {quote('name_km')} FROM {quote('courses_topic')} "
            f"WHERE COALESCE({quote('name_km')}, '') <> ''"
        )
        return {pk: name for pk, name in cursor.fetchall() if name.strip()}


def move_khmer_names(connection=None) -> int:
    """Make the Khmer translation of every topic with a Khmer name in the old
    column; returns how many."""
    names = khmer_names(connection or default_connection)
    if not names:
        return 0

    from wagtail.models import Locale

    from courses.models import Topic

    khmer, _created = Locale.objects.get_or_create(language_code=KHMER)
    moved = 0
    for topic in Topic.objects.filter(pk__in=names).exclude(locale=khmer):
        topic.translate_name(names[topic.pk], khmer)
        moved += 1
    return moved


def align_course_topics(apps) -> int:
    """Point every language version of a course at its source version's
    topics (the version wagtail-localize translates from, else the first
    made); returns how many versions changed."""
    CoursePage = apps.get_model("courses", "CoursePage")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    links = CoursePage.topics.through

    versions: dict = {}
    for pk, key, locale_id in CoursePage.objects.order_by("pk").values_list(
        "pk", "translation_key", "locale_id"
    ):
        versions.setdefault(key, []).append((pk, locale_id))
    versions = {key: pages for key, pages in versions.items() if len(pages) > 1}
    if not versions:
        return 0
    source_locale: dict = {}
    for key, locale_id in (
        TranslationSource.objects.filter(object_id__in=list(versions))
        .order_by("created_at", "pk")
        .values_list("object_id", "locale_id")
    ):
        source_locale.setdefault(key, locale_id)
    pages = [pk for group in versions.values() for pk, _locale in group]
    topics: dict[int, set[int]] = {pk: set() for pk in pages}
    for page_id, topic_id in links.objects.filter(coursepage_id__in=pages).values_list(
        "coursepage_id", "topic_id"
    ):
        topics[page_id].add(topic_id)

    changed = 0
    for key, group in versions.items():
        source = next(
            (pk for pk, locale_id in group if locale_id == source_locale.get(key)),
            group[0][0],
        )
        for pk, _locale in group:
            if pk == source or topics[pk] == topics[source]:
                continue
            links.objects.filter(coursepage_id=pk).delete()
            links.objects.bulk_create(
                links(coursepage_id=pk, topic_id=topic_id)
                for topic_id in sorted(topics[source])
            )
            changed += 1
    return changed


def khmer_names_into_translations(apps, schema_editor):
    moved = move_khmer_names(schema_editor.connection)
    aligned = align_course_topics(apps)
    if moved or aligned:
        logger.info(
            "Topics: %d Khmer names moved into translations, "
            "%d course versions given their source's topics",
            moved,
            aligned,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("courses", "0013_topic_locale_and_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="topic",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="topic",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name="topic",
            name="name",
            field=models.CharField(max_length=120, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="topic",
            name="slug",
            field=models.SlugField(
                help_text="Used in the catalog's address; the same in every language.",
                max_length=80,
                verbose_name="slug",
            ),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(
                fields=("translation_key", "locale"),
                name="courses_topic_unique_translation",
            ),
        ),
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(
                fields=("slug", "locale"), name="courses_topic_unique_slug"
            ),
        ),
        migrations.AlterField(
            model_name="topic",
            name="name_km",
            field=models.CharField(
                blank=True, db_default="", max_length=120, verbose_name="name (Khmer)"
            ),
        ),
        migrations.RunPython(
            khmer_names_into_translations, migrations.RunPython.noop, elidable=True
        ),
    ]
