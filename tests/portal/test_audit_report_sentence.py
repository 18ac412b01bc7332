"""The audit log names a downloaded report by its title, in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from audit.log import record
from audit.sentences import sentence
from portal.reports.registry import reports

pytestmark = pytest.mark.django_db


def test_a_report_download_reads_with_the_reports_title():
    event = record("report.downloaded", report="completions", format="csv", rows=3)
    title = reports.get("completions").title

    assert sentence(event) == f"Downloaded the report “{title}” as CSV (3 rows)"
    with translation.override("km"):
        khmer = sentence(event)
        assert str(title) in khmer and khmer.startswith("បានទាញយករបាយការណ៍")


def test_a_report_no_longer_installed_reads_with_its_identifier():
    event = record("report.downloaded", report="retired-report", format="xlsx", rows=1)

    assert sentence(event) == "Downloaded the report “retired-report” as XLSX (1 row)"
