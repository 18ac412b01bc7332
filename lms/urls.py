from django.conf import settings
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import set_language
from certificates.urls import language_urlpatterns as verify_in_language
from lms.health import healthz
from lms.page_urls import page_urlpatterns
from lms.plugin_urls import plugin_urlpatterns

# Styled, translated error pages that say what to do next (lms.error_pages).
handler403 = "lms.error_pages.permission_denied"
handler404 = "lms.error_pages.page_not_found"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("learn/", include("courses.urls")),
    path("certificates/", include("certificates.urls")),
    # Public verification in a chosen language: /km/certificates/verify/...
    re_path(
        rf"^(?P<language>{'|'.join(c for c, _n in settings.LANGUAGES)})/certificates/",
        include(verify_in_language),
    ),
    path("portal/", include("portal.urls")),
    *plugin_urlpatterns(),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving is the catch-all, so it comes last. Khmer versions of
# pages live under /km/ (see lms.page_serving); the interface language is the
# officer's choice either way (lms.middleware.InterfaceLanguageMiddleware).
urlpatterns += page_urlpatterns
