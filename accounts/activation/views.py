"""The officer's activation pages, under ``/accounts/activate/``.

1. ``accounts:activate`` — type the short code from the letter; or
   ``accounts:activate_link`` — the QR code's (or the e-mail's) link.
2. Either keeps the code's id in the session and redirects to
   ``accounts:activate_password``, as Django's ``PasswordResetConfirmView``
   does, so the secret never stays in the address bar, the history or a
   ``Referer`` header.
3. The password form sets the password (``redeeming.redeem``), marks the
   code used, signs the officer in and sends them to their learning page.

Throttled (``lms.ratelimit``, per hour): every look-up per client
(``LMS_ACTIVATION_RATE_PER_CLIENT``) and every use of one account's code
(``LMS_ACTIVATION_RATE_PER_ACCOUNT``). The answers never name an account.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from accounts.activation import redeeming
from accounts.activation.forms import CodeForm
from accounts.throttling import HOUR, refuse_throttled, retry_message
from lms import ratelimit

SESSION_KEY = "lms_activation_code"
LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"

CODE_TEMPLATE = "accounts/activation/enter_code.html"
PASSWORD_TEMPLATE = "accounts/activation/set_password.html"
INVALID_TEMPLATE = "accounts/activation/invalid.html"


def _client_verdict(request):
    return ratelimit.hit(
        request,
        "activation-client",
        getattr(settings, "LMS_ACTIVATION_RATE_PER_CLIENT", 30),
        per=HOUR,
    )


def _account_verdict(request, user_id: int):
    return ratelimit.hit(
        request,
        "activation-account",
        getattr(settings, "LMS_ACTIVATION_RATE_PER_ACCOUNT", 10),
        per=HOUR,
        key=f"user:{user_id}",
    )


def _invalid(request, message, *, status=400, retry_after=None):
    response = render(request, INVALID_TEMPLATE, {"message": message}, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _hold(request, code):
    """Keep the code in the session and go to the password form."""
    request.session[SESSION_KEY] = code.pk
    return redirect("accounts:activate_password")


@never_cache
@sensitive_post_parameters("code")
def enter_code(request):
    """Type the code from the activation letter."""
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return render(request, CODE_TEMPLATE, {"form": form})
    verdict = _client_verdict(request)
    if not verdict.allowed:
        redeeming.record_failure("throttled", request=request)
        return refuse_throttled(request, CODE_TEMPLATE, form, verdict)
    if not form.is_valid():
        return render(request, CODE_TEMPLATE, {"form": form}, status=400)
    try:
        code = redeeming.find(form.cleaned_data["code"])
    except redeeming.Refused as refusal:
        redeeming.record_failure(refusal.reason, code=refusal.code, request=request)
        form.add_error("code", refusal.message)
        return render(request, CODE_TEMPLATE, {"form": form}, status=400)
    per_account = _account_verdict(request, code.user_id)
    if not per_account.allowed:
        redeeming.record_failure("throttled", code=code, request=request)
        return refuse_throttled(request, CODE_TEMPLATE, form, per_account)
    return _hold(request, code)


@never_cache
@sensitive_variables("secret")
def follow_link(request, secret: str):
    """The QR code's or the invitation's link: check it, then drop it from the URL.

    A GET changes nothing (mail scanners open links): only the password
    form uses the code.
    """
    verdict = _client_verdict(request)
    if not verdict.allowed:
        redeeming.record_failure("throttled", request=request)
        return _invalid(
            request,
            retry_message(verdict),
            status=429,
            retry_after=verdict.retry_after,
        )
    try:
        code = redeeming.find(secret)
    except redeeming.Refused as refusal:
        redeeming.record_failure(refusal.reason, code=refusal.code, request=request)
        return _invalid(request, refusal.message)
    per_account = _account_verdict(request, code.user_id)
    if not per_account.allowed:
        redeeming.record_failure("throttled", code=code, request=request)
        return _invalid(
            request,
            retry_message(per_account),
            status=429,
            retry_after=per_account.retry_after,
        )
    return _hold(request, code)


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def set_password(request):
    """Choose a password: activates the account and signs the officer in."""
    code_id = request.session.get(SESSION_KEY)
    if code_id is None:
        return redirect("accounts:activate")
    try:
        code = redeeming.working(code_id)
    except redeeming.Refused as refusal:
        request.session.pop(SESSION_KEY, None)
        if request.user.is_authenticated and (
            refusal.code is not None and refusal.code.user_id == request.user.pk
        ):
            # A second tab or a double submit after the first one succeeded.
            return redirect(settings.LOGIN_REDIRECT_URL)
        return _invalid(request, refusal.message)
    officer = code.user
    form = SetPasswordForm(officer, request.POST if request.method == "POST" else None)
    context = {"form": form, "officer": officer, "code": code}
    if request.method != "POST":
        return render(request, PASSWORD_TEMPLATE, context)
    verdict = _account_verdict(request, officer.pk)
    if not verdict.allowed:
        redeeming.record_failure("throttled", code=code, request=request)
        return refuse_throttled(request, PASSWORD_TEMPLATE, form, verdict, context)
    if not form.is_valid():
        return render(request, PASSWORD_TEMPLATE, context, status=400)
    try:
        user = redeeming.redeem(
            code.pk, form.cleaned_data["new_password1"], request=request
        )
    except redeeming.Refused as refusal:
        request.session.pop(SESSION_KEY, None)
        if request.user.is_authenticated and request.user.pk == officer.pk:
            return redirect(settings.LOGIN_REDIRECT_URL)
        return _invalid(request, refusal.message)
    request.session.pop(SESSION_KEY, None)
    login(request, user, backend=LOGIN_BACKEND)
    messages.success(
        request,
        _(
            "Your account is active. Next time, sign in with your username "
            "%(username)s and the password you chose."
        )
        % {"username": user.get_username()},
    )
    response = redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.preferred_language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response
