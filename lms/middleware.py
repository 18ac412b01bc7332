"""Middleware of the project."""

from django.middleware.gzip import GZipMiddleware
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

#: Already compressed: gzipping them again costs CPU, drops Content-Length and
#: slows a bulk ZIP download from disk speed to compression speed.
COMPRESSED_TYPES = ("application/pdf", "application/zip", "image/", "video/", "audio/")


class GZipTextMiddleware(GZipMiddleware):
    """Django's gzip, for text only: pages, CSS, JS, JSON and CSV."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if content_type.startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)


class InterfaceLanguageMiddleware(LocaleMiddleware):
    """The interface language is the officer's choice, never the URL's.

    Django's ``LocaleMiddleware`` takes the language from a ``/km/`` prefix
    when ``i18n_patterns`` are used, and forces the default language on
    unprefixed URLs. Page URLs carry a prefix only to name the *content*
    version (``lms.page_serving``); the interface follows the language cookie
    (set from the officer's preference at sign-in and by the switcher), then
    the browser's Accept-Language.
    """

    def process_request(self, request):
        language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
