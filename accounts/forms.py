from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.activation.issuing import invitable, invite_on_commit
from accounts.addresses import normalise_email
from accounts.models import User


class ProfileForm(forms.ModelForm):
    """What an officer may change about themselves, here and at once.

    Not the e-mail address (:class:`EmailChangeForm`: password, then a link
    to the new address), and not what the ministry decides: staff ID, unit,
    rank, position.
    """

    class Meta:
        model = User
        fields = ["full_name", "full_name_km", "preferred_language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "full_name_km": forms.TextInput(attrs={"lang": "km"}),
        }

    def clean_full_name_km(self):
        value = self.cleaned_data["full_name_km"].strip()
        if value and not any("\u1780" <= char <= "\u17ff" for char in value):
            raise forms.ValidationError(
                _("Write this name in Khmer script, or leave it empty."),
                code="not_khmer",
            )
        return value


class EmailChangeForm(forms.Form):
    """Ask to change one's e-mail address: the new one and the current password.

    Whether another account has the new address is not said here (that
    would tell who has an account): ``accounts.email_change`` mails the new
    address either way.
    """

    new_email = forms.EmailField(
        label=_("New email address"),
        max_length=150,
        help_text=_("We will send a link to this address; open it to confirm."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self):
        email = normalise_email(self.cleaned_data["new_email"])
        if email == normalise_email(self.user.email):
            raise forms.ValidationError(
                _("This is already your email address."), code="same"
            )
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Your password was entered incorrectly. Please enter it again."),
                code="password_incorrect",
            )
        return password


class LanguageAwarePasswordResetForm(PasswordResetForm):
    """Django's reset form, writing the mail in the account's own language.

    Django mails nobody whose password is unusable; an officer who was never
    activated (imported, created by an admin) gets the activation invitation
    instead, from the task queue. The page says the same either way.
    """

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        email = self.cleaned_data["email"]
        never_activated = invitable(User.objects.filter(email__iexact=email))
        invite_on_commit(never_activated.values_list("pk", flat=True))

    def send_mail(self, subject_template_name, email_template_name, context, *a, **k):
        user = context.get("user")
        language = getattr(user, "preferred_language", "") or None
        with translation.override(language or translation.get_language()):
            super().send_mail(
                subject_template_name, email_template_name, context, *a, **k
            )
