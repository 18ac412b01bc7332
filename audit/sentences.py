"""Audit actions as sentences: "Enrolled cohort X in course Y", not ``cohort.enrolled``.

The log stores the action code and its details (``audit.log.record``); the
sentence is written when the log is read, in the reader's language, from
those two and the event's target and organisation. So every row reads as a
sentence, old rows included, and a better wording changes no data.

:data:`SENTENCES` maps every action code recorded anywhere in the project to
either a lazy template with named placeholders (``%(target)s``...) or a
function ``(context) -> str`` for codes whose wording depends on the details
(a role given for a course, or for an organisation). A test fails when a
code recorded in the source has no entry here. Plugins add their own codes
through the ``lms_register_audit_sentences`` hook (``audit.hooks``). Unknown
codes read as the humanised code ("Question moved" for ``quiz.question_moved``).

Placeholders a template may use:

- ``target``: the object as recorded (``target_label``);
- ``organisation``: the event's organisation in the reader's language;
- ``course``: the title of the course in ``details["course_id"]``;
- ``scope``: the course or organisation a role was given for;
- every key of ``details``; lists are joined with commas, counts are numbers.

A placeholder with no value reads as "—" (an old row without that detail),
never as an error.

:func:`sentences_for` writes the sentences of many events with two queries
at most (course titles, organisation names), whatever their number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from django.conf import settings
from django.utils.translation import get_language, gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from audit.hooks import REGISTER_AUDIT_SENTENCES

#: What a missing placeholder reads as.
MISSING = "—"

#: Details that are counts (numbers, for plural forms).
COUNTS = (
    "rows",
    "created",
    "updated",
    "unchanged",
    "errors",
    "conflicts",
    "count",
    "enrolled",
    "already_enrolled",
    "due_date_set",
    "skipped",
    "questions",
    "failures",
)


class UnknownCount(int):
    """A count an older row did not keep: a number for plural forms, "—" in text."""

    def __str__(self):
        return MISSING

    __format__ = lambda self, spec: MISSING  # noqa: E731


class Context(dict):
    """The values a sentence is filled from; a missing one reads as "—"."""

    def __missing__(self, key):
        return MISSING


Sentence = "str | Callable[[Context], str]"


def _has(context: Context, key: str) -> bool:
    return context.get(key) not in (None, "", MISSING)


def _role(context: Context) -> str:
    from accounts.models import RoleAssignment

    labels = dict(RoleAssignment.Role.choices)
    role = context.get("role", "")
    return str(labels.get(role, role or MISSING))


def _role_granted(context: Context) -> str:
    values = Context({**context, "role": _role(context)})
    if _has(context, "scope"):
        return gettext("Gave %(target)s the role “%(role)s” for %(scope)s") % values
    return gettext("Gave %(target)s the role “%(role)s”") % values


def _role_revoked(context: Context) -> str:
    values = Context({**context, "role": _role(context)})
    if _has(context, "scope"):
        return (
            gettext("Took the role “%(role)s” for %(scope)s from %(target)s") % values
        )
    return gettext("Took the role “%(role)s” from %(target)s") % values


def _groups_changed(context: Context) -> str:
    added, removed = _has(context, "added"), _has(context, "removed")
    if added and removed:
        return (
            gettext(
                "Changed the groups of %(target)s: added %(added)s, removed %(removed)s"
            )
            % context
        )
    if removed:
        return gettext("Removed %(target)s from the groups %(removed)s") % context
    return gettext("Added %(target)s to the groups %(added)s") % context


def _superuser_changed(context: Context) -> str:
    if context.get("after") is True:
        return gettext("Made %(target)s a platform admin") % context
    return gettext("Took platform admin rights from %(target)s") % context


def _active_changed(context: Context) -> str:
    if context.get("after") is True:
        return gettext("Reactivated the account of %(target)s") % context
    return gettext("Deactivated the account of %(target)s") % context


def _officers_imported(context: Context) -> str:
    if _has(context, "organisation"):
        return (
            ngettext(
                "Imported %(rows)s officer into %(organisation)s (%(created)s new, "
                "%(updated)s updated, %(unchanged)s unchanged)",
                "Imported %(rows)s officers into %(organisation)s (%(created)s new, "
                "%(updated)s updated, %(unchanged)s unchanged)",
                context["rows"],
            )
            % context
        )
    return (
        ngettext(
            "Imported %(rows)s officer (%(created)s new, %(updated)s updated, "
            "%(unchanged)s unchanged)",
            "Imported %(rows)s officers (%(created)s new, %(updated)s updated, "
            "%(unchanged)s unchanged)",
            context["rows"],
        )
        % context
    )


_DEVICE_ADDED = {
    "totp": _("Added an authenticator app for two-step sign-in"),
    "passkey": _("Added the passkey “%(name)s” for two-step sign-in"),
    "recovery": _("Made new recovery codes for two-step sign-in"),
}
_DEVICE_REMOVED = {
    "totp": _("Removed the authenticator app of %(target)s"),
    "passkey": _("Removed the passkey “%(name)s” of %(target)s"),
    "recovery": _("Removed the recovery codes of %(target)s"),
}
_FACTOR = {
    "totp": _("authenticator app"),
    "code": _("authenticator app"),
    "passkey": _("passkey"),
    "recovery": _("recovery code"),
}


def _by_kind(templates: dict, fallback) -> Callable[[Context], str]:
    def sentence(context: Context) -> str:
        return str(templates.get(context.get("kind"), fallback)) % context

    return sentence


def _with_factor(template) -> Callable[[Context], str]:
    def sentence(context: Context) -> str:
        factor = _FACTOR.get(context.get("kind"), context.get("kind") or MISSING)
        return str(template) % Context({**context, "factor": str(factor)})

    return sentence


def _import_questions(context: Context) -> str:
    if _has(context, "category"):
        return (
            ngettext(
                "Imported %(questions)s question from %(file)s into %(category)s",
                "Imported %(questions)s questions from %(file)s into %(category)s",
                context["questions"],
            )
            % context
        )
    return (
        ngettext(
            "Imported %(questions)s question from %(file)s",
            "Imported %(questions)s questions from %(file)s",
            context["questions"],
        )
        % context
    )


#: Action code -> sentence (see the module docstring). Codes are never renamed.
SENTENCES: dict[str, Sentence] = {
    # accounts: roles, groups, flags (accounts.roles, accounts.signals,
    # accounts.viewsets)
    "role.granted": _role_granted,
    "role.revoked": _role_revoked,
    "group.changed": _groups_changed,
    "role.superuser_changed": _superuser_changed,
    "role.active_changed": _active_changed,
    # accounts: officer imports (accounts.importing.running)
    "import.previewed": ngettext_lazy(
        "Checked a file of %(rows)s officer (%(file)s); nothing was saved",
        "Checked a file of %(rows)s officers (%(file)s); nothing was saved",
        "rows",
    ),
    "import.applied": _officers_imported,
    "import.refused": ngettext_lazy(
        "Refused a file of officers (%(file)s) with %(errors)s error; "
        "nothing was saved",
        "Refused a file of officers (%(file)s) with %(errors)s errors; "
        "nothing was saved",
        "errors",
    ),
    "import.conflict": ngettext_lazy(
        "A file of officers (%(file)s) named %(conflicts)s existing account",
        "A file of officers (%(file)s) named %(conflicts)s existing accounts",
        "conflicts",
    ),
    # accounts: e-mail and registration (audit.account_receivers)
    "email.change_requested": _("Asked to change the e-mail address to %(new_email)s"),
    "email.changed": _(
        "Changed the e-mail address from %(old_email)s to %(new_email)s"
    ),
    "registration.refused_existing": _(
        "Someone registered with the e-mail address or staff ID of %(target)s"
    ),
    "registration.approved": _("Approved the registration of %(target)s"),
    "registration.rejected": _("Rejected the registration of %(target)s"),
    # accounts: activation (audit.activation_receivers)
    "activation.letter_issued": _("Printed an activation letter for %(target)s"),
    "activation.invitation_sent": _("Sent an activation invitation to %(target)s"),
    "activation.code_cancelled": _(
        "Cancelled an earlier activation code of %(target)s"
    ),
    "activation.redeemed": _("Activated the account with an activation code"),
    "activation.failed": _("An activation code could not be used (%(reason)s)"),
    # sign-in (audit.signin_receivers)
    "signin.succeeded": _("Signed in"),
    "signin.failed": _("Failed to sign in as %(username)s (wrong password)"),
    "signin.locked_out": ngettext_lazy(
        "Locked out %(username)s after %(failures)s failed sign-in",
        "Locked out %(username)s after %(failures)s failed sign-ins",
        "failures",
    ),
    "signin.unlocked": _("Lifted the sign-in lockout of %(username)s"),
    # two-step sign-in (audit.mfa_receivers)
    "mfa.device_added": _by_kind(
        _DEVICE_ADDED, _("Added a device for two-step sign-in")
    ),
    "mfa.device_removed": _by_kind(
        _DEVICE_REMOVED, _("Removed a two-step sign-in device of %(target)s")
    ),
    "mfa.verified": _with_factor(_("Confirmed the sign-in with a %(factor)s")),
    "mfa.failed": _with_factor(_("A %(factor)s was refused at sign-in (%(reason)s)")),
    "mfa.reset": ngettext_lazy(
        "Reset the two-step sign-in of %(target)s (%(count)s device removed)",
        "Reset the two-step sign-in of %(target)s (%(count)s devices removed)",
        "count",
    ),
    # courses (courses.cohorts)
    "cohort.enrolled": ngettext_lazy(
        "Enrolled cohort %(target)s in course %(course)s: %(enrolled)s officer "
        "enrolled, due %(due_on)s",
        "Enrolled cohort %(target)s in course %(course)s: %(enrolled)s officers "
        "enrolled, due %(due_on)s",
        "enrolled",
    ),
    # certificates (certificates.views.downloads, certificates.admin.actions)
    "certificate.downloaded": _("Downloaded the certificate %(target)s"),
    "certificates.bulk_downloaded": ngettext_lazy(
        "Downloaded %(count)s certificate at once",
        "Downloaded %(count)s certificates at once",
        "count",
    ),
    # portal (portal.views)
    "certificates.zip_requested": ngettext_lazy(
        "Asked for a ZIP file of %(count)s certificate",
        "Asked for a ZIP file of %(count)s certificates",
        "count",
    ),
    "certificates.zip_downloaded": ngettext_lazy(
        "Downloaded a ZIP file of %(count)s certificate",
        "Downloaded a ZIP file of %(count)s certificates",
        "count",
    ),
    # "report.downloaded" comes from portal (portal/audit_sentences.py): only
    # the portal's registry knows a report's title.
    "officers.exported": ngettext_lazy(
        "Exported the list of officers as %(format)s (%(rows)s officer)",
        "Exported the list of officers as %(format)s (%(rows)s officers)",
        "rows",
    ),
    # quiz plugin (plugins.quiz.interchange.saving.audit)
    "question_import.checked": ngettext_lazy(
        "Checked a file of %(questions)s question (%(file)s); nothing was saved",
        "Checked a file of %(questions)s questions (%(file)s); nothing was saved",
        "questions",
    ),
    "question_import.applied": _import_questions,
    "question_import.refused": ngettext_lazy(
        "Refused a file of questions (%(file)s) with %(errors)s error; "
        "nothing was saved",
        "Refused a file of questions (%(file)s) with %(errors)s errors; "
        "nothing was saved",
        "errors",
    ),
    "question_export.downloaded": ngettext_lazy(
        "Exported %(questions)s question as %(format)s (%(file)s)",
        "Exported %(questions)s questions as %(format)s (%(file)s)",
        "questions",
    ),
}


@cache
def _from_plugins() -> dict[str, Sentence]:
    from wagtail import hooks

    found: dict[str, Sentence] = {}
    for hook in hooks.get_hooks(REGISTER_AUDIT_SENTENCES):
        for code, sentence in dict(hook()).items():
            # The project's own wording wins over a plugin's.
            found.setdefault(code, sentence)
    return found


def sentence_for_code(code: str) -> Sentence | None:
    """The entry for ``code``: the project's, else a plugin's, else None."""
    return SENTENCES.get(code) or _from_plugins().get(code)


def humanised(code: str) -> str:
    """``quiz.question_moved`` -> "Quiz: question moved" (for unknown codes)."""
    head, _dot, tail = code.partition(".")
    words = (tail or head).replace("_", " ").strip()
    if tail:
        return f"{head.replace('_', ' ').capitalize()}: {words}"
    return words.capitalize() or MISSING


def _format(details_value):
    if isinstance(details_value, (list, tuple)):
        return ", ".join(str(v) for v in details_value) or MISSING
    if details_value is None or details_value == "":
        return MISSING
    return details_value


def _count(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


class Lookups:
    """Course titles and organisation names for a set of events, read at once."""

    def __init__(self, events: Iterable):
        events = list(events)
        course_ids = {
            _count(e.details.get("course_id"))
            for e in events
            if isinstance(e.details, dict) and e.details.get("course_id")
        }
        organisation_ids = {
            _count(e.details.get("organisation_id"))
            for e in events
            if isinstance(e.details, dict) and e.details.get("organisation_id")
        }
        self.courses = self._courses(course_ids - {0})
        self.organisations = self._organisations(organisation_ids - {0})

    @staticmethod
    def _localised(english: str, khmer: str) -> str:
        return khmer if get_language() == "km" and khmer else english

    def _courses(self, ids) -> dict[int, str]:
        if not ids:
            return {}
        from courses.translations import localized_titles

        return {pk: title for pk, (title, _lang) in localized_titles(ids).items()}

    def _organisations(self, ids) -> dict[int, str]:
        if not ids:
            return {}
        from accounts.models import Organisation

        rows = Organisation.objects.filter(pk__in=ids).values_list(
            "pk", "name", "name_km"
        )
        return {pk: self._localised(name, km) for pk, name, km in rows}


def context_for(event, lookups: Lookups | None = None) -> Context:
    """The placeholders' values for ``event`` (see the module docstring)."""
    lookups = lookups or Lookups([event])
    details = event.details if isinstance(event.details, dict) else {}
    context = Context({key: _format(value) for key, value in details.items()})
    for key in COUNTS:
        context[key] = _count(details[key]) if key in details else UnknownCount(0)
    if "failures" not in details and event.action == "signin.locked_out":
        # Older rows did not keep the limit: it is the setting's.
        context["failures"] = _count(getattr(settings, "AXES_FAILURE_LIMIT", 0))
    context["target"] = event.target_label or MISSING
    organisation = event.organisation if event.organisation_id else None
    context["organisation"] = organisation.localized_name if organisation else MISSING
    course_id = _count(details.get("course_id"))
    if course_id:
        context["course"] = lookups.courses.get(course_id, f"#{course_id}")
    organisation_id = _count(details.get("organisation_id"))
    scope = ""
    if course_id and event.action.startswith("role."):
        scope = context["course"]
    elif organisation_id:
        scope = lookups.organisations.get(organisation_id, f"#{organisation_id}")
    context["scope"] = scope
    if "format" in details:
        context["format"] = str(details["format"]).upper()
    if "report" in details:
        context["report"] = str(details["report"])
    if "file_name" in details and "file" not in details:
        context["file"] = _format(details["file_name"])
    return context


def sentence(event, lookups: Lookups | None = None) -> str:
    """``event`` as a sentence in the active language."""
    entry = sentence_for_code(event.action)
    if entry is None:
        return humanised(event.action)
    context = context_for(event, lookups)
    try:
        if callable(entry) and not isinstance(entry, str):
            return str(entry(context))
        return str(entry % context)
    except (KeyError, TypeError, ValueError):
        # A translation with a broken placeholder must not hide the row.
        return humanised(event.action)


def sentences_for(events: Iterable) -> list[str]:
    """The sentences of ``events`` (in order), with the lookups read once."""
    events = list(events)
    lookups = Lookups(events)
    return [sentence(event, lookups) for event in events]
