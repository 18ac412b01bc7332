from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.forms import ProfileForm
from accounts.models import User
from lms.page_serving import url_in_language


@require_POST
def set_language(request):
    """Switch the interface language; signed-in users keep it as their preference.

    On a course page, the officer also moves to the course's version in the
    new language where there is one (``lms.page_serving.url_in_language``);
    elsewhere, and where there is none, they stay where they were.
    """
    response = django_set_language(request)
    language = request.POST.get("language")
    valid = dict(User._meta.get_field("preferred_language").choices)
    if request.user.is_authenticated and language in valid:
        User.objects.filter(pk=request.user.pk).update(preferred_language=language)
    next_url = request.POST.get("next", "")
    if language in valid and response.status_code == 302 and next_url:
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=False
        ):
            moved = url_in_language(request, next_url, language)
            response["Location"] = moved or next_url
    return response


@login_required
def profile(request):
    """An officer's own profile: names in both scripts and preferred language."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response
    return render(request, "accounts/profile.html", {"form": form})
