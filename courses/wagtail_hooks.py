"""``courses`` implements its own extension points exactly as a plugin would."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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
    model = Topic
    icon = "tag"
    list_display = ["name", "name_km", "slug"]
    search_fields = ["name", "name_km"]


register_snippet(TopicViewSet)


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
