"""Hooks offered by the audit app.

``lms_register_audit_sentences``
    Implementations take no arguments and return a mapping of action code to
    sentence: a lazy template with named placeholders (``%(target)s``,
    ``%(organisation)s``, ``%(course)s`` or any key of the event's details)
    or a function ``(context) -> str``. Use it for the codes a plugin
    records with ``audit.log.record``; the log then shows them as sentences
    in the reader's language (see ``audit.sentences``). The project's own
    sentences win over a plugin's for the same code; among plugins the
    first hook in Wagtail's hook order wins.
"""

REGISTER_AUDIT_SENTENCES = "lms_register_audit_sentences"
