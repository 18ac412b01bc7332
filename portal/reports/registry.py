"""The registry of reports (``lms_register_reports``)."""

from __future__ import annotations

from lms.registry import Registry
from portal.hooks import REGISTER_REPORTS
from portal.reports.base import validate_report

reports = Registry(REGISTER_REPORTS, kind="report", validate=validate_report)


def reports_for(scope) -> list:
    """The report classes a user with ``scope`` may run, by title."""
    available = [r for r in reports if r.is_available_to(scope)]
    return sorted(available, key=lambda r: str(r.title))
