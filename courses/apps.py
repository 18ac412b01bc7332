from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_translation_permission(sender, using="default", **kwargs):
    """Let trainers and lead trainers start a Khmer or English version of a page
    (wagtail-localize's "Translate" action), after each migrate. Idempotent.

    Connected to the translation app's own ``post_migrate``: its permission
    exists only once that app's permissions are created.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import LEAD_TRAINERS, TRAINERS

    create_permissions(sender, verbosity=0, using=using)
    permission = (
        Permission.objects.using(using)
        .filter(content_type__app_label=sender.label, codename="submit_translation")
        .first()
    )
    if permission is None:
        return
    for name in (TRAINERS, LEAD_TRAINERS):
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(permission)


class CoursesConfig(AppConfig):
    """Course pages, enrolment, progress and completion, the officer's dashboard."""

    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported for their receivers: trainers' rights end at the courses
        # they train, in every command and request (page_access); cached
        # "Taught in" shares forget themselves when content changes
        # (availability); the search index follows every full save of a
        # page (search).
        from courses import availability, search  # noqa: F401
        from courses.authoring import page_access  # noqa: F401

        if apps.is_installed("wagtail_localize"):
            post_migrate.connect(
                grant_translation_permission,
                sender=apps.get_app_config("wagtail_localize"),
                dispatch_uid="courses.grant_translation_permission",
            )
