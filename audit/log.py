"""Writing to the audit log: :func:`record` is the only entry point.

Actions are dotted names, never renamed once stored:

- ``role.granted``, ``role.revoked``, ``group.changed``,
  ``role.superuser_changed``, ``role.active_changed``
- ``import.previewed``, ``import.applied``, ``import.refused``
- ``report.downloaded`` (details: report, format, filters, rows)
- ``certificate.downloaded``, ``certificates.zip_requested``,
  ``certificates.zip_downloaded`` (details: count, codes)
- ``registration.approved``, ``registration.rejected``
- ``cohort.enrolled``
- ``signin.failed`` (a wrong password), ``signin.locked_out`` (the failure
  that locked a username and address pair, then each try refused while it is
  locked); details: username as typed, where ("site" or "admin").
  ``signin.unlocked`` (an admin lifted a lockout; details: username,
  locked_address)
- ``certificates.bulk_downloaded`` (details: count, codes)
- ``mfa.device_added``, ``mfa.device_removed`` (details: kind "totp",
  "passkey" or "recovery", device, name; replaced for new recovery codes),
  ``mfa.verified`` (details: kind, device), ``mfa.failed`` (details: kind
  "code", "recovery" or "passkey", reason "wrong", "throttled" or the passkey
  error's code), ``mfa.reset`` (an admin removed every device; details: count)
- ``activation.letter_issued``, ``activation.invitation_sent``,
  ``activation.code_cancelled``, ``activation.redeemed``, ``activation.failed``
  (see ``audit.activation_receivers``)
"""

from __future__ import annotations

from audit.models import AuditEvent
from lms.client_ip import client_ip


def record(
    action: str,
    *,
    actor=None,
    target=None,
    organisation=None,
    request=None,
    **details,
) -> AuditEvent:
    """Append one event. ``details`` must be JSON-serialisable.

    ``target`` is any model instance (its type, id and ``str`` are copied);
    ``request`` gives the client address. Called inside the caller's
    transaction, so an action that rolls back leaves no event behind.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent(
        action=action,
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        organisation=organisation,
        details=details,
    )
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(target.pk)
        event.target_label = str(target)[:300]
    if request is not None:
        event.ip_address = client_ip(request)
    event.save()
    return event
