"""Organisations form a tree: no cycles, and a reviewer's scope reaches every level."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.admin_forms import organisation_paths
from accounts.models import Organisation, User
from accounts.scope import organisation_ids_under, scope_for
from tests import factories
from tests.accounts.admin_helpers import with_admin_access

pytestmark = pytest.mark.django_db


def org(code, parent=None, kind="unit", **fields) -> Organisation:
    return Organisation.objects.create(
        code=code, name=fields.pop("name", code), kind=kind, parent=parent, **fields
    )


@pytest.fixture
def tree():
    """Ministry -> department -> office -> unit, plus a sibling branch."""
    ministry = org("MOI", kind="ministry", name="Ministry of Interior")
    department = org("GDI", ministry, "department", name="Immigration")
    office = org("GDI-BMC", department, "department", name="Banteay Meanchey office")
    unit = org("GDI-POIPET", office, name="Poipet unit")
    sibling = org("GCNP", ministry, "department", name="National Police")
    other = org("MEF", kind="ministry", name="Economy and Finance")
    return {
        "ministry": ministry,
        "department": department,
        "office": office,
        "unit": unit,
        "sibling": sibling,
        "other": other,
    }


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


# No cycles ------------------------------------------------------------------------


def test_an_organisation_cannot_be_its_own_parent(tree):
    ministry = tree["ministry"]
    ministry.parent = ministry

    with pytest.raises(ValidationError) as refused:
        ministry.full_clean()
    assert "parent" in refused.value.message_dict


@pytest.mark.parametrize("below", ["department", "office", "unit"])
def test_an_organisation_cannot_go_under_one_of_its_own_units(tree, below):
    ministry = tree["ministry"]
    ministry.parent = tree[below]

    with pytest.raises(ValidationError) as refused:
        ministry.full_clean()
    assert "under one of its own units" in " ".join(
        refused.value.message_dict["parent"]
    )


def test_moving_a_branch_elsewhere_in_the_tree_is_fine(tree):
    office = tree["office"]
    office.parent = tree["sibling"]
    office.full_clean()
    office.save()
    assert organisation_ids_under(tree["sibling"].pk) == {
        tree["sibling"].pk,
        office.pk,
        tree["unit"].pk,
    }


def test_the_admin_refuses_a_cycle_and_saves_nothing(client, tree):
    client.force_login(factories.make_user("admin"))
    ministry = tree["ministry"]
    url = reverse("wagtailsnippets_accounts_organisation:edit", args=[ministry.pk])

    response = client.post(
        url,
        {
            "name": ministry.name,
            "name_km": "",
            "code": ministry.code,
            "kind": "ministry",
            "parent": tree["unit"].pk,
            "province": "",
        },
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    ministry.refresh_from_db()
    assert ministry.parent is None


# What is under what ---------------------------------------------------------------


def test_ids_under_a_root_reach_depth_three_and_stop_at_the_branch(tree):
    assert organisation_ids_under(tree["ministry"].pk) == {
        tree[name].pk
        for name in ("ministry", "department", "office", "unit", "sibling")
    }
    assert organisation_ids_under(tree["department"].pk) == {
        tree[name].pk for name in ("department", "office", "unit")
    }
    assert organisation_ids_under(tree["unit"].pk) == {tree["unit"].pk}


def test_ids_under_several_roots_none_and_unknown(tree):
    assert organisation_ids_under(tree["sibling"].pk, tree["other"].pk) == {
        tree["sibling"].pk,
        tree["other"].pk,
    }
    assert organisation_ids_under() == set()
    assert organisation_ids_under(None) == set()
    assert organisation_ids_under(987654) == {987654}


def test_ids_under_is_one_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        organisation_ids_under(tree["ministry"].pk)


def test_a_ministry_reviewer_sees_an_officer_three_levels_down(tree):
    officer = factories.make_user("officer", organisation=tree["unit"])
    police = factories.make_user("officer", organisation=tree["sibling"])
    elsewhere = factories.make_user("officer", organisation=tree["other"])
    ministry_reviewer = factories.make_user("reviewer", reviews=tree["ministry"])
    department_reviewer = factories.make_user("reviewer", reviews=tree["department"])

    scope = scope_for(fresh(ministry_reviewer))
    assert tree["unit"].pk in scope.organisation_ids
    assert scope.reviewed_organisation_ids == {tree["ministry"].pk}
    seen = set(User.objects.visible_to(fresh(ministry_reviewer)))
    assert {officer, police} <= seen
    assert elsewhere not in seen

    seen = set(User.objects.visible_to(fresh(department_reviewer)))
    assert officer in seen
    assert police not in seen and elsewhere not in seen
    assert set(Organisation.objects.visible_to(fresh(department_reviewer))) == {
        tree["department"],
        tree["office"],
        tree["unit"],
    }


def test_a_unit_added_later_is_in_scope_at_once(tree):
    reviewer = factories.make_user("reviewer", reviews=tree["department"])
    new_unit = org("GDI-BAVET", tree["department"])
    officer = factories.make_user("officer", organisation=new_unit)

    assert officer in User.objects.visible_to(fresh(reviewer))


# In the admin ---------------------------------------------------------------------


def test_paths_name_every_ancestor_in_the_active_language(tree):
    Organisation.objects.filter(pk=tree["ministry"].pk).update(name_km="ក្រសួងមហាផ្ទៃ")
    from django.utils import translation

    paths = organisation_paths()
    assert paths[tree["unit"].pk] == (
        "Ministry of Interior › Immigration › Banteay Meanchey office › Poipet unit"
    )
    with translation.override("km"):
        assert organisation_paths()[tree["department"].pk] == (
            "ក្រសួងមហាផ្ទៃ › Immigration"
        )


def test_the_admin_list_shows_where_each_organisation_sits(
    client, tree, django_assert_max_num_queries
):
    client.force_login(factories.make_user("admin"))
    url = reverse("wagtailsnippets_accounts_organisation:list")

    with django_assert_max_num_queries(40) as few:
        response = client.get(url)
    content = response.content.decode()
    assert "Ministry of Interior › Immigration › Banteay Meanchey office" in content

    for index in range(10):
        org(f"EXTRA-{index}", tree["unit"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_admin_filters_organisations_by_province_and_parent(client, tree):
    client.force_login(factories.make_user("admin"))
    Organisation.objects.filter(pk=tree["unit"].pk).update(province="01")
    url = reverse("wagtailsnippets_accounts_organisation:list")

    by_province = client.get(url, {"province": "01"}).context["object_list"]
    by_parent = client.get(url, {"parent": tree["ministry"].pk}).context["object_list"]

    assert list(by_province) == [tree["unit"]]
    assert set(by_parent) == {tree["department"], tree["sibling"]}


def test_an_organisation_province_must_be_one_of_the_25(client, tree):
    client.force_login(factories.make_user("admin"))
    unit = tree["unit"]
    url = reverse("wagtailsnippets_accounts_organisation:edit", args=[unit.pk])
    data = {
        "name": unit.name,
        "name_km": "",
        "code": unit.code,
        "kind": "unit",
        "parent": unit.parent_id,
    }

    refused = client.post(url, {**data, "province": "26"})
    saved = client.post(url, {**data, "province": "01"})

    assert "province" in refused.context["form"].errors
    assert saved.status_code == 302
    unit.refresh_from_db()
    assert unit.province == "01"


@pytest.mark.parametrize("model", ["organisation", "dutystation"])
def test_the_choosers_answer_only_those_who_manage_the_model(client, tree, model):
    url = reverse(f"wagtailsnippetchoosers_accounts_{model}:choose")
    ajax = {"headers": {"x-requested-with": "XMLHttpRequest"}}
    trainer = factories.make_user("trainer")
    client.force_login(with_admin_access(trainer))
    assert client.get(url, **ajax).status_code == 403

    client.force_login(factories.make_user("admin"))
    assert client.get(url, **ajax).status_code == 200
