"""The Khmer content locale, next to the default English one Wagtail creates."""

from django.db import migrations


def create_khmer_locale(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="km")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_cohorts_due_dates_reminders"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_khmer_locale, migrations.RunPython.noop),
    ]
