"""Existing progress, migrated honestly (see README, "Completion of lessons").

Until now a lesson counted as done the moment it was opened. So:

- every progress row with a "viewed" event gets ``opened_at`` (its first
  event, ``started_at``);
- a *lesson* marked done by that old rule becomes opened, not completed,
  unless the officer's course completion was already recorded: then the
  certificate issued for it stays valid, and its lessons stay completed so
  the records agree with it;
- module and course completions recorded before stay recorded;
- lessons that used the old default ("lesson_viewed", stored by the editor
  as the default, never a real choice) or a rule meant for quizzes now use
  "lesson_studied", in the page and in its revisions (so a later edit of a
  draft does not bring the old rule back).
"""

from django.db import migrations
from django.db.models import F

OLD_LESSON_RULES = {"", "lesson_viewed", "quiz_passed", "quiz_finished"}
NEW_LESSON_RULE = "lesson_studied"


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ActivityProgress = apps.get_model("courses", "ActivityProgress")
    LessonPage = apps.get_model("courses", "LessonPage")
    Revision = apps.get_model("wagtailcore", "Revision")

    ActivityProgress.objects.filter(
        opened_at__isnull=True, events__has_key="viewed"
    ).update(opened_at=F("started_at"))

    lesson_type = ContentType.objects.filter(
        app_label="courses", model="lessonpage"
    ).first()
    if lesson_type is None:  # a fresh database: nothing to migrate
        return
    ActivityProgress.objects.filter(
        page__content_type=lesson_type,
        completed_at__isnull=False,
        enrolment__completed_at__isnull=True,
    ).update(completed_at=None)

    LessonPage.objects.filter(completion_rule__in=OLD_LESSON_RULES).update(
        completion_rule=NEW_LESSON_RULE
    )
    revisions = Revision.objects.filter(content_type=lesson_type).only("content")
    for revision in revisions.iterator(chunk_size=500):
        content = revision.content or {}
        if content.get("completion_rule", "") in OLD_LESSON_RULES:
            content["completion_rule"] = NEW_LESSON_RULE
            Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_lesson_study_time"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
