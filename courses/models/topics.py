from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Topic(models.Model):
    """A subject area the catalog filters by (e.g. victim identification)."""

    name = models.CharField(_("name (English)"), max_length=120)
    name_km = models.CharField(_("name (Khmer)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self) -> str:
        if get_language() == "km" and self.name_km:
            return self.name_km
        return self.name
