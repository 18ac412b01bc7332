"""Issuing activation codes: letters printed by a reviewer, invitations mailed.

:func:`issue` gives each officer a fresh code and cancels the code they had
(``code_cancelled`` in the audit log through ``code_issued``'s
``cancelled``). Officers' rows are locked first, in id order, so two
reviewers issuing for one unit at once queue rather than leave two live
codes (the model's partial unique constraint is the backstop).

The plain secret exists only in memory: it goes onto the letter (the caller
renders it in the same transaction) or into the e-mail (sent in the same
transaction, so a mail that fails leaves no code and no "sent" event behind).
That is also why invitations are minted by the task itself
(:func:`send_invitations`): a task's arguments are stored in the queue's
table, and a secret must not be.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from accounts.activation import codes, signals
from accounts.activation.status import not_activated_q
from accounts.models import ActivationCode, User
from accounts.registration import absolute, build_email, language_of

logger = logging.getLogger(__name__)

Channel = ActivationCode.Channel


def letter_days() -> int:
    return int(getattr(settings, "LMS_ACTIVATION_LETTER_DAYS", 30))


def invitation_days() -> int:
    return int(getattr(settings, "LMS_INVITATION_DAYS", 7))


@dataclass(frozen=True)
class Issued:
    """A code just issued, with its plain secret (never stored)."""

    user: User
    code: ActivationCode
    secret: str

    @property
    def display_code(self) -> str:
        """The short code as printed (letters only)."""
        return codes.display(self.secret)

    @property
    def link(self) -> str:
        """The absolute one-time link (the QR code's and the e-mail's)."""
        return absolute(reverse("accounts:activate_link", args=[self.secret]))


def issuable(users):
    """Of ``users`` (a queryset), those a code may be issued for: active ones."""
    return users.filter(is_active=True)


def issue(users, channel: str, *, actor=None, request=None, now=None) -> list[Issued]:
    """A fresh code for each of ``users`` (active ones), the old ones cancelled.

    Must run inside the caller's transaction when the secrets are used
    afterwards (rendered, mailed), so that a failure there undoes it all.
    Returns the new codes in the order of the users' names.
    """
    now = now or timezone.now()
    days = letter_days() if channel == Channel.LETTER else invitation_days()
    ids = sorted({user.pk for user in users})
    with transaction.atomic():
        locked = list(
            User.objects.select_for_update()
            .filter(pk__in=ids, is_active=True)
            .order_by("pk")
        )
        by_id = {user.pk: user for user in locked}
        old = list(ActivationCode.objects.live().filter(user_id__in=by_id))
        if old:
            ActivationCode.objects.filter(pk__in=[code.pk for code in old]).update(
                cancelled_at=now
            )
        cancelled: dict[int, list[ActivationCode]] = {}
        for code in old:
            code.cancelled_at = now
            cancelled.setdefault(code.user_id, []).append(code)
        made = []
        for user in locked:
            secret = (
                codes.new_code() if channel == Channel.LETTER else codes.new_token()
            )
            made.append(
                Issued(
                    user=user,
                    secret=secret,
                    code=ActivationCode(
                        user=user,
                        channel=channel,
                        secret_hash=codes.secret_hash(secret),
                        created_by=actor if getattr(actor, "pk", None) else None,
                        created_at=now,
                        expires_at=now + datetime.timedelta(days=days),
                    ),
                )
            )
        ActivationCode.objects.bulk_create([item.code for item in made])
        for item in made:
            signals.code_issued.send(
                sender=ActivationCode,
                code=item.code,
                actor=actor,
                cancelled=cancelled.get(item.user.pk, []),
                request=request,
            )
    made.sort(key=lambda item: (item.user.get_full_name().lower(), item.user.pk))
    return made


def issue_letters(users, *, actor=None, request=None) -> list[Issued]:
    """Letter codes for ``users``; render them inside the same transaction."""
    return issue(users, Channel.LETTER, actor=actor, request=request)


# Invitations ------------------------------------------------------------------


def invitable(users):
    """Of ``users``, those an invitation may go to: active, with an address,
    never activated (an activated officer resets their password instead)."""
    return users.filter(is_active=True).exclude(email="").filter(not_activated_q())


def invite_on_commit(user_ids, actor=None) -> None:
    """Queue :func:`send_invitations` once the current transaction commits."""
    ids = sorted({int(pk) for pk in user_ids})
    if not ids:
        return
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: send_invitations.enqueue(ids, actor_id))


def send_invitation(user, *, actor=None, request=None) -> bool:
    """Mint an e-mail code for ``user`` and mail it now; False if not invitable.

    Code, mail and audit event go together: a mail server that fails rolls
    the code back (and the error propagates).
    """
    if not invitable(User.objects.filter(pk=user.pk)).exists():
        return False
    with transaction.atomic():
        issued = issue([user], Channel.EMAIL, actor=actor, request=request)
        if not issued:
            return False
        item = issued[0]
        build_email(
            "activation_invitation",
            {
                "user": item.user,
                "link": item.link,
                "days": invitation_days(),
                "expires_at": item.code.expires_at,
                "username": item.user.get_username(),
            },
            to=item.user.email,
            language=language_of(item.user),
        ).send()
    return True


@task()
def send_invitations(user_ids: list[int], actor_id: int | None = None) -> int:
    """Mail an invitation to each invitable officer of ``user_ids``; return how many.

    One officer's failing mail is logged and does not stop the others.
    """
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    sent = 0
    for user in invitable(User.objects.filter(pk__in=user_ids)).order_by("pk"):
        try:
            sent += send_invitation(user, actor=actor)
        except Exception:  # noqa: BLE001 (any mail backend error)
            logger.exception("Could not send the activation invitation to %s", user.pk)
    return sent
