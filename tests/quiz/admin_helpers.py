"""Users and form data for the quiz admin tests."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from accounts.roles import grant
from courses.models import CoursePage
from tests.factories import make_user, unique

#: What a trainer needs to build question banks and mark (the report lists them).
BANK_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("quiz", "add_question"),
    ("quiz", "change_question"),
    ("quiz", "delete_question"),
    ("quiz", "add_questioncategory"),
    ("quiz", "change_questioncategory"),
    ("quiz", "delete_questioncategory"),
]


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def make_trainer(*, bank=True, edit_pages=()):
    """A trainer with the bank permissions and "change" on ``edit_pages``,
    assigned as trainer of the courses those pages belong to.

    ``bank=False`` gives a staff user outside the Trainers group (which holds
    the bank permissions after migrate) with only the first bank permission.
    """
    trainer = make_user("trainer")
    if not bank:
        trainer.groups.clear()
    group = Group.objects.create(name=unique("Editors"))
    codes = BANK_PERMISSIONS if bank else BANK_PERMISSIONS[:1]
    group.permissions.add(*(permission(app, code) for app, code in codes))
    for page in edit_pages:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=permission("wagtailcore", "change_page")
        )
        course = (
            CoursePage.objects.filter(pk=page.pk).first()
            or CoursePage.objects.ancestor_of(page).first()
        )
        if course is not None:
            grant(trainer, "trainer", course=course)
    trainer.groups.add(group)
    return trainer


def question_post(category, choices, *, title="Genuine passport", mark="1", **extra):
    """POST data of the multiple-choice question form; ``choices`` are dicts."""
    rows = []
    for choice in choices:
        row = {
            "text": choice["text"],
            "text_km": "",
            "match_text": "",
            "match_text_km": "",
            "fraction": str(choice["fraction"]),
            "tolerance": "",
            "feedback": choice.get("feedback", ""),
            "feedback_km": "",
        }
        if "id" in choice:
            row["id"] = str(choice["id"])
        rows.append(row)
    initial = sum(1 for choice in choices if "id" in choice)
    data = {
        "category": str(category.pk),
        "title": title,
        "text": rich_text(extra.pop("text", "<p>Which passport is genuine?</p>")),
        "text_km": "null",  # what an empty editor posts
        "explanation": "null",
        "explanation_km": "null",
        "default_mark": mark,
        "choices": inline_formset(rows, initial=initial),
        **extra,
    }
    return nested_form_data(data)
