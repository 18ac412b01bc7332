"""Hooks the portal offers to plugins.

``lms_register_reports``
    Called with no arguments; returns an iterable of ``portal.reports.base.Report``
    subclasses (classes, not instances). Each is listed on the reports page
    for the users its ``audiences`` name, and exported as CSV and XLSX by the
    portal (``lms.spreadsheets``). Identifiers are unique across all plugins
    (a duplicate is refused by the registry, as for every ``lms_`` hook) and
    never renamed: they appear in URLs and in the audit log. Order: as Wagtail
    runs hooks (registration order, then ``order=``); the page sorts by title.
"""

REGISTER_REPORTS = "lms_register_reports"
