"""The self-registration page (``accounts:register``) and its form.

The page exists only where the site's ``RegistrationSettings`` allow it:
elsewhere it answers 404, as if it were not there.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import registration
from accounts.addresses import normalise_email
from accounts.geography import province_name
from accounts.models import DutyStation, Organisation, User
from accounts.registration_choices import (
    duty_station_choices,
    province_choices,
    unit_choices,
)
from accounts.throttling import HOUR, refuse_throttled
from lms import ratelimit


def is_khmer(text: str) -> bool:
    return any("\u1780" <= char <= "\u17ff" for char in text)


class UnitField(forms.TypedChoiceField):
    """The unit ``<select>``: any number passes here, and the form's
    ``clean_organisation`` says what is wrong with a unit that is not offered
    (a ministry posted by hand deserves more than "not a valid choice")."""

    def valid_value(self, value):
        return True


class RegistrationForm(forms.Form):
    """What an officer gives to ask for an account."""

    full_name = forms.CharField(
        label=User._meta.get_field("full_name").verbose_name,
        max_length=200,
        help_text=_("As it appears on your ID card, in Latin script."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    full_name_km = forms.CharField(
        label=User._meta.get_field("full_name_km").verbose_name,
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"lang": "km"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        # The email address is the username, whose column holds 150 characters.
        max_length=150,
        help_text=_("You will sign in with this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    staff_id = forms.CharField(
        label=User._meta.get_field("staff_id").verbose_name,
        max_length=40,
        required=False,
        help_text=_("Your ID in your ministry, if you have one."),
    )
    organisation = UnitField(
        label=_("Your unit"),
        coerce=int,
        help_text=_(
            "Units are listed under their ministry and department. A reviewer "
            "of your unit approves your account."
        ),
        error_messages={"invalid_choice": _("Choose your unit from the list.")},
    )
    province = forms.ChoiceField(
        label=_("Province where you serve"),
        help_text=_("The province (or Phnom Penh) where you work now."),
    )
    # Optional: the list holds border checkpoints, airports and ports, and
    # many officers (ministry offices, provincial departments, social
    # workers) serve elsewhere; forcing a choice would only record wrong ones.
    duty_station = forms.TypedChoiceField(
        label=_("Duty station"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "The border checkpoint, airport or port where you serve, if you "
            "serve at one. It must be in the province above."
        ),
        error_messages={
            "invalid_choice": _("Choose a duty station from the list, or none.")
        },
    )
    rank = forms.CharField(
        label=User._meta.get_field("rank").verbose_name,
        max_length=100,
        required=False,
    )
    position = forms.CharField(
        label=User._meta.get_field("position").verbose_name,
        max_length=150,
        required=False,
    )
    preferred_language = forms.ChoiceField(
        label=User._meta.get_field("preferred_language").verbose_name,
        choices=settings.LANGUAGES,
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = unit_choices()
        self.fields["province"].choices = province_choices()
        self.fields["duty_station"].choices = duty_station_choices()
        self.fields["preferred_language"].initial = get_language()

    def clean_full_name_km(self):
        value = self.cleaned_data["full_name_km"].strip()
        if value and not is_khmer(value):
            raise forms.ValidationError(
                _("Write this name in Khmer script, or leave it empty."),
                code="not_khmer",
            )
        return value

    def clean_organisation(self):
        organisation = Organisation.objects.filter(
            pk=self.cleaned_data["organisation"]
        ).first()
        if organisation is None:
            raise forms.ValidationError(
                _("Choose your unit from the list."), code="invalid_choice"
            )
        if organisation.kind != Organisation.Kind.UNIT:
            # Officers belong to units: a whole ministry has no reviewer who
            # knows the person, and its reports would lose them.
            raise forms.ValidationError(
                _(
                    "“%(name)s” (%(kind)s) is not a unit. Choose the unit you "
                    "work in: units are listed under their ministry and "
                    "department."
                ),
                code="not_a_unit",
                params={
                    "name": organisation.localized_name,
                    "kind": organisation.get_kind_display(),
                },
            )
        return organisation

    def clean_duty_station(self):
        pk = self.cleaned_data["duty_station"]
        if pk is None:
            return None
        station = DutyStation.objects.filter(pk=pk).first()
        if station is None:
            raise forms.ValidationError(
                _("Choose a duty station from the list, or none."),
                code="invalid_choice",
            )
        return station

    def clean(self):
        cleaned = super().clean()
        station, province = cleaned.get("duty_station"), cleaned.get("province")
        if station is not None and province and station.province != province:
            self.add_error(
                "duty_station",
                forms.ValidationError(
                    _(
                        "%(station)s is in %(station_province)s, not in "
                        "%(province)s. Choose a duty station in %(province)s, "
                        "none, or correct the province."
                    ),
                    code="other_province",
                    params={
                        "station": station.localized_name,
                        "station_province": province_name(station.province),
                        "province": province_name(province),
                    },
                ),
            )
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            # Checked against a user built from the form, so the similarity
            # validator compares the password with the name and address.
            candidate = User(
                username=cleaned.get("email", ""),
                email=cleaned.get("email", ""),
                full_name=cleaned.get("full_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        # Whether the address or staff ID already has an account is not
        # checked here: the form must answer the same either way
        # (``registration.submit`` tells the owner instead).
        return cleaned

    def submit(self, *, request=None, tell_owners: bool = True):
        """The new request, or None when the address or staff ID has an account."""
        data = self.cleaned_data
        return registration.submit(
            email=data["email"],
            password=data["password1"],
            organisation=data["organisation"],
            full_name=data["full_name"],
            full_name_km=data["full_name_km"],
            staff_id=data["staff_id"],
            rank=data["rank"],
            position=data["position"],
            province=data["province"],
            duty_station=data["duty_station"],
            preferred_language=data["preferred_language"],
            tell_owners=tell_owners,
            request=request,
        )


def register(request):
    """Ask for an account (404 unless the site allows self-registration).

    Every request that is not refused on its input ends on the same "sent"
    page, whether or not the address or staff ID already had an account.
    Submissions are limited per client (``LMS_REGISTRATION_RATE`` an hour:
    the form again with 429) and the mails to one address's owner per hour
    (``LMS_REGISTRATION_RATE_PER_ADDRESS``: beyond it, no more mail and the
    same page).
    """
    if not registration.registration_open(request):
        raise Http404
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        verdict = ratelimit.hit(
            request, "registration", settings.LMS_REGISTRATION_RATE, per=HOUR
        )
        if not verdict.allowed:
            return refuse_throttled(request, "accounts/register.html", form, verdict)
        if form.is_valid():
            email = normalise_email(form.cleaned_data["email"])
            per_address = ratelimit.hit(
                request,
                "registration-address",
                settings.LMS_REGISTRATION_RATE_PER_ADDRESS,
                per=HOUR,
                key=email,
            )
            form.submit(request=request, tell_owners=per_address.allowed)
            return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request):
    """What happens next, after a request was sent."""
    if not registration.registration_open(request):
        raise Http404
    return render(request, "accounts/register_done.html")


class PendingAwareAuthenticationForm(AuthenticationForm):
    """The sign-in form, telling an officer whose request waits for approval.

    Only someone who gives the right password for a pending account learns
    that it is pending; everyone else gets the usual "incorrect" message, so
    the form tells strangers nothing about who has asked for an account.
    (Wire it as the login view's ``authentication_form``.)
    """

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self.pending_with_this_password():
                raise forms.ValidationError(
                    _(
                        "Your account is waiting for a reviewer of your unit to "
                        "approve it. We will email you when it is approved."
                    ),
                    code="pending",
                ) from None
            raise

    def pending_with_this_password(self) -> bool:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return False
        user = (
            User.objects.filter(
                username=username,
                is_active=False,
                registration__status=registration.Status.PENDING,
            )
            .only("pk", "password")
            .first()
        )
        return user is not None and user.check_password(password)
