"""The multi-factor pages: verify at sign-in, set up, manage devices.

Every page here is on the enforcement middleware's allow-list, so each one
checks for itself what the session may do: adding or removing a device needs
a verified session once the user has any device (the first one is added
right after the password, as the role requires).
"""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import JavaScriptCatalog
from django_otp import login as otp_login

from accounts import signals
from accounts.mfa import devices, policy
from accounts.mfa.flow import after_verification, safe_next
from accounts.mfa.forms import ConfirmTotpForm, RecoveryForm, VerifyForm
from accounts.mfa.webauthn import script_config

#: Session keys: where to go once set up; new recovery codes, shown once.
NEXT_SESSION_KEY = "lms_mfa_next"
NEW_CODES_SESSION_KEY = "lms_mfa_new_codes"


def _wrong_code_message() -> str:
    return _(
        "That code is not right. Check that your phone's clock is correct and "
        "enter the code the app shows now (each code works once)."
    )


def _throttled_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes. Wait %(seconds)d second and try again.",
        "Too many wrong codes. Wait %(seconds)d seconds and try again.",
        seconds,
    ) % {"seconds": seconds}


def _remember_next(request) -> None:
    url = request.GET.get("next") or request.POST.get("next")
    if url:
        request.session[NEXT_SESSION_KEY] = safe_next(request, url)


def _next_url(request) -> str:
    return request.session.get(NEXT_SESSION_KEY) or safe_next(request, None)


def _must_verify_first(request):
    """A redirect to verify when the user has a device and has not used it."""
    if policy.is_verified(request.user) or not policy.has_device(request.user):
        return None
    url = (
        reverse("accounts:mfa_verify")
        + "?"
        + urlencode({"next": request.get_full_path()})
    )
    return redirect(url)


def _page_context(request, **extra) -> dict:
    user = request.user
    return {
        "required": policy.mfa_required(user),
        "webauthn_config": script_config(request),
        **extra,
    }


@never_cache
@login_required
def manage(request):
    """The "Two-step sign-in" page: the user's devices; adding, removing them."""
    if response := _must_verify_first(request):
        return response
    rows = devices.rows(request.user)
    primary = [row for row in rows if row.kind != "recovery"]
    recovery = next((row for row in rows if row.kind == "recovery"), None)
    return render(
        request,
        "accounts/mfa/manage.html",
        _page_context(request, primary=primary, recovery=recovery),
    )


@never_cache
@login_required
def setup(request):
    """Where a user whose role requires a second factor, and who has none, lands."""
    _remember_next(request)
    if policy.has_device(request.user):
        return redirect("accounts:mfa_manage")
    return render(request, "accounts/mfa/setup.html", _page_context(request))


@never_cache
@login_required
def totp_add(request):
    """Add an authenticator app: scan the QR code (or type the key), confirm."""
    if response := _must_verify_first(request):
        return response
    _remember_next(request)
    device = devices.pending_totp(request.user)
    form = ConfirmTotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, data = device.verify_is_allowed()
        if not allowed:
            until = devices.CodeResult(throttled_until=data.get("locked_until"))
            form.add_error("code", _throttled_message(until.seconds_to_wait))
        elif devices.confirm_totp(device, form.cleaned_data["code"], request=request):
            device.refresh_from_db()
            otp_login(request, device)
            request.session.cycle_key()
            request.session[policy.OPTED_IN_SESSION_KEY] = True
            messages.success(request, _("Your authenticator app is set up."))
            if not devices.StaticDevice.objects.filter(user=request.user).exists():
                return _show_new_codes(request)
            return redirect("accounts:mfa_manage")
        else:
            form.add_error("code", _wrong_code_message())
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(
        scale=5,
        border=2,
        dark="#000",
        light="#fff",
        title=_("QR code for your authenticator app"),
        svgclass="qr",
    )
    return render(
        request,
        "accounts/mfa/totp_add.html",
        _page_context(
            request,
            form=form,
            qr_svg=svg,
            secret=devices.secret_for_display(device),
            issuer=device._read_str_from_settings("OTP_TOTP_ISSUER") or "",
            account=request.user.get_username(),
        ),
    )


def _show_new_codes(request):
    codes = devices.make_recovery_codes(request.user, request=request)
    request.session[NEW_CODES_SESSION_KEY] = codes
    return redirect("accounts:mfa_recovery_codes")


@never_cache
@login_required
@require_POST
def recovery_generate(request):
    """New recovery codes (the old ones stop working)."""
    if response := _must_verify_first(request):
        return response
    if not devices.primary_devices(request.user):
        messages.error(
            request,
            _("Add an authenticator app or a passkey before making recovery codes."),
        )
        return redirect("accounts:mfa_manage")
    return _show_new_codes(request)


@never_cache
@login_required
def recovery_codes(request):
    """The new recovery codes, shown once."""
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:mfa_manage")
    return render(
        request,
        "accounts/mfa/recovery_codes.html",
        {
            "codes": [devices.format_recovery_code(code) for code in codes],
            "next_url": request.session.pop(NEXT_SESSION_KEY, None)
            or reverse("accounts:mfa_manage"),
        },
    )


@never_cache
@login_required
@require_POST
def remove(request):
    """Remove one device; never a required user's last app or passkey."""
    if response := _must_verify_first(request):
        return response
    device = devices.find_device(request.user, request.POST.get("device", ""))
    if device is None:
        messages.error(request, _("That device was not found. It may be gone already."))
        return redirect("accounts:mfa_manage")
    kind = devices.kind_of(device)
    primary = devices.primary_devices(request.user)
    if kind != "recovery" and len(primary) == 1 and policy.mfa_required(request.user):
        messages.error(
            request,
            _(
                "Your role requires two-step sign-in: add another authenticator "
                "app or passkey before you remove this one."
            ),
        )
        return redirect("accounts:mfa_manage")
    label = devices.KIND_LABELS.get(kind, device.name)
    devices.remove_device(device, request=request)
    request.session[policy.OPTED_IN_SESSION_KEY] = policy.has_device(request.user)
    messages.success(request, _("Removed: %(device)s.") % {"device": label})
    return redirect("accounts:mfa_manage")


@never_cache
@login_required
def verify(request):
    """Sign-in, second step: a code from the app, a recovery code or a passkey."""
    user = request.user
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if policy.is_verified(user):
        return redirect(next_url)
    rows = devices.rows(user)
    if not rows:
        if policy.mfa_required(user):
            return redirect(
                reverse("accounts:mfa_setup") + "?" + urlencode({"next": next_url})
            )
        return redirect(next_url)
    kinds = {row.kind for row in rows}
    form = VerifyForm()
    recovery_form = RecoveryForm()
    if request.method == "POST":
        using_recovery = "recovery_code" in request.POST
        bound = (RecoveryForm if using_recovery else VerifyForm)(request.POST)
        field = "recovery_code" if using_recovery else "code"
        if using_recovery:
            recovery_form = bound
        else:
            form = bound
        if bound.is_valid():
            result = devices.check_code(user, bound.cleaned_data[field])
            if result.ok:
                kind = devices.kind_of(result.device)
                after_verification(request, result.device, kind=kind)
                if kind == "recovery":
                    left = result.device.token_set.count()
                    messages.warning(
                        request,
                        ngettext(
                            "You signed in with a recovery code. %(count)d code "
                            "is left: make new ones on the two-step sign-in page.",
                            "You signed in with a recovery code. %(count)d codes "
                            "are left: make new ones on the two-step sign-in page.",
                            left,
                        )
                        % {"count": left},
                    )
                return redirect(next_url)
            if result.throttled_until is not None:
                reason = "throttled"
                bound.add_error(field, _throttled_message(result.seconds_to_wait))
            else:
                reason = "wrong"
                bound.add_error(
                    field,
                    _wrong_code_message()
                    if not using_recovery
                    else _("That recovery code is not right, or it was used before."),
                )
            signals.mfa_failed.send(
                sender=type(user),
                user=user,
                kind="recovery" if using_recovery else "code",
                reason=reason,
                request=request,
            )
    return render(
        request,
        "accounts/mfa/verify.html",
        _page_context(
            request,
            form=form,
            recovery_form=recovery_form,
            has_totp="totp" in kinds,
            has_passkey="passkey" in kinds,
            has_recovery="recovery" in kinds,
            next=next_url,
            error_form=form if form.errors else recovery_form,
        ),
    )


#: The package's script messages ("Verifying...").
javascript_catalog = JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])
