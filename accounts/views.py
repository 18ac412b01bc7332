from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts import email_change
from accounts.addresses import normalise_email
from accounts.forms import EmailChangeForm, LanguageAwarePasswordResetForm, ProfileForm
from accounts.models import User
from accounts.navigation import landing_url
from accounts.throttling import HOUR, refuse_throttled
from lms import ratelimit
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
def start(request):
    """Where each person works (``LOGIN_REDIRECT_URL``): a redirect by role.

    For every path that signs someone in without a ``next`` of its own
    (activation, the second step's fallback, links in mails).
    """
    return redirect(landing_url(request.user))


@login_required
def profile(request):
    """An officer's own profile: names in both scripts and preferred language.

    The e-mail address is shown with a link to :func:`change_email`; staff
    ID and unit are shown and not editable (the ministry's import sets them).
    """
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


@login_required
def change_email(request):
    """Ask for a new e-mail address: the current password, then a mailed link.

    Whatever the new address, the page then says the same ("we sent a link"):
    an address that belongs to another account gets a notice instead of the
    link, so this page does not tell who has an account. Requests per user
    and hour: ``LMS_EMAIL_CHANGE_RATE``.
    """
    user = request.user
    form = EmailChangeForm(user, request.POST or None)
    if request.method == "POST":
        verdict = ratelimit.hit(
            request,
            "email-change",
            settings.LMS_EMAIL_CHANGE_RATE,
            per=HOUR,
            key=f"user:{user.pk}",
        )
        if not verdict.allowed:
            return refuse_throttled(
                request, "accounts/email_change.html", form, verdict
            )
        if form.is_valid():
            new_email = form.cleaned_data["new_email"]
            email_change.request_change(user, new_email, request=request)
            messages.success(
                request,
                _(
                    "We sent a link to %(email)s. Open it while signed in to "
                    "confirm your new address; until then your address stays "
                    "%(current)s."
                )
                % {"email": new_email, "current": user.email or "-"},
            )
            return redirect("accounts:profile")
    return render(request, "accounts/email_change.html", {"form": form})


@login_required
def confirm_email(request, token: str):
    """The link from the mail: shows the new address, a POST applies it.

    Only for the signed-in user the link was made for; a link works once and
    stops working when the address or the password changed meanwhile. (A
    button, not the GET itself, applies it: mail scanners open links.)
    """
    try:
        new_email = email_change.pending_address(token, request.user)
    except email_change.InvalidLink:
        return render(request, "accounts/email_change_invalid.html", status=400)
    if request.method == "POST":
        try:
            email_change.confirm(request.user, token, request=request)
        except email_change.InvalidLink:
            return render(request, "accounts/email_change_invalid.html", status=400)
        except email_change.AddressTaken:
            return render(
                request,
                "accounts/email_change_invalid.html",
                {"taken": True, "new_email": new_email},
                status=409,
            )
        messages.success(
            request,
            _("Your email address is now %(email)s.") % {"email": new_email},
        )
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/email_change_confirm.html",
        {"new_email": new_email, "token": token},
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, throttled, the mail in the account's language.

    Per client (``LMS_PASSWORD_RESET_RATE_PER_CLIENT`` an hour): the form
    again with 429. Per address (``LMS_PASSWORD_RESET_RATE_PER_ADDRESS``,
    counted for every address, known or not): beyond it the page says what it
    always says and no more mail goes out, so the answer never tells whether
    the address has an account.
    """

    form_class = LanguageAwarePasswordResetForm

    def post(self, request, *args, **kwargs):
        verdict = ratelimit.hit(
            request,
            "password-reset",
            settings.LMS_PASSWORD_RESET_RATE_PER_CLIENT,
            per=HOUR,
        )
        if not verdict.allowed:
            return refuse_throttled(
                request, self.template_name, self.get_form(), verdict
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        per_address = ratelimit.hit(
            self.request,
            "password-reset-address",
            settings.LMS_PASSWORD_RESET_RATE_PER_ADDRESS,
            per=HOUR,
            key=normalise_email(form.cleaned_data["email"]),
        )
        if not per_address.allowed:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
