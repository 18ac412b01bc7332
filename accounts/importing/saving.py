"""Writing a checked import: new officers in bulk, changed ones in bulk.

Called by ``accounts.importing.running.apply_import`` inside the transaction
that also re-checked the file. Queries grow with the number of rows only
through the database's batch sizes (``bulk_create`` on SQLite inserts ~35
users per statement), never one query per row.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models.functions import Lower

from accounts.importing.checking import chunked
from accounts.importing.results import CREATE, UPDATE, ImportResult, RowPlan

#: Rows per UPDATE statement (Django lowers it to the database's limit).
BATCH = 500
_USERNAME_UNSAFE = re.compile(r"[^\w.@+-]+")
_USERNAME_MAX = 150


def save(result: ImportResult) -> None:
    """Create and update the users planned in ``result`` (which must be ``ok``)."""
    from accounts.models import User

    creates = [plan for plan in result.rows if plan.action == CREATE]
    updates = [plan for plan in result.rows if plan.action == UPDATE]
    if creates:
        usernames = unique_usernames(creates)
        # Officers sign in after a password reset (or single sign-on): an
        # unusable password until then, as make_password(None) makes, from
        # one urandom call instead of 40 per user.
        users = [
            User(
                username=username,
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
                is_active=True,
                **plan.values,
            )
            for plan, username in zip(creates, usernames, strict=True)
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        result.created_ids = created_ids(users)
    # Rows give different sets of columns values (a staff ID or not, a derived
    # province or not): one bulk_update per set, each writing only its fields.
    groups: dict[tuple[str, ...], list[RowPlan]] = defaultdict(list)
    for plan in updates:
        groups[tuple(sorted(plan.values))].append(plan)
    for fields, plans in groups.items():
        User.objects.bulk_update(
            [User(pk=plan.user_id, **plan.values) for plan in plans],
            fields=list(fields),
            batch_size=BATCH,
        )


def created_ids(users: list) -> list[int]:
    """The new rows' ids: returned by the insert where the database can, else
    read back by their (unique) usernames."""
    from accounts.models import User

    if all(user.pk for user in users):
        return [user.pk for user in users]
    ids = []
    for chunk in chunked(user.username for user in users):
        ids.extend(User.objects.filter(username__in=chunk).values_list("pk", flat=True))
    return sorted(ids)


def username_base(values: dict) -> str:
    """A username from the staff ID, else the email address (lower case)."""
    source = values.get("staff_id") or values.get("email") or "officer"
    base = _USERNAME_UNSAFE.sub("-", source.lower()).strip("-") or "officer"
    return base[:_USERNAME_MAX]


def _candidate(base: str, attempt: int) -> str:
    if attempt == 0:
        return base
    suffix = f"-{attempt + 1}"
    return base[: _USERNAME_MAX - len(suffix)] + suffix


def unique_usernames(plans: list[RowPlan]) -> list[str]:
    """One free username per plan, unique ignoring case, in a few queries.

    Each round asks the database which candidates are taken (in chunks);
    rows whose name is taken try ``name-2``, ``name-3``... in the next round.
    """
    from accounts.models import User

    bases = [username_base(plan.values) for plan in plans]
    attempts = [0] * len(plans)
    chosen: list[str | None] = [None] * len(plans)
    used: set[str] = set()
    pending = list(range(len(plans)))
    while pending:
        candidates = {i: _candidate(bases[i], attempts[i]) for i in pending}
        taken: set[str] = set()
        for chunk in chunked(name.lower() for name in candidates.values()):
            taken.update(
                User.objects.annotate(key=Lower("username"))
                .filter(key__in=chunk)
                .values_list("key", flat=True)
            )
        still = []
        for i in pending:
            key = candidates[i].lower()
            if key in taken or key in used:
                attempts[i] += 1
                still.append(i)
            else:
                used.add(key)
                chosen[i] = candidates[i]
        pending = still
    return chosen
