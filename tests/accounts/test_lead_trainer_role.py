"""The Trainers and Lead trainers groups and the review workflow (``accounts`` 0005).

The migration ran on the test database (a fresh one: no catalog yet); the
tests below also run its rules again on a database set up as the old demo
loader left it, to check that it corrects it and changes nothing the second
time.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
)

from accounts.roles import LEAD_TRAINERS, TRAINERS
from courses.demo import people
from tests import factories

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "accounts.migrations.0005_lead_trainers_course_review"
)


def page_permissions(group_name) -> set[tuple[int, str]]:
    return set(
        GroupPagePermission.objects.filter(group__name=group_name).values_list(
            "page__depth", "permission__codename"
        )
    )


def page_permission(codename) -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailcore", codename=codename
    )


def root_workflow() -> str:
    return WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow.name


def test_the_migrated_database_has_both_groups_with_their_permissions():
    assert page_permissions(TRAINERS) == {(1, "add_page"), (1, "change_page")}
    assert page_permissions(LEAD_TRAINERS) == {
        (1, "add_page"),
        (1, "change_page"),
        (1, "publish_page"),
    }
    for name in (TRAINERS, LEAD_TRAINERS):
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists()
        codenames = set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "permission__codename", flat=True
            )
        )
        assert {"add_image", "choose_document", "change_document"} <= codenames
    assert root_workflow() == "Course review"


def test_lead_trainers_hold_every_permission_trainers_hold():
    """The question bank's permissions come after migrating (the quiz plugin's
    post-migrate step), so the rules are run again as on an existing site."""
    trainers = Group.objects.get(name=TRAINERS)
    assert trainers.permissions.filter(codename="add_question").exists()

    migration.apply(apps.get_model, reassign=True)

    trainer_codenames = set(trainers.permissions.values_list("codename", flat=True))
    lead = factories.make_user("lead_trainer")
    for codename in trainer_codenames:
        app_label = Permission.objects.get(
            codename=codename, group=trainers
        ).content_type.app_label
        assert lead.has_perm(f"{app_label}.{codename}"), codename


def test_a_site_set_up_by_the_old_demo_is_corrected_once(catalog):
    trainers = Group.objects.get(name=TRAINERS)
    for codename in ("add_page", "change_page", "publish_page", "bulk_delete_page"):
        GroupPagePermission.objects.create(
            group=trainers, page=catalog, permission=page_permission(codename)
        )
    moderators = Workflow.objects.create(name="Moderators approval")
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).update(
        workflow=moderators
    )

    created = migration.apply(apps.get_model, reassign=True)

    # Nothing was missing but the bank permissions granted after migrating.
    assert set(created) <= {"group permissions"}
    assert page_permissions(TRAINERS) == {(1, "add_page"), (1, "change_page")}
    assert root_workflow() == "Course review"
    before = (
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )
    assert not migration.apply(apps.get_model, reassign=True)
    assert (
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    ) == before


def test_the_demo_loader_only_adds_what_is_missing(catalog):
    """Without ``reassign`` an administrator's choices stay as they are."""
    trainers = Group.objects.get(name=TRAINERS)
    GroupPagePermission.objects.create(
        group=trainers, page=catalog, permission=page_permission("publish_page")
    )
    other = Workflow.objects.create(name="Ministry sign-off")
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).update(workflow=other)
    Group.objects.filter(name=LEAD_TRAINERS).delete()

    created = migration.apply(apps.get_model, reassign=False)

    assert created["groups"] == 1
    assert created["page permissions"] == 3  # the new Lead trainers group's
    assert (2, "publish_page") in page_permissions(TRAINERS)
    assert root_workflow() == "Ministry sign-off"
    task = Workflow.objects.get(name="Course review").tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [LEAD_TRAINERS]


def test_the_demo_has_a_lead_trainer_account():
    lead = next(d for d in people.DEMO_USERS if d.username == "lead-trainer")
    assert lead.role == people.LEAD_TRAINER
    assert lead.password == "lead-trainer-demo-2026"
