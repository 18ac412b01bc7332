"""The role groups, and assignments for their existing members.

Both groups always exist, and trainers may open the Wagtail admin (where
they author and mark). Before role assignments, an organisation reviewer's
scope was their own organisation, and a trainer could edit every course.
Keep both: a reviewer with an organisation reviews it; a trainer trains
every existing course.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    trainers, _ = Group.objects.get_or_create(name="Trainers")
    Group.objects.get_or_create(name="Organisation reviewers")
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is not None:
        trainers.permissions.add(access_admin)
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
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
