"""Account events sent by ``accounts`` (which never imports audit), logged here.

- ``email.change_requested`` (details: new_email): a confirmation link, or a
  notice that the address is in use, was mailed to the new address.
- ``email.changed`` (details: old_email, new_email).
- ``registration.refused_existing`` (details: owners, the count of accounts
  told): someone registered with an address or staff ID that has an account.
- ``registration.approved``, ``registration.rejected`` (details:
  registration_id, reason).
- ``import.previewed``, ``import.applied``, ``import.refused`` (details: file,
  counts including conflicts, first errors); plus one ``import.conflict``
  event when a refused or previewed import ran into existing accounts.
"""

from __future__ import annotations

from accounts import signals
from audit.log import record

EMAIL_CHANGE_REQUESTED = "email.change_requested"
EMAIL_CHANGED = "email.changed"
REGISTRATION_REFUSED_EXISTING = "registration.refused_existing"
IMPORT_CONFLICT = "import.conflict"


def email_change_requested(sender, user, new_email, request=None, **kwargs):
    record(
        EMAIL_CHANGE_REQUESTED,
        actor=user,
        target=user,
        organisation=user.organisation,
        request=request,
        new_email=new_email,
    )


def email_changed(sender, user, old_email, new_email, request=None, **kwargs):
    record(
        EMAIL_CHANGED,
        actor=user,
        target=user,
        organisation=user.organisation,
        request=request,
        old_email=old_email,
        new_email=new_email,
    )


def registration_refused(sender, owners, email, request=None, **kwargs):
    # One event per account, so each unit's reviewers see their own officer's.
    for owner in owners:
        record(
            REGISTRATION_REFUSED_EXISTING,
            target=owner,
            organisation=owner.organisation,
            request=request,
        )


def registration_decided(sender, registration, by, status, request=None, **kwargs):
    record(
        f"registration.{status}",
        actor=by,
        target=registration.user,
        organisation=registration.organisation,
        request=request,
        registration_id=registration.pk,
        reason=registration.reason,
    )


def import_recorded(sender, action, actor, organisation, details, **kwargs):
    record(action, actor=actor, organisation=organisation, **details)
    if details.get("conflicts"):
        record(
            IMPORT_CONFLICT,
            actor=actor,
            organisation=organisation,
            file=details.get("file", ""),
            conflicts=details["conflicts"],
            dry_run=details.get("dry_run", False),
        )


def connect() -> None:
    """Called from ``AuditConfig.ready``."""
    pairs = [
        (signals.email_change_requested, email_change_requested),
        (signals.email_changed, email_changed),
        (signals.registration_refused, registration_refused),
        (signals.registration_decided, registration_decided),
        (signals.import_recorded, import_recorded),
    ]
    for signal, receiver in pairs:
        signal.connect(receiver, dispatch_uid=f"audit.account.{receiver.__name__}")
