from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class ProfileForm(forms.ModelForm):
    """What an officer may change about themselves."""

    class Meta:
        model = User
        fields = ["full_name", "full_name_km", "email", "preferred_language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "full_name_km": forms.TextInput(attrs={"lang": "km"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_full_name_km(self):
        value = self.cleaned_data["full_name_km"].strip()
        if value and not any("\u1780" <= char <= "\u17ff" for char in value):
            raise forms.ValidationError(
                _("Write this name in Khmer script, or leave it empty."),
                code="not_khmer",
            )
        return value
