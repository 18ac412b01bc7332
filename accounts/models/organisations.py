"""Organisations (a tree: ministry -> department -> unit) and duty stations."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user) -> OrganisationQuerySet:
        """Organisations ``user`` may see in the portal: deny by default.

        Platform admins see all; an organisation reviewer sees the
        organisations they review and every one under them; others none.
        """
        from accounts.scope import scope_for

        scope = scope_for(user)
        if scope.is_admin:
            return self
        return self.filter(pk__in=scope.organisation_ids)


class Organisation(models.Model):
    """A ministry, department or unit (or a partner) whose officers take courses.

    Organisations form a tree through ``parent``: a reviewer of an
    organisation sees its officers and those of every organisation under it
    (``accounts.scope``). Officers belong to units, the leaves.
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        UNIT = "unit", _("Unit")
        COMMITTEE = "committee", _("Committee")
        INTERNATIONAL = "international", _("International organisation")
        NGO = "ngo", _("Non-governmental organisation")

    code = models.SlugField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("Short stable identifier, e.g. GDI."),
    )
    name = models.CharField(_("name (English)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent organisation"),
    )
    province = models.CharField(
        _("province"),
        max_length=2,
        blank=True,
        help_text=_("Where a unit is based, if in one province."),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        """The Khmer name when the active language is Khmer and one is set."""
        if get_language() == "km" and self.name_km:
            return self.name_km
        return self.name

    @property
    def name_with_code(self) -> str:
        """``"Poipet … Unit (GDI-POIPET)"``: pickers show the code that imports
        and exports use, so people can learn it where they already look."""
        return f"{self.localized_name} ({self.code})"

    def clean(self):
        super().clean()
        if self.province:
            from accounts.geography import province_codes

            if self.province not in province_codes():
                raise ValidationError(
                    {"province": _("Choose one of the 25 provinces.")}
                )
        if self.parent_id and self.pk:
            from accounts.scope import organisation_ids_under

            if self.parent_id in organisation_ids_under(self.pk):
                raise ValidationError(
                    {
                        "parent": _(
                            "An organisation cannot be placed under itself or "
                            "under one of its own units."
                        )
                    }
                )


class DutyStation(models.Model):
    """Where an officer serves: a border checkpoint, an airport, a port or an office."""

    class Kind(models.TextChoices):
        LAND_CHECKPOINT = "land", _("Land border checkpoint")
        AIRPORT = "airport", _("International airport")
        PORT = "port", _("Sea or river port")
        OFFICE = "office", _("Office")

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name (English)"), max_length=200)
    name_km = models.CharField(_("name (Khmer)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    province = models.CharField(_("province"), max_length=2)
    border_with = models.CharField(
        _("border with"),
        max_length=60,
        blank=True,
        help_text=_("The neighbouring country, for a land checkpoint."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("duty station")
        verbose_name_plural = _("duty stations")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        if get_language() == "km" and self.name_km:
            return self.name_km
        return self.name
