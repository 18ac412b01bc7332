"""``lms.registry.Registry``: lazy, duplicate-free collections of hook items."""

from dataclasses import dataclass

import pytest
from wagtail import blocks, hooks

from courses.completion import ACTIVITY, CompletionRule
from courses.hooks import activity_pages, completion_rules, lesson_blocks
from courses.models import CoursePage, LessonPage
from lms.registry import ALL_REGISTRIES, DuplicateIdentifierError, Registry
from lms.signals import registry_loaded


@dataclass(frozen=True)
class Widget:
    identifier: str


def first_widgets():
    return [Widget("shared"), Widget("only-first")]


def second_widgets():
    return [Widget("shared")]


def single_widget_not_a_list():
    return Widget("lonely")


def test_hooks_are_not_called_until_first_use(make_registry):
    calls = []

    def counting_hook():
        calls.append("called")
        return [Widget("a"), Widget("b")]

    loaded = []

    def on_loaded(sender, registry, **kwargs):
        loaded.append(registry.hook_name)

    registry_loaded.connect(on_loaded)
    try:
        with hooks.register_temporarily("lms_test_lazy", counting_hook):
            registry = make_registry("lms_test_lazy")
            assert calls == []  # building the registry scans nothing

            assert "a" in registry
            assert calls == ["called"]
            assert registry.identifiers() == ["a", "b"]
            assert len(registry) == 2
            assert registry["b"] == Widget("b")
            assert registry.get("missing", "default") == "default"
            assert list(registry) == [Widget("a"), Widget("b")]
            assert calls == ["called"]  # loaded once, then kept
            assert loaded == ["lms_test_lazy"]

            registry.reset()
            assert calls == ["called"]  # reset forgets, it does not scan
            registry.identifiers()
            assert calls == ["called", "called"]
            assert loaded == ["lms_test_lazy", "lms_test_lazy"]
    finally:
        registry_loaded.disconnect(on_loaded)


def test_registry_names_are_global_and_prefixed(make_registry):
    registry = make_registry("lms_test_global")

    assert ALL_REGISTRIES["lms_test_global"] is registry
    with pytest.raises(ValueError, match="already exists"):
        Registry("lms_test_global", kind="widget")
    with pytest.raises(ValueError, match="must start with 'lms_'"):
        Registry("test_unprefixed", kind="widget")
    assert "test_unprefixed" not in ALL_REGISTRIES


def test_duplicate_identifiers_are_rejected_naming_both_sources(make_registry):
    hook = "lms_test_duplicates"
    with hooks.register_temporarily([(hook, first_widgets), (hook, second_widgets)]):
        registry = make_registry("lms_test_duplicates", kind="widget")

        with pytest.raises(DuplicateIdentifierError) as raised:
            registry.identifiers()
        error = raised.value
        assert error.identifier == "shared"
        assert error.first == f"{__name__}.first_widgets"
        assert error.second == f"{__name__}.second_widgets"
        assert str(error) == (
            "widget identifier 'shared' is registered twice through the "
            f"'lms_test_duplicates' hook: by {__name__}.first_widgets and by "
            f"{__name__}.second_widgets."
        )
        # It keeps failing rather than serving half the items.
        with pytest.raises(DuplicateIdentifierError):
            registry.get("only-first")


def test_hook_must_return_a_list(make_registry):
    with hooks.register_temporarily("lms_test_single", single_widget_not_a_list):
        registry = make_registry("lms_test_single", kind="widget")
        with pytest.raises(TypeError) as raised:
            registry.identifiers()
    assert str(raised.value).startswith(
        f"{__name__}.single_widget_not_a_list must return a list of widgets"
    )


def test_temporarily_adds_and_removes(make_registry):
    with hooks.register_temporarily("lms_test_temporarily", second_widgets):
        registry = make_registry("lms_test_temporarily")

        with registry.temporarily(Widget("extra"), app_label="extra_app"):
            assert registry.identifiers() == ["shared", "extra"]
            assert [e.identifier for e in registry.by_app("extra_app")] == ["extra"]
            assert registry.entries["extra"].source == "temporarily()"
        assert registry.identifiers() == ["shared"]

        # Removed even when the block fails.
        with pytest.raises(RuntimeError):
            with registry.temporarily(Widget("extra")):
                raise RuntimeError
        assert registry.identifiers() == ["shared"]

        # Duplicates are refused exactly as for hooks.
        with pytest.raises(DuplicateIdentifierError) as raised:
            with registry.temporarily(Widget("shared")):
                pass
        assert raised.value.first == f"{__name__}.second_widgets"
        assert raised.value.second == "temporarily()"
        assert registry.identifiers() == ["shared"]


def test_temporarily_on_a_real_registry():
    class ExtraRule(CompletionRule):
        identifier = "test_extra_rule"
        label = "Extra"
        scope = ACTIVITY

    rule = ExtraRule()
    with completion_rules.temporarily(rule):
        assert completion_rules["test_extra_rule"] is rule
    assert "test_extra_rule" not in completion_rules


# Validators of the extension points in courses.hooks ---------------------------


NOT_ACTIVITY = "subclasses of courses.models.ActivityPage"


class BadScopeRule(CompletionRule):
    identifier = "test_bad_scope"
    label = "Bad scope"
    scope = "lesson"  # not one of activity, module, course


@pytest.mark.parametrize(
    ("registry", "item", "message"),
    [
        (completion_rules, BadScopeRule(), "whose scope is one of"),
        (completion_rules, "lesson_viewed", "must return CompletionRule instances"),
        (lesson_blocks, ("plain_text", "not a block"), r"\(name, Block instance\)"),
        (lesson_blocks, blocks.CharBlock(), r"\(name, Block instance\)"),
        (lesson_blocks, ("a", "b", blocks.CharBlock()), r"\(name, Block instance\)"),
        (activity_pages, CoursePage, NOT_ACTIVITY),
        (activity_pages, Widget, NOT_ACTIVITY),
        (activity_pages, "courses.LessonPage", NOT_ACTIVITY),
    ],
    ids=[
        "rule-bad-scope",
        "rule-not-a-rule",
        "block-not-a-block",
        "block-without-name",
        "block-triple",
        "page-not-an-activity",
        "page-not-a-model",
        "page-label",
    ],
)
def test_invalid_items_are_rejected(registry, item, message):
    before = registry.identifiers()

    with pytest.raises(TypeError, match=message) as raised:
        with registry.temporarily(item):
            pass

    assert "(returned by temporarily())" in str(raised.value)
    assert registry.identifiers() == before


def test_valid_items_are_accepted():
    with lesson_blocks.temporarily(("test_quote", blocks.BlockQuoteBlock())):
        assert isinstance(lesson_blocks["test_quote"], tuple)
    assert "courses.LessonPage" in activity_pages
    assert activity_pages["courses.LessonPage"] is LessonPage


def test_by_app_attributes_entries_to_the_contributing_app():
    assert [e.identifier for e in lesson_blocks.by_app("sample_plugin")] == ["key_term"]
    assert [e.identifier for e in completion_rules.by_app("sample_plugin")] == [
        "sample_acknowledged"
    ]
    sample_rule = completion_rules.entries["sample_acknowledged"]
    assert sample_rule.source == "lms_sample_plugin.wagtail_hooks.register_rules"

    core_rules = {e.identifier for e in completion_rules.by_app("courses")}
    assert {"lesson_viewed", "all_activities_complete", "all_modules_complete"} <= (
        core_rules
    )
    assert "sample_acknowledged" not in core_rules
    assert [e.identifier for e in activity_pages.by_app("courses")] == [
        "courses.LessonPage"
    ]
    assert lesson_blocks.by_app("courses") == []
    # Built-ins come first: courses registers with order=-100.
    assert completion_rules.identifiers()[:3] == [
        "lesson_viewed",
        "all_activities_complete",
        "all_modules_complete",
    ]
