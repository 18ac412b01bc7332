"""Serving pages: the URL picks the language version, the officer the interface.

Wagtail routes a request through the site root's translation in the *active*
language. Here the active language is the officer's interface language (a
preference, a cookie), which is not always the language of the version they
asked for: a Khmer-speaking officer may open the English version of a course
that has no Khmer one, and keep Khmer menus and buttons. So the route is
found in the language the URL names (``/km/...`` or the default), and the
page is then served in the officer's interface language.
"""

from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail import views as wagtail_views
from wagtail.models import Page


def content_language(request) -> str:
    """The language of the version the URL asks for."""
    return (
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )


def serve(request, path):
    from courses.translations import page_language

    language = content_language(request)
    with translation.override(language):
        # Wagtail caches the route on the request; its serve view reuses it.
        route = Page.route_for_request(request, path)
    if route is not None and page_language(route[0]) != language:
        # /km/... of a site with no Khmer version: one page, one address.
        raise Http404
    return wagtail_views.serve(request, path)


def page_for_path(request, path: str):
    """The live page a path of the site addresses, or ``None``."""
    from django.urls import Resolver404, resolve
    from wagtail.models import Site

    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name != "wagtail_serve":
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        root = site.root_page.localized
    components = [part for part in match.args[0].split("/") if part]
    try:
        page = root.specific.route(request, components).page
    except Http404:
        return None
    return page if page.live else None


def url_in_language(request, url: str, language: str) -> str | None:
    """``url`` moved to the ``language`` version of the page it shows, if that
    page has a live version in ``language``; ``None`` when it is not a page."""
    from urllib.parse import urlsplit, urlunsplit

    from courses.translations import version_for_language

    parts = urlsplit(url)
    page = page_for_path(request, parts.path)
    if page is None:
        return None
    version = version_for_language(page.specific, language)
    version_url = version.get_url(request)
    if version_url is None:
        return None
    return urlunsplit(("", "", version_url, parts.query, parts.fragment))
