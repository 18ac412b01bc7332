from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A ministry, department, committee or partner whose officers take courses.

    Organisation reviewers see certificates and reports for their own
    organisation's officers only.
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
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


class User(AbstractUser):
    """A person who signs in: officer, trainer, organisation reviewer or admin.

    Roles are Django groups (see ``accounts.roles``); the profile lives here so
    that pages never need a second query for a learner's name.
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
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("organisation"),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    @property
    def display_name(self) -> str:
        """The name in the script of the active language, falling back to Latin."""
        if get_language() == "km" and self.full_name_km:
            return self.full_name_km
        return self.get_full_name()
