"""Account activation for officers who were imported or created without a password.

An officer created by an import (``accounts.importing``) or by an admin gets
no usable password. They set one with a single-use, expiring code:

- officers with an e-mail address get an **invitation** mail with a link
  (``issuing.send_invitations``, from the task queue), when the import or the
  admin creates them, when they use "Forgot your password?" before ever
  signing in, and when a reviewer sends it again;
- for the others a reviewer prints **activation letters** (``portal.letters``):
  a short code to type (``codes``) and a QR code of the same one-time link.

Modules: ``codes`` (secrets and their hashes), ``issuing`` (new codes, old
ones cancelled, invitations), ``redeeming`` (using a code, once),
``status`` (who has activated), ``views``/``forms`` (the officer's pages),
``signals`` (heard by the audit log). The model is
``accounts.models.ActivationCode``.

Settings: ``LMS_ACTIVATION_LETTER_DAYS`` (30) and ``LMS_INVITATION_DAYS`` (7)
until a code expires; ``LMS_ACTIVATION_RATE_PER_CLIENT`` (30) and
``LMS_ACTIVATION_RATE_PER_ACCOUNT`` (10) tries per hour.
"""
