"""The audit log's sentence for a report download (``lms_register_audit_sentences``).

The log keeps the report's identifier; its title, in the reader's language,
comes from the portal's report registry, which audit must not import.
"""

from django.utils.translation import ngettext_lazy

from portal.reports.registry import reports

REPORT_DOWNLOADED = ngettext_lazy(
    "Downloaded the report “%(report)s” as %(format)s (%(rows)s row)",
    "Downloaded the report “%(report)s” as %(format)s (%(rows)s rows)",
    "rows",
)


def report_downloaded(context) -> str:
    """The sentence, with the report's title in place of its identifier."""
    report = reports.get(context["report"])
    if report is not None:
        context["report"] = str(report.title)
    return REPORT_DOWNLOADED % context


def audit_sentences() -> dict:
    return {"report.downloaded": report_downloaded}
