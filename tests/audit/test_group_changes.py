"""Group membership changes are logged wherever they are made (``accounts.signals``)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts.roles import ORGANISATION_REVIEWERS, TRAINERS, grant, revoke
from accounts.signals import acting_as, acting_user
from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainers():
    return Group.objects.get_or_create(name=TRAINERS)[0]


@pytest.fixture
def reviewers():
    return Group.objects.get_or_create(name=ORGANISATION_REVIEWERS)[0]


def group_events():
    return list(AuditEvent.objects.filter(action="group.changed").order_by("pk"))


def test_joining_groups_is_logged_with_the_group_names(trainers, reviewers):
    unit = factories.make_organisation()
    officer = factories.make_user("officer", organisation=unit)

    officer.groups.add(trainers, reviewers)

    (event,) = group_events()
    assert event.details == {
        "added": sorted([TRAINERS, ORGANISATION_REVIEWERS]),
        "removed": [],
    }
    assert (event.target_type, event.target_id) == ("accounts.user", str(officer.pk))
    assert event.organisation == unit
    assert event.actor is None  # nobody known: a shell, a command


def test_adding_a_group_the_user_has_already_logs_nothing(trainers):
    officer = factories.make_user("officer")
    officer.groups.add(trainers)

    officer.groups.add(trainers)

    assert len(group_events()) == 1


def test_leaving_is_logged_but_removing_a_non_member_is_not(trainers, reviewers):
    officer = factories.make_user("officer")
    officer.groups.add(trainers)

    officer.groups.remove(trainers, reviewers)
    officer.groups.remove(trainers)

    joined, left = group_events()
    assert left.details == {"added": [], "removed": [TRAINERS]}


def test_clearing_all_groups_names_each_one(trainers, reviewers):
    officer = factories.make_user("officer")
    officer.groups.add(trainers, reviewers)

    officer.groups.clear()
    officer.groups.clear()

    _joined, cleared = group_events()
    assert cleared.details == {
        "added": [],
        "removed": sorted([TRAINERS, ORGANISATION_REVIEWERS]),
    }


def test_set_logs_what_changed(trainers, reviewers):
    officer = factories.make_user("officer")
    officer.groups.add(trainers)

    officer.groups.set([reviewers])

    events = group_events()[1:]
    assert [e.details for e in events] == [
        {"added": [], "removed": [TRAINERS]},
        {"added": [ORGANISATION_REVIEWERS], "removed": []},
    ]


def test_changes_from_the_group_side_are_logged_per_user(trainers):
    first, second = factories.make_user("officer"), factories.make_user("officer")

    trainers.user_set.add(first, second)
    trainers.user_set.remove(first)
    trainers.user_set.clear()

    by_user = {}
    for event in group_events():
        by_user.setdefault(event.target_id, []).append(event.details)
    assert by_user == {
        str(first.pk): [
            {"added": [TRAINERS], "removed": []},
            {"added": [], "removed": [TRAINERS]},
        ],
        str(second.pk): [
            {"added": [TRAINERS], "removed": []},
            {"added": [], "removed": [TRAINERS]},
        ],
    }


def test_acting_as_names_the_actor_and_ends_with_the_block(trainers):
    admin = factories.make_user("admin")
    officer = factories.make_user("officer")

    with acting_as(admin):
        assert acting_user() == admin
        officer.groups.add(trainers)
    officer.groups.remove(trainers)

    added, removed = group_events()
    assert (added.actor, added.actor_name) == (admin, admin.username)
    assert removed.actor is None
    assert acting_user() is None


def test_a_new_request_forgets_an_actor_left_behind(client, trainers):
    from accounts.signals import set_acting_user

    set_acting_user(factories.make_user("admin"))
    client.get("/")  # any request: request_started clears it

    assert acting_user() is None


def test_grant_and_revoke_log_the_role_and_the_group_change(course):
    admin = factories.make_user("admin")
    officer = factories.make_user("officer")

    with acting_as(admin):
        assignment, _ = grant(officer, "trainer", course=course, by=admin)
        revoke(assignment, by=admin)

    actions = list(
        AuditEvent.objects.filter(target_id=str(officer.pk))
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("group.changed", admin.pk),
        ("role.granted", admin.pk),
        ("role.revoked", admin.pk),
        ("group.changed", admin.pk),
    ]


def test_a_rolled_back_change_leaves_no_event(trainers):
    from django.db import transaction

    officer = factories.make_user("officer")

    with pytest.raises(RuntimeError), transaction.atomic():
        officer.groups.add(trainers)
        raise RuntimeError

    assert group_events() == []
