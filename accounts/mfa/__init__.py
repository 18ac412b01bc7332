"""Multi-factor sign-in for staff: TOTP, passkeys and recovery codes.

Built on django-otp (TOTP and static "recovery" codes) and django-otp-webauthn
(passkeys on the same device model). The pieces:

- ``policy``: who must give a second factor (``LMS_MFA_REQUIRED_ROLES``), who
  has opted in, and what a session still owes.
- ``middleware``: sends a signed-in user who owes a second factor to verify
  (or to set one up) on every path but a short allow-list.
- ``devices``: adding, confirming, listing and removing devices; recovery
  codes; checking a code; an admin's reset.
- ``views``, ``forms``, ``webauthn``: the pages and the passkey endpoints.
- ``sessions``: remembers at sign-in whether an officer opted in.

Events go out as signals (``accounts.signals.mfa_*``); the audit app listens.
"""
