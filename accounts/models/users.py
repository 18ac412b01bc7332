"""Users and their officer profile (names in both scripts, unit, rank, post)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class UserQuerySet(models.QuerySet):
    def visible_to(self, viewer) -> UserQuerySet:
        """The users ``viewer`` may see: deny by default (see ``accounts.scope``).

        Admins see everyone; a reviewer the officers of their organisations
        (and units below); a trainer the officers enrolled in their courses;
        everyone themselves. Anonymous and inactive viewers see nobody.
        """
        from accounts.scope import scope_for

        scope = scope_for(viewer)
        if scope.is_admin:
            return self
        return self.filter(scope.officers_q(prefix="")).distinct()


class AccountManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: officer, trainer, organisation reviewer or admin.

    Roles are Django groups plus ``RoleAssignment`` rows (see
    ``accounts.roles`` and ``accounts.scope``); the profile lives here so that
    pages never need a second query for a learner's name or unit.
    """

    full_name = models.CharField(
        _("full name (Latin script)"),
        max_length=200,
        blank=True,
        help_text=_("As it appears on your passport or ID card."),
    )
    full_name_km = models.CharField(
        _("full name (Khmer script)"),
        max_length=200,
        blank=True,
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("unit"),
        help_text=_("The organisation or unit the officer belongs to."),
    )
    # NULL, not "", for officers without one: the unique constraint allows
    # many NULLs but only one "".
    staff_id = models.CharField(  # noqa: DJ001
        _("staff ID"),
        max_length=40,
        null=True,
        blank=True,
        help_text=_("The officer's ID in their ministry; imports match on it."),
    )
    rank = models.CharField(_("rank"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    duty_station = models.ForeignKey(
        "accounts.DutyStation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officers",
        verbose_name=_("duty station"),
    )
    province = models.CharField(_("province"), max_length=2, blank=True)

    objects = AccountManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                fields=["staff_id"],
                condition=Q(staff_id__isnull=False),
                name="unique_staff_id",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "province"])]

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    @property
    def display_name(self) -> str:
        """The name in the script of the active language, falling back to Latin."""
        if get_language() == "km" and self.full_name_km:
            return self.full_name_km
        return self.get_full_name()

    @property
    def province_name(self) -> str:
        from accounts.geography import province_name

        return province_name(self.province)
