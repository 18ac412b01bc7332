"""The audit log in the Wagtail admin shows when each event happened day first,
in Cambodia's time, on the 24-hour clock; its date filter reads what the
admin's day-first picker writes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("audit_log:index")
#: 14:05:33 in Phnom Penh on 7 December 2026; 01:30 on 8 December there.
AFTERNOON = datetime.datetime(2026, 12, 7, 7, 5, 33, 123456, tzinfo=datetime.UTC)
LATE = datetime.datetime(2026, 12, 7, 18, 30, tzinfo=datetime.UTC)


def saved(action: str, at: datetime.datetime) -> AuditEvent:
    event = AuditEvent(action=action, at=at, actor_name="reviewer-a")
    event.save()
    return event


@pytest.fixture
def admin_client(client):
    client.force_login(factories.make_user("admin"))
    return client


def test_the_list_and_the_event_show_day_first_local_times(admin_client):
    event = saved("report.downloaded", AFTERNOON)

    listing = admin_client.get(INDEX).content.decode()
    inspect = admin_client.get(
        reverse("audit_log:inspect", args=[event.pk])
    ).content.decode()

    for html in (listing, inspect):
        assert "7/12/2026 14:05" in html
        assert "Dec. 7" not in html and "12/07/2026" not in html
        assert "p.m." not in html


def test_a_late_utc_event_is_on_the_next_day_in_phnom_penh(admin_client):
    saved("import.applied", LATE)

    assert "8/12/2026 01:30" in admin_client.get(INDEX).content.decode()


def test_the_date_filter_reads_day_first(admin_client):
    before = saved("import.applied", AFTERNOON - datetime.timedelta(days=30))
    after = saved("report.downloaded", AFTERNOON)

    # What the admin's date picker writes (WAGTAIL_DATE_FORMAT): 07/12/2026 is
    # 7 December, never 12 July.
    response = admin_client.get(INDEX, {"at_from": "07/12/2026"})

    listed = set(response.context["object_list"])
    assert after in listed and before not in listed
    response = admin_client.get(INDEX, {"at_to": "8/11/2026"})
    listed = set(response.context["object_list"])
    assert before in listed and after not in listed
    assert (
        'value="07/12/2026"'
        in admin_client.get(INDEX, {"at_from": "07/12/2026"}).content.decode()
    )
