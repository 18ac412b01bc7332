# The search text of each course and activity page (courses.search).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0010_remove_khmer_page_fields"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchText",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="lms_search_text",
                        serialize=False,
                        to="wagtailcore.page",
                    ),
                ),
                ("title", models.TextField(verbose_name="title words")),
                ("words", models.TextField(verbose_name="words")),
                ("text", models.TextField(blank=True, verbose_name="readable text")),
                (
                    "revision",
                    models.PositiveBigIntegerField(
                        default=0,
                        help_text="The live revision the text was made from (0: none).",
                        verbose_name="live revision",
                    ),
                ),
            ],
            options={
                "verbose_name": "search text",
                "verbose_name_plural": "search texts",
            },
        ),
    ]
