"""Object-level roles: a trainer of a course, a reviewer of an organisation.

A Django group says what kind of user someone is (and carries model
permissions such as access to the Wagtail admin); a ``RoleAssignment`` says
*which* course or organisation the role covers. A group without an
assignment grants no data at all (deny by default). ``accounts.scope``
reads these rows; ``accounts.roles`` keeps the groups in step with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RoleAssignment(models.Model):
    class Role(models.TextChoices):
        TRAINER = "trainer", _("Trainer")
        REVIEWER = "reviewer", _("Organisation reviewer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("course"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="trainer", course__isnull=False, organisation__isnull=True)
                    | Q(
                        role="reviewer",
                        organisation__isnull=False,
                        course__isnull=True,
                    )
                ),
                name="role_has_matching_scope",
            ),
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(role="trainer"),
                name="one_trainer_assignment_per_course",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(role="reviewer"),
                name="one_reviewer_assignment_per_organisation",
            ),
        ]

    def __str__(self):
        target = self.course if self.role == self.Role.TRAINER else self.organisation
        return f"{self.get_role_display()}: {target}"
