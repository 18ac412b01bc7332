"""The officer's forms: type the code from the letter, then choose a password."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.activation import codes


class CodeForm(forms.Form):
    """The short code from an activation letter, typed any way."""

    code = forms.CharField(
        label=_("Activation code"),
        max_length=40,
        help_text=_(
            "The 12 letters and digits printed on your activation letter, for "
            "example K7QM-4XTR-9PWA. Small letters, spaces and missing dashes "
            "are fine."
        ),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "characters",
                "autocorrect": "off",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "lang": "en",
                "class": "activation-code",
            }
        ),
    )

    def clean_code(self):
        typed = self.cleaned_data["code"]
        canonical = codes.normalise(typed)
        if canonical is None:
            raise forms.ValidationError(
                _(
                    "An activation code has 12 letters and digits, such as "
                    "K7QM-4XTR-9PWA (it never uses 0, O, 1, I, L, 2, Z, 5, S, 8 "
                    "or B). Check what you typed against your letter."
                ),
                code="malformed",
            )
        return canonical
