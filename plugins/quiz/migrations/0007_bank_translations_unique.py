"""The bank's locale and translation key become required, unique together.

Category names are unique per locale from now on: an untranslated Khmer
category has the English name.
"""

import uuid

import django.db.models.deletion
from django.db import migrations, models

MODELS = ("questioncategory", "question", "choice")


def required_fields(model_name):
    return [
        migrations.AlterField(
            model_name=model_name,
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
            model_name=model_name,
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0006_bank_locale_and_keys"),
    ]

    operations = [
        *[op for name in MODELS for op in required_fields(name)],
        migrations.RemoveConstraint(
            model_name="questioncategory", name="quiz_category_unique_name"
        ),
        migrations.RemoveConstraint(
            model_name="questioncategory", name="quiz_category_unique_top_level_name"
        ),
        migrations.AddConstraint(
            model_name="questioncategory",
            constraint=models.UniqueConstraint(
                fields=("translation_key", "locale"),
                name="quiz_category_unique_translation",
            ),
        ),
        migrations.AddConstraint(
            model_name="questioncategory",
            constraint=models.UniqueConstraint(
                fields=("parent", "name", "locale"), name="quiz_category_unique_name"
            ),
        ),
        migrations.AddConstraint(
            model_name="questioncategory",
            constraint=models.UniqueConstraint(
                condition=models.Q(("parent__isnull", True)),
                fields=("name", "locale"),
                name="quiz_category_unique_top_level_name",
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.UniqueConstraint(
                fields=("translation_key", "locale"),
                name="quiz_question_unique_translation",
            ),
        ),
        migrations.AddConstraint(
            model_name="choice",
            constraint=models.UniqueConstraint(
                fields=("translation_key", "locale"),
                name="quiz_choice_unique_translation",
            ),
        ),
    ]
