"""Categories, questions and choices become translatable (wagtail-localize).

Wagtail's ``BootstrapTranslatableMixin`` pattern: the locale and translation
key are added nullable and every existing row gets the default locale and a
fresh key; the next migration makes both required and unique together
(PostgreSQL refuses to alter a table with pending trigger events, so the rows
are written in one migration and the columns altered in another). Category names are
unique per locale from now on (an untranslated Khmer category has the English
name).
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("questioncategory", "question", "choice")


def bootstrap_locale_and_keys(apps, schema_editor):
    from wagtail.coreutils import get_supported_content_language_variant

    Locale = apps.get_model("wagtailcore", "Locale")
    locale, _created = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    for name in MODELS:
        model = apps.get_model("quiz", name)
        rows = list(model.objects.filter(translation_key__isnull=True).only("pk"))
        for row in rows:
            row.translation_key = uuid.uuid4()
            row.locale_id = locale.pk
        model.objects.bulk_update(rows, ["translation_key", "locale"], batch_size=500)


def nullable_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
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
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0098_apitoken"),
        ("quiz", "0005_remove_quizpage_khmer_page_fields"),
    ]

    operations = [
        *[op for name in MODELS for op in nullable_fields(name)],
        migrations.RunPython(bootstrap_locale_and_keys, migrations.RunPython.noop),
    ]
