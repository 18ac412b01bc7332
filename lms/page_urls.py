"""Wagtail's page URLs, with the language version in the path.

English versions (the default language) live at ``/...`` and Khmer versions
at ``/km/...``. Django's ``i18n_patterns`` would do this, but its prefix
only matches the *active* language, and the active language here is the
officer's interface language, not the version they open (see
``lms.page_serving``). :class:`ContentLanguagePrefixPattern` matches any
language's prefix, and still reverses with the active language's prefix, so
Wagtail's ``get_url`` (which reverses inside ``translation.override`` of the
page's language) gives each version its own address.
"""

from django.conf import settings
from django.urls import URLResolver, re_path
from django.urls.resolvers import LocalePrefixPattern
from wagtail import urls as wagtail_urls

from lms.page_serving import serve


class ContentLanguagePrefixPattern(LocalePrefixPattern):
    """A language prefix that matches whatever the active language is."""

    def match(self, path):
        for code, _name in settings.LANGUAGES:
            prefix = f"{code}/"
            if code != settings.LANGUAGE_CODE and path.startswith(prefix):
                return path.removeprefix(prefix), (), {}
        return path, (), {}


_wagtail_serve = next(
    pattern for pattern in wagtail_urls.urlpatterns if pattern.name == "wagtail_serve"
)

page_patterns = [
    *(p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"),
    re_path(_wagtail_serve.pattern.regex.pattern, serve, name="wagtail_serve"),
]

#: Appended to the root URLconf (a language prefix cannot be ``include``d).
page_urlpatterns = [
    URLResolver(
        ContentLanguagePrefixPattern(prefix_default_language=False), page_patterns
    )
]
