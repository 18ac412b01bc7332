"""Lifecycle signals that plugins and later features listen to.

Every signal is sent once per event, after the database change it reports has
been made (inside the same transaction; use ``transaction.on_commit`` in a
receiver for work that must only happen after commit, e.g. rendering a PDF).
"""

from django.dispatch import Signal

#: An officer enrolled in a course. Kwargs: ``enrolment``.
enrolment_created = Signal()

#: An activity (a lesson or a plugin activity page) became complete for an
#: enrolment. Kwargs: ``enrolment``, ``page`` (the specific page), ``progress``.
lesson_completed = Signal()

#: A module became complete. Kwargs: ``enrolment``, ``module``.
module_completed = Signal()

#: A course became complete. Kwargs: ``enrolment``.
course_completed = Signal()

#: A certificate was issued. Kwargs: ``certificate``. (Sent by ``certificates``.)
certificate_issued = Signal()

#: The hook registries were loaded. Kwargs: ``registry``. Sent once per registry.
registry_loaded = Signal()
