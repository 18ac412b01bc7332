"""Catalog topics become translatable (wagtail-localize).

Wagtail's ``BootstrapTranslatableMixin`` pattern: the locale and translation
key are added nullable and every existing topic gets the default locale and a
fresh key; the next migration makes both required and unique together
(PostgreSQL refuses to alter a table with pending trigger events, so the rows
are written in one migration and the columns altered in another).
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def bootstrap_locale_and_keys(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    Topic = apps.get_model("courses", "Topic")
    locale, _created = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    topics = list(Topic.objects.filter(translation_key__isnull=True).only("pk"))
    for topic in topics:
        topic.translation_key = uuid.uuid4()
        topic.locale_id = locale.pk
    Topic.objects.bulk_update(topics, ["translation_key", "locale"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("courses", "0012_course_language_from_translations"),
    ]

    operations = [
        migrations.AddField(
            model_name="topic",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="topic",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(bootstrap_locale_and_keys, migrations.RunPython.noop),
    ]
