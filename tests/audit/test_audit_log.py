"""The audit log: append-only, read-only in the admin, open only to those allowed.

Trainers (and everybody else without ``audit.view_auditevent``) cannot read
it, and nobody can change it: no add, edit or delete route exists, and the
model refuses changes whatever the caller.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone

from audit.log import record
from audit.models import AuditEvent, AuditLogIsAppendOnly
from audit.views import AuditLogPolicy
from tests import factories
from tests.accounts.admin_helpers import people, permission, with_admin_access

pytestmark = pytest.mark.django_db

INDEX = reverse("audit_log:index")


def inspect_url(event) -> str:
    return reverse("audit_log:inspect", args=[event.pk])


@pytest.fixture
def admin(db):
    return factories.make_user("admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def org_a(db):
    return factories.make_organisation("ORG-A", name="Organisation A")


@pytest.fixture
def org_b(db):
    return factories.make_organisation("ORG-B", name="Organisation B")


def event(action="report.downloaded", **fields) -> AuditEvent:
    details = fields.pop("details", {"report": "completions", "rows": 3})
    return record(action, **fields, **details)


def listed(client, **params) -> list[AuditEvent]:
    response = client.get(INDEX, params)
    assert response.status_code == 200
    return list(response.context["object_list"])


# Nobody changes the log ----------------------------------------------------------


def test_a_saved_event_cannot_be_saved_again():
    saved = event()
    saved.action = "something.else"

    with pytest.raises(AuditLogIsAppendOnly):
        saved.save()
    assert AuditEvent.objects.get(pk=saved.pk).action == "report.downloaded"


def test_an_event_cannot_be_deleted_one_by_one_or_in_bulk():
    saved = event()

    with pytest.raises(AuditLogIsAppendOnly):
        saved.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=saved.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().update(action="tampered")
    assert AuditEvent.objects.filter(pk=saved.pk, action="report.downloaded").exists()


def test_no_route_adds_edits_or_deletes_an_event(admin_client):
    saved = event()
    for name in ("add", "edit", "delete", "copy", "history", "usage"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit_log:{name}", args=[saved.pk])
        with pytest.raises(NoReverseMatch):
            reverse(f"audit_log:{name}")
    for path in ("new/", f"edit/{saved.pk}/", f"delete/{saved.pk}/"):
        # Only Wagtail's catch-all "not found" page answers these paths.
        assert resolve(f"{INDEX}{path}").namespace != "audit_log"
        assert admin_client.get(f"{INDEX}{path}").status_code == 404
        assert admin_client.post(f"{INDEX}{path}", {"action": "x"}).status_code == 404
    assert AuditEvent.objects.get(pk=saved.pk).action == "report.downloaded"


def test_the_log_pages_refuse_post_and_delete_even_for_an_admin(admin_client):
    saved = event()

    for url in (INDEX, inspect_url(saved)):
        assert admin_client.post(url, {"action": "x"}).status_code == 405
        assert admin_client.delete(url).status_code == 405
    assert AuditEvent.objects.get(pk=saved.pk).action == "report.downloaded"


def test_not_even_a_superuser_holds_add_change_or_delete(admin):
    policy = AuditLogPolicy(AuditEvent)

    assert policy.user_has_permission(admin, "view")
    for action in ("add", "change", "delete"):
        assert not policy.user_has_permission(admin, action)
    assert not policy.user_has_any_permission(admin, {"add", "change", "delete"})


# Who may read it -----------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    saved = event()
    for url in (INDEX, inspect_url(saved)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url


@pytest.mark.parametrize(
    "who", ["officer", "reviewer of A", "reviewer of B", "trainer of X"]
)
def test_only_admins_and_auditors_may_read_the_log(client, course, org_a, org_b, who):
    person = people(course, org_a, org_b)[who]
    saved = event(organisation=org_a, actor=person)
    client.force_login(person)

    responses = [client.get(INDEX), client.get(inspect_url(saved))]

    # The plain officer may not enter the admin at all; the others are refused
    # by the log itself, even a reviewer of the organisation the event is about.
    expected = {302} if who == "officer" else {403}
    assert {r.status_code for r in responses} == expected
    assert "report.downloaded" not in responses[0].content.decode()


def test_a_trainer_gets_403_and_no_menu_item(client, course, org_a, org_b):
    trainer = people(course, org_a, org_b)["trainer of X"]
    client.force_login(trainer)

    assert client.get(INDEX).status_code == 403
    assert INDEX not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_someone_given_the_view_permission_reads_the_whole_log(client, org_a, org_b):
    auditor = with_admin_access(
        factories.make_user("officer"), permission("audit", "view_auditevent")
    )
    mine, theirs = event(organisation=org_a), event(organisation=org_b)
    client.force_login(auditor)

    assert set(listed(client)) >= {mine, theirs}
    assert client.get(inspect_url(theirs)).status_code == 200
    assert INDEX in client.get(reverse("wagtailadmin_home")).content.decode()


def test_no_group_is_given_the_view_permission_by_default():
    holders = Group.objects.filter(permissions__codename="view_auditevent")
    assert list(holders) == []


def test_an_inactive_superuser_reads_nothing(client):
    former = factories.make_user("admin", is_active=False)
    client.force_login(former)
    assert client.get(INDEX).status_code == 302


# The list ------------------------------------------------------------------------


def test_the_list_shows_who_did_what_when_and_to_what(admin_client, admin, org_a):
    officer = factories.make_user("officer", full_name="Chan Sokha")
    saved = event(
        "certificate.downloaded", actor=admin, target=officer, organisation=org_a
    )

    response = admin_client.get(INDEX)

    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        admin.username,
        "certificate.downloaded",
        officer.username,
        "Organisation A",
    ):
        assert text in content
    assert inspect_url(saved) in content
    assert f'href="{reverse("audit_log:index")}new/"' not in content


def test_filters_by_action_actor_dates_and_organisation(admin_client, admin):
    ministry = factories.make_organisation("MIN", name="Ministry")
    department = factories.make_organisation("DEP", name="Department")
    unit = factories.make_organisation("UNIT", name="Unit")
    department.parent, unit.parent = ministry, department
    department.save()
    unit.save()
    other = factories.make_organisation("OTHER")
    reviewer = factories.make_user("reviewer", reviews=other)
    baseline = set(AuditEvent.objects.values_list("pk", flat=True))

    in_unit = event("report.downloaded", actor=admin, organisation=unit)
    in_ministry = event("certificate.downloaded", actor=reviewer, organisation=ministry)
    elsewhere = event("certificate.downloaded", actor=reviewer, organisation=other)
    old = AuditEvent(action="import.applied", at=timezone.now() - timedelta(days=40))
    old.save()

    def pks(**params):
        return {e.pk for e in listed(admin_client, **params)} - baseline

    assert pks() == {in_unit.pk, in_ministry.pk, elsewhere.pk, old.pk}
    assert pks(action="certificate.downloaded") == {in_ministry.pk, elsewhere.pk}
    assert pks(actor=reviewer.pk) == {in_ministry.pk, elsewhere.pk}
    assert pks(organisation=ministry.pk) == {in_unit.pk, in_ministry.pk}
    assert pks(organisation=unit.pk) == {in_unit.pk}
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert pks(at_from=since) == {in_unit.pk, in_ministry.pk, elsewhere.pk}
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert pks(at_to=until) == {old.pk}
    assert pks(q="import.applied") == {old.pk}
    assert pks(q=reviewer.username, action="certificate.downloaded") == {
        in_ministry.pk,
        elsewhere.pk,
    }


def test_an_unknown_action_or_date_is_reported_on_the_filter(admin_client):
    event()
    for params, field in (({"action": "no.such"}, "action"), ({"at_from": "x"}, "at")):
        response = admin_client.get(INDEX, params)
        assert response.status_code == 200
        assert field in response.context["filters"].errors


def test_the_list_is_paginated_with_a_fixed_number_of_queries(
    admin_client, org_a, django_assert_max_num_queries
):
    for _ in range(3):
        event(organisation=org_a)
    with django_assert_max_num_queries(40) as few:
        admin_client.get(INDEX)
    for _index in range(45):
        event(organisation=org_a, actor=factories.make_user("officer"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        first = admin_client.get(INDEX)
    assert len(first.context["object_list"]) == 20
    third = admin_client.get(INDEX, {"p": 3})
    assert third.status_code == 200
    assert len(third.context["object_list"]) == AuditEvent.objects.count() - 40


# One event -----------------------------------------------------------------------


def test_the_inspect_page_shows_the_details_as_json(admin_client, admin, org_a):
    saved = event(
        "import.applied",
        actor=admin,
        organisation=org_a,
        details={"rows": 2, "names": ["ចាន់ សុខា"], "note": "<b>not html</b>"},
    )

    response = admin_client.get(inspect_url(saved))

    content = response.content.decode()
    assert response.status_code == 200
    assert "&quot;rows&quot;: 2" in content
    assert "ចាន់ សុខា" in content  # readable, not \u escapes
    assert "&lt;b&gt;not html&lt;/b&gt;" in content
    assert "<pre>" in content
    assert "<dt>Who (as recorded)</dt>" in content
    assert "<dt>ID</dt>" not in content
    assert "Organisation A" in content


def test_inspecting_a_missing_event_is_not_found(admin_client):
    assert (
        admin_client.get(reverse("audit_log:inspect", args=[999999])).status_code == 404
    )
