"""The course tree: catalog -> course -> module -> lesson (or plugin activity)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from courses.authoring.officer_preview import OfficerPreviewMixin
from courses.completion import ACTIVITY, COURSE, MODULE, default_rule, rule_choices
from courses.content_language import content_fallback
from courses.fields import LessonBodyField
from courses.translations import prefetch_localized


class BilingualPageMixin(models.Model):
    """A summary next to Wagtail's title, and titles in the reader's language.

    A page is written in one language: its locale's. Its Khmer (or English)
    version is a wagtail-localize translation in the other locale, sharing
    ``translation_key`` (see ``courses.translations``). Templates use
    ``localized_title``/``localized_summary``: the live version in the
    interface language where one exists, else the page's own, with
    ``title_lang`` saying which language that is, so screen readers pronounce
    it right. Lists prefetch the versions with
    ``courses.translations.prefetch_localized`` (one query per page type).
    """

    summary = models.TextField(_("summary"), blank=True)

    bilingual_panels = [FieldPanel("summary")]

    # Fields that are the same in every language version: wagtail-localize
    # copies them from the source instead of offering them to translators.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta:
        abstract = True

    @property
    def content_language(self) -> str:
        """The language of this version of the page (its Wagtail locale)."""
        from courses.translations import page_language

        return page_language(self)

    @property
    def version_in_interface_language(self):
        """The live version of this page in the interface language, or itself."""
        from courses.translations import localized_version

        return localized_version(self)

    @property
    def localized_title(self) -> str:
        return self.version_in_interface_language.title

    @property
    def localized_summary(self) -> str:
        return getattr(self.version_in_interface_language, "summary", self.summary)

    @property
    def title_lang(self) -> str:
        """``lang`` of ``localized_title``, so screen readers pronounce it right
        (an untranslated title of a Khmer version is English)."""
        from courses.content_language import title_language

        return title_language(self.version_in_interface_language)

    @property
    def summary_lang(self) -> str:
        """``lang`` of ``localized_summary``."""
        from courses.content_language import script_language

        version = self.version_in_interface_language
        return script_language(
            getattr(version, "summary", ""), version.content_language
        )


class CompletionRuleForm(WagtailAdminPageForm):
    """Offers the installed completion rules for the page's scope as choices.

    The model field has no ``choices`` so that plugins never change migrations.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("completion_rule")
        if field is not None:
            model = self._meta.model
            scope = model.completion_scope
            field.widget = forms.Select(choices=rule_choices(scope, model))
            if not self.initial.get("completion_rule"):
                self.initial["completion_rule"] = default_rule(scope, model)


class CoursePageForm(CompletionRuleForm):
    """Refuses prerequisites that would make a course unreachable."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        topics = self.fields.get("topics")
        if topics is not None:
            # Courses point at the source topics; their Khmer versions are
            # translations, not more topics to tick.
            from courses.models.topics import in_default_locale

            topics.queryset = topics.queryset.filter(in_default_locale())

    def clean_prerequisites(self):
        from courses.enrolment import prerequisite_cycle

        chosen = self.cleaned_data.get("prerequisites")
        if chosen is None or self.instance.pk is None:
            return chosen
        if any(course.pk == self.instance.pk for course in chosen):
            raise ValidationError(_("A course cannot be its own prerequisite."))
        cycle = prerequisite_cycle(self.instance, chosen)
        if cycle:
            raise ValidationError(
                _(
                    # Keep this msgid: lms/locale/km translates it word for word.
                    "These prerequisites make a loop, so no officer could ever "
                    "enrol: %s."
                )
                % " → ".join(cycle)
            )
        return chosen


class CompletionRuleMixin(models.Model):
    """A page whose completion is decided by a named rule (``courses.completion``)."""

    completion_scope: str = ACTIVITY
    completion_rule = models.CharField(
        _("completion rule"),
        max_length=64,
        blank=True,
        help_text=_("Decides when an officer has completed this page."),
    )

    base_form_class = CompletionRuleForm

    # The same in every language version (and the slug, as for every page).
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("completion_rule"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if not self.completion_rule:
            self.completion_rule = default_rule(self.completion_scope, type(self))
        valid = dict(rule_choices(self.completion_scope, type(self)))
        installed = dict(rule_choices(self.completion_scope))
        if self.completion_rule in installed and self.completion_rule not in valid:
            raise ValidationError(
                {
                    "completion_rule": _(
                        "“%(rule)s” does not apply to a %(page_type)s. Choose one "
                        "of: %(valid)s."
                    )
                    % {
                        "rule": installed[self.completion_rule],
                        "page_type": self._meta.verbose_name,
                        "valid": ", ".join(valid.values()) or "-",
                    }
                }
            )
        if self.completion_rule not in valid:
            raise ValidationError(
                {
                    "completion_rule": _(
                        "“%(rule)s” is not an installed %(scope)s completion rule. "
                        "Choose one of: %(valid)s."
                    )
                    % {
                        "rule": self.completion_rule,
                        "scope": self.completion_scope,
                        "valid": ", ".join(valid) or "-",
                    }
                }
            )


class CatalogPage(BilingualPageMixin, Page):
    """The list of courses, with filters by topic and language and a search box."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = (
        Page.content_panels
        + BilingualPageMixin.bilingual_panels
        + [
            FieldPanel("intro"),
        ]
    )
    subpage_types = ["courses.CoursePage"]
    max_count = 1
    template = "courses/catalog_page.html"

    class Meta:
        verbose_name = _("course catalog")

    def get_context(self, request, *args, **kwargs):
        from courses.catalog import catalog_context

        context = super().get_context(request, *args, **kwargs)
        context.update(catalog_context(self, request))
        context["content_fallback"] = content_fallback(self)
        # Titles of courses that have no version in the reader's language.
        prefetch_localized(context["courses_page"].object_list)
        return context


class CoursePage(OfficerPreviewMixin, CompletionRuleMixin, BilingualPageMixin, Page):
    """A course: what it teaches, for whom, how long, and what must come first."""

    completion_scope = COURSE
    base_form_class = CoursePageForm

    learning_outcomes = StreamField(
        [("outcome", blocks.CharBlock(label=_("Learning outcome")))],
        blank=True,
        verbose_name=_("learning outcomes"),
    )
    audience = models.TextField(
        _("audience"), blank=True, help_text=_("Who the course is for.")
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=4,
        decimal_places=1,
        default=1,
    )
    topics = ParentalManyToManyField(
        "courses.Topic", blank=True, related_name="courses", verbose_name=_("topics")
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        verbose_name=_("prerequisites"),
        help_text=_("Courses an officer must complete before enrolling in this one."),
    )

    # Certificates (the ``certificates`` app reads these when it issues one).
    edition = models.CharField(
        _("edition"),
        max_length=100,
        blank=True,
        help_text=_(
            "Printed on certificates, e.g. “2026”. Copy the course for a new edition."
        ),
    )
    certificate_design = models.ForeignKey(
        "certificates.CertificateDesign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        verbose_name=_("certificate design"),
        help_text=_("Leave empty to use the default design."),
    )
    certificate_valid_for_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"),
        null=True,
        blank=True,
        help_text=_(
            "For refresher training: certificates expire this many months after "
            "issue. Leave empty for certificates that never expire."
        ),
    )
    renews = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewal_courses",
        verbose_name=_("renews the certificate of"),
        help_text=_(
            "Completing this course renews the officer's certificate of that course."
        ),
    )

    content_panels = (
        Page.content_panels
        + BilingualPageMixin.bilingual_panels
        + [
            FieldPanel("learning_outcomes"),
            FieldPanel("audience"),
            MultiFieldPanel(
                [
                    FieldPanel("estimated_hours"),
                    FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("completion_rule"),
                ],
                heading=_("Course details"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("edition"),
                    FieldPanel("certificate_design"),
                    FieldPanel("certificate_valid_for_months"),
                    FieldPanel("renews"),
                ],
                heading=_("Certificate"),
            ),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]
    parent_page_types = ["courses.CatalogPage"]
    subpage_types = ["courses.ModulePage"]
    template = "courses/course_page.html"

    override_translatable_fields = CompletionRuleMixin.override_translatable_fields + [
        SynchronizedField("edition"),
        # Every version points at the source topics (never their
        # translations, which need not exist): copied on each sync.
        SynchronizedField("topics", overridable=False),
    ]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from courses.course_view import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        context["content_fallback"] = content_fallback(self)
        return context


class ModulePage(CompletionRuleMixin, BilingualPageMixin, Page):
    """A module of a course: a group of lessons and activities."""

    completion_scope = MODULE

    content_panels = (
        Page.content_panels
        + BilingualPageMixin.bilingual_panels
        + [
            FieldPanel("completion_rule"),
        ]
    )
    parent_page_types = ["courses.CoursePage"]
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")

    @classmethod
    def clean_subpage_models(cls):
        # Lessons and every plugin activity page, from the registry (never cached
        # here: the registry may change in tests).
        from courses.hooks import activity_page_models

        return activity_page_models()

    def serve(self, request, *args, **kwargs):
        # A module is a section of its course's outline; it has no page of its own.
        course = self.get_parent()
        return redirect(f"{course.get_url(request)}#module-{self.pk}")


class ActivityPage(OfficerPreviewMixin, CompletionRuleMixin, BilingualPageMixin, Page):
    """Base class for pages an officer works through inside a module.

    Lessons are activities; plugins subclass this for theirs (quizzes...) and
    register the model through ``lms_register_activity_pages``. Serving is
    gated: only enrolled officers (and the page's editors, in preview) see it,
    and every view is recorded as the ``viewed`` event before rendering.
    """

    completion_scope = ACTIVITY

    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=15
    )

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    def serve(self, request, *args, **kwargs):
        from courses.activity_view import serve_activity

        return serve_activity(self, request, super().serve, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from courses.activity_view import activity_context

        context = super().get_context(request, *args, **kwargs)
        context.update(activity_context(self, request))
        context["content_fallback"] = content_fallback(self)
        return context


class LessonPage(ActivityPage):
    """A lesson: a stream of text, media, callouts, case scenarios and checklists."""

    body = LessonBodyField(blank=True, verbose_name=_("body"))
    min_study_minutes = models.DecimalField(
        _("minimum study time (minutes)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
        help_text=_(
            "For the “Studied” rule: how long an officer must spend on the lesson "
            "before it counts as done, e.g. 5 or 0.5. Leave empty to derive it "
            "from the length of the text."
        ),
    )

    content_panels = (
        Page.content_panels
        + BilingualPageMixin.bilingual_panels
        + [
            FieldPanel("estimated_minutes"),
            FieldPanel("body"),
            MultiFieldPanel(
                [FieldPanel("completion_rule"), FieldPanel("min_study_minutes")],
                heading=_("Completion"),
            ),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
