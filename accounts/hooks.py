"""Extension points that ``accounts`` offers to the apps above it.

``lms_register_header_links``
    The site header (``lms/templates/base.html``) shows each signed-in person
    the places they work in, and sign-in lands them in the most specific one
    (``accounts.navigation``). ``accounts`` cannot import the apps that own
    those places (courses, certificates, the portal), so each app contributes
    its own link. Implemented in an app's ``wagtail_hooks.py`` by a function
    that takes no arguments and returns a list of
    :class:`accounts.navigation.HeaderLink`. Identifiers are unique across
    apps (a duplicate is refused, system check ``lms.E003``); they appear as
    ``data-nav`` attributes in the header, so keep them stable.

    Each link answers two questions about a :class:`accounts.navigation.Viewer`
    (the person's roles, read in one query per request):

    - ``shown_to(viewer) -> bool``: is the link in this person's header? Only
      places the person can open. Must not query the database per link; use
      the viewer's facts or ``viewer.remember(key, compute)`` for a fact
      several links share.
    - ``lands(viewer) -> int | None``: should sign-in take this person here?
      ``None`` for no; otherwise a rank, where the lowest rank over all links
      wins (``accounts.navigation.LANDING_*`` hold the built-in ranks).

    Links are shown in ascending ``order`` (then identifier). The header adds
    "Profile" and "Sign out" (or "Sign in") itself.
"""

from lms.registry import Registry

HEADER_LINKS_HOOK = "lms_register_header_links"


def _validate_header_link(item):
    from accounts.navigation import HeaderLink

    if not isinstance(item, HeaderLink):
        raise TypeError(
            f"{HEADER_LINKS_HOOK} must return HeaderLink instances, got {item!r}"
        )


header_links = Registry(
    HEADER_LINKS_HOOK, kind="header link", validate=_validate_header_link
)
