"""Self-registration: an officer asks for an account, a reviewer decides.

:func:`submit` creates an *inactive* user and a pending
``RegistrationRequest``; nobody signs in with it until a reviewer of the
officer's unit (or of an organisation above it), or a platform admin,
:func:`approve`\\ s it. :func:`reject` keeps the account inactive. Each
decision is taken once: it is a conditional update of a pending row, so two
reviewers deciding at the same moment (or one double click) decide once and
the other is told.

The officer signs in with their email address as username (lower case):
the username's unique constraint is what makes a double submit create one
account. An address or staff ID that already has an account is never
refused on the form (that would tell anyone who has an account): the page
answers as for a new request and the account's owner gets a mail instead.

Emails go through the task queue (tasks at the end of this module): the
reviewers are told of a new request, the officer of the decision, the owner
of an address someone tried to register with of that try, each in their own
preferred language.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from accounts import signals
from accounts.addresses import holders, lock_address, normalise_email
from accounts.models import RegistrationRequest, RegistrationSettings, User

logger = logging.getLogger(__name__)

Status = RegistrationRequest.Status


def registration_open(request) -> bool:
    """Whether the request's site lets officers ask for an account (off by default)."""
    try:
        return RegistrationSettings.for_request(request).allow_self_registration
    except RegistrationSettings.DoesNotExist:  # no Wagtail site for this host
        return False


def normalise_staff_id(staff_id: str | None) -> str | None:
    # NULL, not "", for "no staff ID": the unique constraint ignores NULLs.
    return (staff_id or "").strip() or None


def owners_of(email: str, staff_id: str | None) -> list:
    """Accounts that already hold ``email`` (as address or username) or ``staff_id``."""
    found = holders(email)
    if staff_id:
        found = found | User.objects.filter(staff_id__iexact=staff_id)
    return list(found.order_by("pk"))


def submit(
    *,
    email: str,
    password: str,
    organisation,
    full_name: str,
    full_name_km: str = "",
    staff_id: str | None = None,
    rank: str = "",
    position: str = "",
    province: str = "",
    duty_station=None,
    preferred_language: str = settings.LANGUAGE_CODE,
    tell_owners: bool = True,
    request=None,
) -> RegistrationRequest | None:
    """Create an inactive account for ``email`` and its pending request.

    ``province`` (a code of ``accounts.geography``) and ``duty_station`` are
    kept on the request, for the reviewer to check, and copied to the
    officer's profile when it is approved. The form has checked them (a
    station in that province); this function does not check them again.

    ``password`` must already have passed Django's password validators (the
    form checks them). When the email address or the staff ID already
    belongs to an account (including one created a moment earlier by a double
    submit), nothing is created and ``None`` is returned: the account's owner
    is told by mail instead (unless ``tell_owners`` is False: the address got
    enough such mails this hour), and the person registering sees the same
    page as anyone else, so the form tells nobody who has an account. On
    success the unit's reviewers are emailed once the transaction commits.
    """
    email = normalise_email(email)
    staff_id = normalise_staff_id(staff_id)
    fields = {
        "username": email,
        "email": email,
        "is_active": False,
        "full_name": full_name.strip(),
        "full_name_km": (full_name_km or "").strip(),
        "staff_id": staff_id,
        "organisation": organisation,
        "rank": (rank or "").strip(),
        "position": (position or "").strip(),
        "preferred_language": preferred_language,
    }
    try:
        with transaction.atomic():
            # A confirmed change of address takes the same lock: of the two,
            # one finds the address free.
            lock_address(email)
            owners = owners_of(email, staff_id)
            if not owners:
                user = User.objects.create_user(password=password, **fields)
                registration = RegistrationRequest.objects.create(
                    user=user,
                    organisation=organisation,
                    province=province or "",
                    duty_station=duty_station,
                )
                transaction.on_commit(lambda: notify_reviewers.enqueue(registration.pk))
                return registration
    except IntegrityError:
        # Another submit with the same username (email) or staff ID won the race.
        owners = owners_of(email, staff_id)
    # As long as creating an account would have taken (the password hash is
    # most of it), so the answer's timing does not tell either.
    make_password(password)
    refused(owners, email, tell_owners=tell_owners, request=request)
    return None


def refused(owners: list, email: str, *, tell_owners: bool, request=None) -> None:
    """Tell the owners of an address or staff ID that someone tried to register."""
    signals.registration_refused.send(
        sender=RegistrationRequest, owners=owners, email=email, request=request
    )
    owner_ids = [owner.pk for owner in owners if owner.email]
    if tell_owners and owner_ids:
        transaction.on_commit(lambda: notify_owners.enqueue(owner_ids))


# Deciding ---------------------------------------------------------------------


def pending_for(user):
    """Pending requests ``user`` may decide: their scope's units; admins all."""
    return decidable_by(user).filter(status=Status.PENDING)


def decidable_by(user):
    """Requests (any status) for units in ``user``'s reviewer scope; admins all."""
    from accounts.scope import scope_for

    # A request's unit plays the officer's organisation here.
    return RegistrationRequest.objects.filter(scope_for(user).reviewed_q(user=""))


def _decide(registration, by, status: str, reason: str, request) -> bool:
    if not decidable_by(by).filter(pk=registration.pk).exists():
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        # The conditional update is the decision: of two reviewers (or two
        # clicks) only one changes a pending row.
        decided = RegistrationRequest.objects.filter(
            pk=registration.pk, status=Status.PENDING
        ).update(status=status, decided_by=by, decided_at=now, reason=reason)
        if not decided:
            registration.refresh_from_db()
            return False
        registration.refresh_from_db()
        if status == Status.APPROVED:
            User.objects.filter(pk=registration.user_id).update(
                is_active=True, **profile_from(registration)
            )
        signals.registration_decided.send(
            sender=RegistrationRequest,
            registration=registration,
            by=by,
            status=status,
            request=request,
        )
        transaction.on_commit(lambda: email_decision.enqueue(registration.pk))
    return True


def profile_from(registration) -> dict:
    """The officer's profile fields the request carries (province, duty station).

    Only what the request gives: a request made before the form asked for
    them leaves the profile as it is.
    """
    fields = {}
    if registration.province:
        fields["province"] = registration.province
    if registration.duty_station_id:
        fields["duty_station_id"] = registration.duty_station_id
    return fields


def approve(registration, by, *, request=None) -> bool:
    """Activate the officer's account and copy the province and duty station
    from the request to the profile; ``False`` if it was decided already.

    Raises ``PermissionDenied`` when ``by`` may not decide for the request's
    unit. Records ``registration.approved`` and emails the officer.
    """
    return _decide(registration, by, Status.APPROVED, "", request)


def reject(registration, by, reason: str, *, request=None) -> bool:
    """Turn the request down with ``reason`` (shown to the officer).

    The account stays inactive. ``False`` if the request was decided already;
    ``PermissionDenied`` as for :func:`approve`. Records
    ``registration.rejected`` and emails the officer.
    """
    return _decide(registration, by, Status.REJECTED, (reason or "").strip(), request)


# Emails -----------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.LMS_PUBLIC_BASE_URL.rstrip("/") + path


def build_email(template: str, context: dict, *, to: str, language: str):
    """Plain text with an HTML alternative from ``accounts/email/<template>*``."""
    base = f"accounts/email/{template}"
    with translation.override(language):
        context = {
            **context,
            "language": translation.get_language(),
            "site_url": settings.LMS_PUBLIC_BASE_URL.rstrip("/"),
        }
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        text = render_to_string(f"{base}.txt", context)
        html = render_to_string(f"{base}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def language_of(user) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def reviewers_to_tell(organisation_id: int) -> list:
    """The unit's reviewers; when it has none, the platform admins (so that a
    request never waits unseen)."""
    from accounts.scope import reviewers_of

    reviewers = list(reviewers_of(organisation_id).exclude(email="").order_by("pk"))
    if reviewers:
        return reviewers
    return list(
        User.objects.filter(is_active=True, is_superuser=True)
        .exclude(email="")
        .order_by("pk")
    )


@task()
def notify_reviewers(registration_id: int) -> int:
    """Email the reviewers who may decide a new request; return how many."""
    registration = (
        RegistrationRequest.objects.select_related("user", "organisation")
        .filter(pk=registration_id, status=Status.PENDING)
        .first()
    )
    if registration is None:
        return 0
    messages = [
        build_email(
            "registration_submitted",
            {
                "reviewer": reviewer,
                "officer": registration.user,
                "organisation": registration.organisation,
                "portal_url": absolute(reverse("portal:registrations")),
            },
            to=reviewer.email,
            language=language_of(reviewer),
        )
        for reviewer in reviewers_to_tell(registration.organisation_id)
    ]
    for message in messages:
        message.send()
    return len(messages)


@task()
def email_decision(registration_id: int) -> bool:
    """Tell the officer their request was approved or turned down."""
    registration = (
        RegistrationRequest.objects.select_related("user", "organisation")
        .filter(pk=registration_id)
        .exclude(status=Status.PENDING)
        .first()
    )
    if registration is None or not registration.user.email:
        return False
    officer = registration.user
    template = (
        "registration_approved"
        if registration.status == Status.APPROVED
        else "registration_rejected"
    )
    build_email(
        template,
        {
            "officer": officer,
            "organisation": registration.organisation,
            "reason": registration.reason,
            "login_url": absolute(reverse("accounts:login")),
            "username": officer.get_username(),
        },
        to=officer.email,
        language=language_of(officer),
    ).send()
    return True


@task()
def notify_owners(user_ids: list[int]) -> int:
    """Tell account owners that someone tried to register with their address
    or staff ID; return how many were told."""
    owners = User.objects.filter(pk__in=user_ids).exclude(email="").order_by("pk")
    count = 0
    for owner in owners:
        build_email(
            "registration_exists",
            {
                "user": owner,
                "login_url": absolute(reverse("accounts:login")),
                "reset_url": absolute(reverse("accounts:password_reset")),
            },
            to=owner.email,
            language=language_of(owner),
        ).send()
        count += 1
    return count
