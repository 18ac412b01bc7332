"""Forms of the multi-factor pages: one field each, for a code typed or pasted."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


def code_input(*, numeric: bool, autofocus: bool = True) -> forms.TextInput:
    """A one-time code: digits keyboard on phones, and browsers may autofill it."""
    attrs = {
        "autocomplete": "one-time-code",
        "autocapitalize": "off",
        "spellcheck": "false",
        "class": "code-input",
        "lang": "en",  # codes are Latin letters and digits in either language
    }
    if numeric:
        attrs |= {"inputmode": "numeric"}
    if autofocus:
        attrs["autofocus"] = True
    return forms.TextInput(attrs=attrs)


class VerifyForm(forms.Form):
    """Sign-in, second step: the code the authenticator app shows now."""

    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=16,
        widget=code_input(numeric=True),
        error_messages={"required": _("Enter the 6-digit code the app shows.")},
    )


class RecoveryForm(forms.Form):
    """Sign-in, second step, without the phone: one of the recovery codes."""

    recovery_code = forms.CharField(
        label=_("Recovery code"),
        help_text=_("Each recovery code works once."),
        max_length=32,
        widget=code_input(numeric=False, autofocus=False),
        error_messages={"required": _("Enter one of your recovery codes.")},
    )


class ConfirmTotpForm(forms.Form):
    """Setting up an app: its first code proves it holds the secret."""

    code = forms.CharField(
        label=_("6-digit code from the app"),
        max_length=16,
        widget=code_input(numeric=True),
        error_messages={"required": _("Enter the 6-digit code the app shows.")},
    )
