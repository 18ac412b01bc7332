"""The portal's menu: which sections a user sees, by role; and its header link.

Sections whose URL names do not exist yet are skipped, so an area can land
before or after the menu mentions it. The site header's "Portal" link is
registered through ``lms_register_header_links`` (``accounts.hooks``) when
``portal.wagtail_hooks`` imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from accounts.hooks import HEADER_LINKS_HOOK
from accounts.navigation import LANDING_REVIEWER, HeaderLink, Viewer
from accounts.scope import scope_for


@dataclass(frozen=True)
class Section:
    url_name: str
    label: object
    #: "reviewer": reviewers and admins; "portal": also trainers.
    audience: str


SECTIONS = (
    Section("portal:dashboard", _("Dashboard"), "reviewer"),
    Section("portal:officers", _("Officers"), "reviewer"),
    Section("portal:certificates", _("Certificates"), "reviewer"),
    Section("portal:reports", _("Reports"), "portal"),
    Section("portal:cohorts", _("Enrol a cohort"), "reviewer"),
    Section("portal:imports", _("Import officers"), "reviewer"),
    Section("portal:registrations", _("Registrations"), "reviewer"),
)


def sections_for(user, current_path: str = "") -> list[dict]:
    scope = scope_for(user)
    reviewer = scope.is_admin or scope.is_reviewer
    trainer = scope.is_trainer
    shown = []
    for section in SECTIONS:
        if section.audience == "reviewer" and not reviewer:
            continue
        if section.audience == "portal" and not (reviewer or trainer):
            continue
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            continue
        current = current_path == url or (
            url != reverse_root() and current_path.startswith(url)
        )
        shown.append({"url": url, "label": section.label, "current": current})
    return shown


def reverse_root() -> str:
    try:
        return reverse("portal:dashboard")
    except NoReverseMatch:
        return "/portal/"


def _shown(viewer: Viewer) -> bool:
    # The portal's home (the dashboard) is for reviewers and admins; trainers
    # reach their reports from the admin's "Reports" menu item.
    return viewer.is_admin or viewer.is_reviewer


def _lands(viewer: Viewer):
    # A platform admin lands in the admin (accounts.navigation.LANDING_ADMIN).
    return LANDING_REVIEWER if viewer.is_reviewer else None


@hooks.register(HEADER_LINKS_HOOK)
def register_portal_link():
    return [
        HeaderLink(
            identifier="portal",
            label=_("Portal"),
            url="portal:dashboard",
            shown_to=_shown,
            lands=_lands,
            order=30,
        )
    ]
