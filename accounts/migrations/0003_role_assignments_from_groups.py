"""Give existing group members the assignments that now carry their scope.

Before role assignments, an organisation reviewer's scope was their own
organisation, and a trainer could edit every course. Keep both: a reviewer
with an organisation reviews it; a trainer trains every existing course.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    CoursePage = apps.get_model("courses", "CoursePage")
    reviewers = User.objects.filter(
        groups__name="Organisation reviewers", organisation__isnull=False
    ).distinct()
    for user in reviewers:
        RoleAssignment.objects.get_or_create(
            user=user, role="reviewer", organisation_id=user.organisation_id
        )
    course_ids = list(CoursePage.objects.values_list("pk", flat=True))
    for user in User.objects.filter(groups__name="Trainers").distinct():
        for course_id in course_ids:
            RoleAssignment.objects.get_or_create(
                user=user, role="trainer", course_id=course_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_officer_profile_roles_registration"),
        ("courses", "0003_cohorts_due_dates_reminders"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
