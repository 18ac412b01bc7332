"""The site header shows each role the places it uses, and only those.

Links come from ``lms_register_header_links`` (``accounts.hooks``): courses
("My learning"), certificates ("My certificates"), the portal ("Portal")
and accounts itself ("Authoring", the Wagtail admin).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.hooks import header_links
from accounts.models import User
from accounts.navigation import HeaderLink, landing_url, links_for, viewer_for
from accounts.roles import grant, revoke
from courses.enrolment import enrol
from tests import factories

pytestmark = pytest.mark.django_db

ALWAYS = ["courses", "profile", "sign-out"]


def wide_nav(html: str) -> str:
    """The header's one navigation (inline on wide screens, "Menu" on narrow)."""
    return re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)


def compact_nav(html: str) -> str:
    return re.search(r'<details class="nav-compact">.*?</details>', html, re.S).group(0)


def nav_ids(html: str) -> list[str]:
    return re.findall(r'data-nav="([^"]+)"', wide_nav(html))


@pytest.fixture
def unit(db):
    return factories.make_organisation(name="Poipet checkpoint unit")


@pytest.fixture
def people(unit, course):
    return {
        "officer": factories.make_user("officer", organisation=unit),
        "trainer": factories.make_user("trainer", trains=[course]),
        "lead_trainer": factories.make_user("lead_trainer"),
        "reviewer": factories.make_user("reviewer", organisation=unit),
        "other_reviewer": factories.make_user(
            "reviewer", organisation=factories.make_organisation(name="Customs")
        ),
        "admin": factories.make_user("admin"),
    }


EXPECTED = {
    "officer": ["courses", "learning", "certificates", "profile", "sign-out"],
    "trainer": ["courses", "authoring", "profile", "sign-out"],
    "lead_trainer": ["courses", "authoring", "profile", "sign-out"],
    "reviewer": ["courses", "portal", "profile", "sign-out"],
    "other_reviewer": ["courses", "portal", "profile", "sign-out"],
    "admin": ["courses", "portal", "authoring", "profile", "sign-out"],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_links_and_each_opens(client, people, role):
    client.force_login(people[role])

    html = client.get(reverse("accounts:profile")).content.decode()

    assert nav_ids(html) == EXPECTED[role]
    # Rendered once, inside the compact menu: one "Sign out", one landmark.
    assert re.findall(r'data-nav="([^"]+)"', compact_nav(html)) == EXPECTED[role]
    header = re.search(r"<header.*?</header>", html, re.S).group(0)
    assert re.findall(r'data-nav="([^"]+)"', header) == EXPECTED[role]
    assert header.count('aria-label="Main menu"') == 1
    for href in re.findall(r'<a href="([^"]+)" data-nav', wide_nav(html)):
        response = client.get(href)
        assert response.status_code == 200, (role, href, response.status_code)


def test_a_visitor_sees_the_courses_and_sign_in(client, catalog):
    html = client.get(reverse("accounts:password_reset")).content.decode()

    assert nav_ids(html) == ["courses", "sign-in"]
    assert "/admin/" not in wide_nav(html) and "/portal/" not in wide_nav(html)


def test_staff_who_are_enrolled_also_see_their_learning(client, people, course):
    reviewer = people["reviewer"]
    enrol(reviewer, course)
    client.force_login(reviewer)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert nav_ids(html) == [
        "courses",
        "learning",
        "certificates",
        "portal",
        "profile",
        "sign-out",
    ]


def test_a_reviewer_who_trains_sees_both_places(client, people, course):
    reviewer = people["reviewer"]
    grant(reviewer, "trainer", course=course)
    client.force_login(reviewer)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert nav_ids(html) == ["courses", "portal", "authoring", "profile", "sign-out"]


def test_the_current_place_is_marked(client, people):
    client.force_login(people["reviewer"])

    html = client.get(reverse("portal:officers")).content.decode()

    assert re.search(r'href="/portal/" data-nav="portal" aria-current="page"', html)


def test_the_links_are_translated(client, people):
    client.force_login(people["admin"])
    client.cookies["lms_language"] = "km"

    html = wide_nav(client.get(reverse("accounts:profile")).content.decode())

    with translation.override("km"):
        for label in ("Portal", "Authoring", "Profile", "Sign out"):
            khmer = translation.gettext(label)
            assert khmer != label, label
            assert khmer in html, label


def test_the_compact_menu_needs_no_script(client, people):
    client.force_login(people["officer"])

    html = client.get(reverse("accounts:profile")).content.decode()

    menu = compact_nav(html)
    assert "<summary>Menu</summary>" in menu
    assert '<nav class="nav" aria-label="Main menu">' in menu
    assert "<script" not in re.search(r"<header.*?</header>", html, re.S).group(0)


# Cost: one query for the roles, then none (kept in the cache); none per link --


def test_roles_are_read_in_one_query_then_kept(people, django_assert_num_queries):
    officer = people["officer"]
    with django_assert_num_queries(1):
        viewer = viewer_for(officer)
    with django_assert_num_queries(0):
        assert viewer_for(officer) is viewer
        links = links_for(viewer)
    # The next request (a new user object) reads the kept roles.
    again = User.objects.get(pk=officer.pk)
    with django_assert_num_queries(0):
        assert viewer_for(again) == viewer
    assert [link.identifier for link, _url in links] == ["learning", "certificates"]


def test_a_role_given_or_taken_shows_at_once(client, people, course, unit):
    officer = people["officer"]
    client.force_login(officer)
    assert "portal" not in nav_ids(client.get("/accounts/profile/").content.decode())

    assignment, _created = grant(officer, "reviewer", organisation=unit)
    assert "portal" in nav_ids(client.get("/accounts/profile/").content.decode())

    revoke(assignment)
    assert "portal" not in nav_ids(client.get("/accounts/profile/").content.decode())


def test_a_group_given_in_the_admin_shows_at_once(client, people):
    from django.contrib.auth.models import Group

    from accounts.roles import LEAD_TRAINERS

    officer = people["officer"]
    client.force_login(officer)
    assert "authoring" not in nav_ids(client.get("/accounts/profile/").content.decode())

    officer.groups.add(Group.objects.get(name=LEAD_TRAINERS))

    assert "authoring" in nav_ids(client.get("/accounts/profile/").content.decode())


def test_staff_links_share_one_enrolment_lookup(people, django_assert_num_queries):
    admin = people["admin"]
    viewer = viewer_for(admin)
    with django_assert_num_queries(1):
        links_for(viewer)
        links_for(viewer)


# The hook's contract ---------------------------------------------------------


def test_a_link_from_another_app_shows_where_it_says_and_can_land(people):
    extra = HeaderLink(
        identifier="test-reports",
        label="Test reports",
        url="/accounts/profile/",
        shown_to=lambda viewer: viewer.is_reviewer,
        lands=lambda viewer: -1,
        order=5,
    )
    with header_links.temporarily(extra):
        reviewer_links = links_for(viewer_for(people["reviewer"]))
        officer_links = links_for(viewer_for(people["officer"]))
        assert landing_url(people["reviewer"]) == "/accounts/profile/"

    assert reviewer_links[0][0] is extra
    assert extra not in [link for link, _url in officer_links]


def test_a_link_whose_url_does_not_resolve_is_hidden(people):
    broken = HeaderLink(
        identifier="test-missing",
        label="Missing",
        url="nowhere:at-all",
        shown_to=lambda viewer: True,
    )
    with header_links.temporarily(broken):
        links = links_for(viewer_for(people["officer"]))

    assert broken not in [link for link, _url in links]


def test_the_hook_refuses_anything_but_header_links():
    with pytest.raises(TypeError, match="HeaderLink"):
        with header_links.temporarily({"identifier": "x", "url": "/"}):
            pass


def test_an_inactive_user_gets_no_links(people):
    officer = people["officer"]
    officer.is_active = False

    assert links_for(viewer_for(officer)) == []


def test_a_fresh_client_per_role_does_not_leak_roles(people):
    # The roles are cached per user object (per request), not per process.
    first, second = Client(), Client()
    first.force_login(people["reviewer"])
    second.force_login(people["officer"])

    assert "portal" in nav_ids(first.get("/accounts/profile/").content.decode())
    assert "portal" not in nav_ids(second.get("/accounts/profile/").content.decode())
