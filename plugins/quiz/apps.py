from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from lms.plugin import LmsPluginConfig


class QuizConfig(LmsPluginConfig):
    name = "plugins.quiz"
    label = "quiz"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    class LmsPluginMeta:
        name = _("Quizzes")
        author = "LMS team"
        version = "1.0.0"
        description = _(
            "Question banks with categories, quizzes with attempts, time limits "
            "and grading, essay marking and per-topic results."
        )
        category = "activity"
        compatibility = "lms>=0.1,<1"

    def ready(self):
        super().ready()
        post_migrate.connect(grant_trainer_permissions, sender=self)


#: What the trainer role may do with the question bank (pages are Wagtail's).
TRAINER_PERMISSIONS = (
    "view_question",
    "add_question",
    "change_question",
    "delete_question",
    "add_questioncategory",
    "change_questioncategory",
    "delete_questioncategory",
)


def grant_trainer_permissions(sender, using="default", **kwargs):
    """Give the Trainers group the question-bank permissions, after each migrate.

    Idempotent. The group is created if missing, so a fresh site's trainers can
    build question banks as soon as someone is put in the group.
    """
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    from accounts.roles import LEAD_TRAINERS, TRAINERS

    # This app comes before django.contrib.auth in INSTALLED_APPS, so its
    # receiver runs before auth's creates the permissions: create them now
    # (idempotent).
    create_permissions(sender, verbosity=0, using=using)
    permissions = Permission.objects.using(using).filter(
        content_type__app_label=sender.label, codename__in=TRAINER_PERMISSIONS
    )
    # Lead trainers review what trainers write, question banks included.
    for name in (TRAINERS, LEAD_TRAINERS):
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(*permissions)
