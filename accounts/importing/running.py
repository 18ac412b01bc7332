"""The two entry points: check a file (dry run) and import it, with the audit log.

Both read the file, check every row for the importer's ``scope`` and record
what happened (``import.previewed``, ``import.applied``, ``import.refused``).
:func:`apply_import` checks again inside its transaction, with the matched
officers locked, because the database may have changed since the preview:
any error and nothing is written.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import signals
from accounts.activation.issuing import invite_on_commit
from accounts.importing.checking import Progress, check
from accounts.importing.reading import ImportFileError, read_table
from accounts.importing.results import ImportResult
from accounts.importing.saving import save
from accounts.scope import Scope

#: Row errors copied into an audit event (the counts cover all of them).
AUDITED_ERRORS = 20


def preview_import(
    data: bytes,
    *,
    scope: Scope,
    name: str = "",
    actor=None,
    progress: Progress | None = None,
    **details,
) -> ImportResult:
    """Check ``data`` as an import for ``scope`` and save nothing but the audit.

    ``actor`` is who asked (None: the command line without ``--as``);
    ``details`` go into the audit event (e.g. ``job=...``).
    """
    try:
        table = read_table(data, name)
    except ImportFileError as error:
        result = ImportResult(file_error=str(error))
    else:
        result = check(table, scope, progress=progress)
    action = "import.previewed" if result.ok else "import.refused"
    _audit(action, result, scope, actor, name, dry_run=True, **details)
    return result


def apply_import(
    data: bytes,
    *,
    scope: Scope,
    name: str = "",
    actor=None,
    progress: Progress | None = None,
    **details,
) -> ImportResult:
    """Check ``data`` again and, if every row is good, save it all in one transaction.

    The returned result has ``applied`` set when the officers were saved.
    """
    try:
        table = read_table(data, name)
    except ImportFileError as error:
        result = ImportResult(file_error=str(error))
    else:
        try:
            with transaction.atomic():
                result = check(table, scope, progress=progress, lock=True)
                if result.ok:
                    save(result)
                    result.applied = True
                    # New officers with an address are invited to set their
                    # password (accounts.activation), once this commits.
                    invite_on_commit(result.created_ids, actor)
                    _audit("import.applied", result, scope, actor, name, **details)
        except IntegrityError:
            # Another import or an edit created the same staff ID or username
            # between our check and our insert; everything was rolled back.
            result = ImportResult(
                file_error=_(
                    "Officers in this file were changed by someone else at the "
                    "same moment. Nothing was saved; check the file again."
                ),
                total=len(table.rows),
            )
    if not result.applied:
        _audit("import.refused", result, scope, actor, name, dry_run=False, **details)
    return result


def _audit(action, result: ImportResult, scope: Scope, actor, name, **details):
    from accounts.models import Organisation

    # Reviewers read the log of their organisations: attach the event to the
    # one unit imported into, else to the reviewer's one organisation.
    unit_ids = {plan.values.get("organisation_id") for plan in result.rows}
    if len(unit_ids) == 1 and None not in unit_ids:
        organisation_id = unit_ids.pop()
    elif len(scope.reviewed_organisation_ids) == 1:
        organisation_id = next(iter(scope.reviewed_organisation_ids))
    else:
        organisation_id = None
    # The audit app records it (accounts never imports audit).
    signals.import_recorded.send(
        sender=ImportResult,
        action=action,
        actor=actor,
        organisation=Organisation(pk=organisation_id) if organisation_id else None,
        details={
            "file": name,
            **result.counts,
            "conflicts": result.conflicts,
            "file_error": result.file_error,
            "first_errors": [str(error) for error in result.errors[:AUDITED_ERRORS]],
            **details,
        },
    )
