from django.conf import settings
from django.contrib.auth import views as auth_views

from accounts.registration_views import PendingAwareAuthenticationForm


class LanguageAwareLoginView(auth_views.LoginView):
    """Sign in, then switch the interface to the user's preferred language."""

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

    def form_valid(self, form):
        response = super().form_valid(form)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.get_user().preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response
