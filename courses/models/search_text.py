"""The searchable text of a page, word-segmented (see ``courses.search``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class SearchText(models.Model):
    """The searchable text of one page, in :func:`lms.khmer.search_text` form.

    ``title`` and ``words`` start and end with a space, so every word is
    between two spaces and a term can be matched on word boundaries.
    """

    page = models.OneToOneField(
        Page,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="lms_search_text",
    )
    title = models.TextField(_("title words"))
    words = models.TextField(_("words"))
    text = models.TextField(_("readable text"), blank=True)
    revision = models.PositiveBigIntegerField(
        _("live revision"),
        default=0,
        help_text=_("The live revision the text was made from (0: none)."),
    )

    class Meta:
        app_label = "courses"
        verbose_name = _("search text")
        verbose_name_plural = _("search texts")

    def __str__(self):
        return self.title.strip()
