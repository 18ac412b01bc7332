# Review batches (courses.authoring.batch_review). Written by hand so that it
# holds only this model (renumber it after the latest courses migration).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_lesson_opened_not_completed"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewBatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True, verbose_name="submitted at"
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="submitted by",
                    ),
                ),
                (
                    "root",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="wagtailcore.page",
                        verbose_name="submitted page",
                    ),
                ),
                (
                    "workflow_states",
                    models.ManyToManyField(
                        related_name="review_batches",
                        to="wagtailcore.workflowstate",
                        verbose_name="workflow states",
                    ),
                ),
            ],
            options={
                "verbose_name": "review batch",
                "verbose_name_plural": "review batches",
                "ordering": ["-created_at", "-pk"],
            },
        ),
    ]
