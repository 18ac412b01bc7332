"""The old "name (Khmer)" column of topics goes: the previous migration moved
its names into the topics' Khmer translations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0014_topic_khmer_names_into_translations"),
    ]

    operations = [
        migrations.RemoveField(model_name="topic", name="name_km"),
    ]
