"""``courses`` implements its own extension points exactly as a plugin would."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail_localize.views.submit_translations import SubmitSnippetTranslationView

from courses.completion import (
    AllActivitiesCompleteRule,
    AllModulesCompleteRule,
    LessonConfirmedRule,
    LessonStudiedRule,
    LessonViewedRule,
)
from courses.hooks import ACTIVITY_PAGES_HOOK, COMPLETION_RULES_HOOK
from courses.models import LessonPage, Topic


@hooks.register(ACTIVITY_PAGES_HOOK, order=-100)
def register_lesson_page():
    return [LessonPage]


@hooks.register(COMPLETION_RULES_HOOK, order=-100)
def register_builtin_rules():
    # "lesson_viewed" stays first: tests and plugins read the order, and
    # identifiers are never renamed or dropped.
    return [
        LessonViewedRule(),
        AllActivitiesCompleteRule(),
        AllModulesCompleteRule(),
        LessonStudiedRule(),
        LessonConfirmedRule(),
    ]


class TopicViewSet(SnippetViewSet):
    """Catalog topics. Translatable with wagtail-localize: the listing shows
    one language at a time, and "Translate" makes a topic's Khmer version
    (for those who may edit topics, see :func:`may_translate_topics`)."""

    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


register_snippet(TopicViewSet)


def may_translate_topics(user) -> bool:
    """Translating a topic makes and edits topic rows: only for those who may
    edit topics (platform admins, and anyone given the permission) and may
    translate (wagtail-localize's own permission)."""
    return user.has_perm("wagtail_localize.submit_translation") and user.has_perm(
        "courses.change_topic"
    )


class SubmitTopicTranslationView(SubmitSnippetTranslationView):
    """wagtail-localize's "Translate" of a topic, for :func:`may_translate_topics`
    only: its own view asks for its translation permission alone, which
    every trainer holds (to translate their courses)."""

    def dispatch(self, request, *args, **kwargs):
        if not may_translate_topics(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


@hooks.register("register_admin_urls", order=-20)
def register_topic_translation_url():
    # The same address as wagtail-localize's, so its buttons and links lead
    # here: ordered before its own and before the quiz plugin's guard of the
    # same paths (-10), which passes other models through unchecked.
    return [
        path(
            "localize/submit/snippet/courses/topic/<str:pk>/",
            SubmitTopicTranslationView.as_view(),
            {"app_label": "courses", "model_name": "topic"},
            name="courses_submit_topic_translation",
        )
    ]


@hooks.register("construct_snippet_listing_buttons")
def hide_topic_translate_button(buttons, snippet, user):
    if not isinstance(snippet, Topic) or may_translate_topics(user):
        return
    url = reverse("courses_submit_topic_translation", args=[snippet.pk])
    buttons[:] = [b for b in buttons if getattr(b, "url", None) != url]


# The header's "My learning" link (lms_register_header_links).
from courses import navigation as _navigation  # noqa: E402, F401

# The authoring modules register their own hooks when imported.
from courses.authoring import (  # noqa: E402, F401
    admin_home,
    batch_admin,
    documents,
    editions,
    officer_preview,
    page_access,
    publish_guard,
    review,
    review_queue,
    translation_admin,
)
