from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0008_khmer_texts_into_translations"),
    ]

    operations = [
        migrations.RemoveField(model_name="choice", name="feedback_km"),
        migrations.RemoveField(model_name="choice", name="match_text_km"),
        migrations.RemoveField(model_name="choice", name="text_km"),
        migrations.RemoveField(model_name="question", name="explanation_km"),
        migrations.RemoveField(model_name="question", name="text_km"),
        migrations.RemoveField(model_name="questioncategory", name="name_km"),
        migrations.RemoveField(model_name="quizpage", name="fail_text_km"),
        migrations.RemoveField(model_name="quizpage", name="intro_km"),
        migrations.RemoveField(model_name="quizpage", name="success_text_km"),
    ]
