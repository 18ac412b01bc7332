from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.mfa import policy
from accounts.navigation import landing_url
from accounts.registration_views import PendingAwareAuthenticationForm


class LanguageAwareLoginView(auth_views.LoginView):
    """Sign in, then switch the interface to the user's preferred language.

    The password is the first step. A user who must use a second factor
    (``accounts.mfa.policy``), or who opted in, goes on to give it (or to set
    one up) before anything else; ``accounts.mfa.middleware`` holds every
    other page until then, so Wagtail's own admin login leads there too.

    Without a safe ``next``, each person lands where they work
    (``accounts.navigation.landing_url``: officers their learning, reviewers
    the portal, trainers and admins the admin). The second step receives that
    address as its ``next``, so the landing survives it.
    """

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    # Tells an officer whose self-registration still waits for approval so,
    # instead of "wrong password" (only when the password is right).
    authentication_form = PendingAwareAuthenticationForm

    def get_context_data(self, **kwargs):
        from accounts.models import RegistrationSettings

        context = super().get_context_data(**kwargs)
        context["registration_open"] = RegistrationSettings.for_request(
            self.request
        ).allow_self_registration
        return context

    def get_default_redirect_url(self):
        if self.request.user.is_authenticated:
            return landing_url(self.request.user)
        return super().get_default_redirect_url()

    def form_valid(self, form):
        response = super().form_valid(form)
        if policy.owes_second_factor(self.request):
            name = (
                "accounts:mfa_verify"
                if policy.has_device(self.request.user)
                else "accounts:mfa_setup"
            )
            query = urlencode({"next": self.get_success_url()})
            response = redirect(f"{reverse(name)}?{query}")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response
