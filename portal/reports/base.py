"""The report contract: what a plugin implements to add a report to the portal.

A report is a class with a stable ``identifier``, a title, the columns it
produces and a :meth:`Report.rows` method that yields one tuple per row
*inside the given scope*. The portal does the rest: the page with filters
and a paginated table, the CSV and XLSX downloads (``lms.spreadsheets``,
formula-escaped), the audit event for each download, and the access check
(``audiences``). Register report classes through the ``lms_register_reports``
hook (``portal.hooks``).

Scoping is the report's duty and cannot be skipped: ``rows`` receives the
:class:`accounts.scope.Scope` of the user asking and must build every
queryset from a ``visible_to`` queryset or ``scope.rows_q``. The access
matrix test downloads every registered report as every role and fails on any
row from outside the scope.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.db.models import Q

from accounts.report_columns import officer_core_columns
from accounts.scope import Scope

REVIEWER = "reviewer"
TRAINER = "trainer"


@dataclass(frozen=True)
class Column:
    """One column: ``key`` is stable (used in tests and CSV headers' order),
    ``heading`` is translated."""

    key: str
    heading: Any
    #: Right-align in the table; numbers stay numbers in CSV and XLSX.
    numeric: bool = False


def officer_columns() -> tuple[Column, ...]:
    """The core officer columns (``accounts.report_columns``) as report
    columns: a report with one row per officer starts with these."""
    core = officer_core_columns()
    return tuple(Column(k, h) for k, h in zip(core.keys, core.headings, strict=True))


class Report:
    """Base class for reports. Subclasses set the class attributes and ``rows``."""

    #: Stable, unique across plugins, never renamed (URLs, audit log).
    identifier: ClassVar[str]
    title: ClassVar[Any]
    description: ClassVar[Any] = ""
    #: Who besides platform admins may run it: ``REVIEWER``, ``TRAINER``.
    audiences: ClassVar[frozenset[str]] = frozenset({REVIEWER, TRAINER})
    columns: ClassVar[Sequence[Column]]
    #: Whether each row is about one officer: such a report's ``columns``
    #: start with :func:`officer_columns` (staff ID, names, unit, province),
    #: like every file a ministry files. A per-question report sets False.
    about_officers: ClassVar[bool] = True
    #: An optional ``forms.Form`` for filters; built with ``(data, scope=scope)``.
    filter_form_class: ClassVar[type[forms.Form] | None] = None

    def __init__(self, scope: Scope):
        self.scope = scope

    @classmethod
    def is_available_to(cls, scope: Scope) -> bool:
        """Whether a user with ``scope`` may open this report at all."""
        if scope.is_admin:
            return True
        return (REVIEWER in cls.audiences and scope.is_reviewer) or (
            TRAINER in cls.audiences and scope.is_trainer
        )

    def filter_form(self, data) -> forms.Form | None:
        if self.filter_form_class is None:
            return None
        return self.filter_form_class(data or None, scope=self.scope)

    def scope_q(self, user: str = "user", course: str | None = "course") -> Q:
        """A ``Q`` over the report's model: the rows its audience answers for.

        ``user`` and ``course`` are lookups to the officer and the course, as
        for :meth:`Scope.rows_q`. Admins get everything; a reviewer (when
        ``REVIEWER`` is an audience) the officers of the reviewed organisations
        and those below; a trainer (when ``TRAINER`` is one) the rows of the
        courses they train. Unlike ``rows_q`` it leaves out the user's own
        rows: a report is about the officers one answers for, and a trainer's
        own enrolment in another course is not a row of their course report.
        """
        scope = self.scope
        if scope.is_admin:
            return Q()
        q = Q(pk__in=[])
        if REVIEWER in self.audiences:
            q |= scope.reviewed_q(user)
        if TRAINER in self.audiences and course is not None:
            q |= scope.trained_q(course)
        return q

    def count(self, filters: dict) -> int:
        """How many rows ``rows(filters)`` yields (shown on the page, logged
        with each download). The default iterates the rows; override it with
        a ``COUNT`` query when the rows come from one queryset."""
        return sum(1 for _row in self.rows(filters))

    def rows(self, filters: dict) -> Iterable[Sequence]:
        """Yield one row (a tuple in ``columns`` order) per line, in scope only.

        ``filters`` is the filter form's ``cleaned_data`` (empty without a
        form). Must run a bounded number of queries however many rows there
        are (iterate with ``.iterator()`` or in chunks; no query per row).
        """
        raise NotImplementedError


def validate_report(item) -> None:
    """The registry's check of one registered item."""
    if not (isinstance(item, type) and issubclass(item, Report)):
        raise TypeError(f"{item!r} is not a subclass of portal.reports.base.Report")
    for attribute in ("identifier", "title", "columns"):
        if not getattr(item, attribute, None):
            raise ValueError(f"{item.__name__} must set {attribute!r}")
