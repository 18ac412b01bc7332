from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from accounts import registration_views, views
from accounts.activation import views as activation_views
from accounts.login import LanguageAwareLoginView
from accounts.mfa import views as mfa_views
from accounts.mfa import webauthn as mfa_webauthn

app_name = "accounts"

urlpatterns = [
    path("login/", LanguageAwareLoginView.as_view(), name="login"),
    path(
        "logout/",
        auth_views.LogoutView.as_view(template_name="accounts/logged_out.html"),
        name="logout",
    ),
    path("start/", views.start, name="start"),
    path("profile/", views.profile, name="profile"),
    path("profile/email/", views.change_email, name="email_change"),
    path(
        "profile/email/confirm/<str:token>/",
        views.confirm_email,
        name="email_change_confirm",
    ),
    # Two-step sign-in (accounts.mfa): every page under mfa/ is open to a
    # signed-in user who still owes the second step (the middleware's list).
    path("mfa/", mfa_views.manage, name="mfa_manage"),
    path("mfa/verify/", mfa_views.verify, name="mfa_verify"),
    path("mfa/setup/", mfa_views.setup, name="mfa_setup"),
    path("mfa/app/", mfa_views.totp_add, name="mfa_totp_add"),
    path("mfa/recovery/", mfa_views.recovery_generate, name="mfa_recovery"),
    path("mfa/recovery/codes/", mfa_views.recovery_codes, name="mfa_recovery_codes"),
    path("mfa/remove/", mfa_views.remove, name="mfa_remove"),
    path("mfa/passkeys/", include(mfa_webauthn.urlpatterns)),
    path("mfa/jsi18n/", mfa_views.javascript_catalog, name="mfa_jsi18n"),
    # Activation of imported officers (accounts.activation): the letter's
    # code, the password form, then the QR code's or the e-mail's link.
    path("activate/", activation_views.enter_code, name="activate"),
    path("activate/password/", activation_views.set_password, name="activate_password"),
    path("activate/<str:secret>/", activation_views.follow_link, name="activate_link"),
    path("register/", registration_views.register, name="register"),
    path("register/sent/", registration_views.register_done, name="register_done"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
