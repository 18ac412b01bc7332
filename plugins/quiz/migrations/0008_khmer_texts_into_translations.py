"""The old "(Khmer)" columns of the bank and quiz pages become translations.

See ``plugins.quiz.khmer_columns``: it uses today's models through
wagtail-localize, only for rows that have Khmer text (a new database, or one
without Khmer text, does nothing here). The columns are dropped by the next
migration: PostgreSQL refuses to alter a table with pending trigger events.
Until then they take "" by default, since the Khmer rows made here are saved
by models that no longer have them.
"""

from django.db import migrations, models


def khmer_columns_into_translations(apps, schema_editor):
    from plugins.quiz.khmer_columns import move_khmer_columns

    move_khmer_columns(connection=schema_editor.connection)



class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("quiz", "0007_bank_translations_unique"),
    ]

    operations = [
        migrations.AlterField(
            model_name="questioncategory",
            name="name_km",
            field=models.CharField(
                blank=True, db_default="", max_length=200, verbose_name="name (Khmer)"
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="text_km",
            field=models.TextField(
                blank=True, db_default="", verbose_name="question text (Khmer)"
            ),
        ),
        migrations.AlterField(
            model_name="question",
            name="explanation_km",
            field=models.TextField(
                blank=True, db_default="", verbose_name="explanation (Khmer)"
            ),
        ),
        migrations.AlterField(
            model_name="choice",
            name="text_km",
            field=models.TextField(
                blank=True, db_default="", verbose_name="answer (Khmer)"
            ),
        ),
        migrations.AlterField(
            model_name="choice",
            name="match_text_km",
            field=models.CharField(
                blank=True,
                db_default="",
                max_length=500,
                verbose_name="matches (Khmer)",
            ),
        ),
        migrations.AlterField(
            model_name="choice",
            name="feedback_km",
            field=models.TextField(
                blank=True, db_default="", verbose_name="feedback (Khmer)"
            ),
        ),
        migrations.RunPython(
            khmer_columns_into_translations, migrations.RunPython.noop, elidable=True
        ),
    ]
