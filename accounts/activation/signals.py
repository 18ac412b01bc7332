"""Activation events, sent by ``accounts.activation`` and heard by the audit app.

accounts never imports audit; ``audit.activation_receivers`` connects to
these. Every signal has ``sender=ActivationCode`` and these arguments:

- ``code_issued``: ``code`` (the new ``ActivationCode``, its ``user``
  loaded), ``actor`` (who issued it, or None for the system),
  ``cancelled`` (the codes of the same officer it replaced, possibly
  empty), ``request`` (or None). For an e-mail code it is sent only once the
  invitation went out (in the same transaction), so it means "invitation
  sent"; for a letter, "letter issued".
- ``code_redeemed``: ``code``, ``user``, ``request``: the officer set a
  password with the code and is signed in.
- ``redemption_failed``: ``reason`` ("unknown", "expired", "used",
  "cancelled", "inactive", "throttled"), ``user`` (the code's officer when
  the code was found, else None), ``request``. Never the typed code.
"""

from django.dispatch import Signal

code_issued = Signal()
code_redeemed = Signal()
redemption_failed = Signal()
