"""Officers' downloads: who may download which PDF, the list of their own,
and the links on the dashboard and the course page."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from certificates.models import Certificate, CertificateEvent
from courses.enrolment import enrol
from courses.models import Enrolment
from tests import factories
from tests.certificates.factories import attach_pdf, make_certificate, minimal_pdf

pytestmark = pytest.mark.django_db


@dataclass
class World:
    """Two organisations; the first has a department under its ministry."""

    owner: object  # officer of the department (under the ministry)
    colleague: object  # another officer of the same department, not a reviewer
    stranger: object  # an officer of the other organisation
    ministry_reviewer: object  # reviewer of the ministry (sees the department)
    department_reviewer: object  # reviewer of the department only
    other_reviewer: object  # reviewer of the other organisation
    unattached_reviewer: object  # in the reviewers' group, without organisation
    admin: object
    ministry_officer: object  # works at the ministry itself
    certificate: Certificate  # the owner's, with a stored PDF
    ministry_certificate: Certificate  # the ministry officer's
    stranger_certificate: Certificate  # the stranger's

    def actors(self) -> dict[str, object]:
        return {
            "anonymous": None,
            "owner": self.owner,
            "colleague": self.colleague,
            "stranger": self.stranger,
            "ministry reviewer": self.ministry_reviewer,
            "department reviewer": self.department_reviewer,
            "other reviewer": self.other_reviewer,
            "unattached reviewer": self.unattached_reviewer,
            "admin": self.admin,
        }


@pytest.fixture
def world() -> World:
    ministry = factories.make_organisation(name="Ministry of Interior")
    department = factories.make_organisation(name="Immigration Department")
    department.parent = ministry
    department.save()
    other = factories.make_organisation(name="Customs Department")
    owner = factories.make_user(
        "officer", full_name="Sok Dara", full_name_km="សុខ ដារា", organisation=department
    )
    ministry_officer = factories.make_user("officer", organisation=ministry)
    stranger = factories.make_user("officer", organisation=other)
    course = factories.make_course(modules=1, lessons=1, title="Border checks")
    return World(
        owner=owner,
        colleague=factories.make_user("officer", organisation=department),
        stranger=stranger,
        ministry_reviewer=factories.make_user("reviewer", organisation=ministry),
        department_reviewer=factories.make_user("reviewer", organisation=department),
        other_reviewer=factories.make_user("reviewer", organisation=other),
        unattached_reviewer=factories.make_user("reviewer"),
        admin=factories.make_user("admin"),
        ministry_officer=ministry_officer,
        certificate=attach_pdf(make_certificate(user=owner, course=course)),
        ministry_certificate=attach_pdf(
            make_certificate(user=ministry_officer, course=course)
        ),
        stranger_certificate=attach_pdf(make_certificate(user=stranger, course=course)),
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def stored_bytes(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as stored:
        return stored.read()


def download_url(certificate: Certificate) -> str:
    return reverse("certificates:download", args=[certificate.code])


#: Who may download which certificate (everyone else: 404, anonymous: sign in).
MAY_DOWNLOAD = {
    "certificate": {"owner", "ministry reviewer", "department reviewer", "admin"},
    "ministry_certificate": {"ministry reviewer", "admin"},
    "stranger_certificate": {"stranger", "other reviewer", "admin"},
}


def test_the_download_access_matrix_has_no_unexpected_200(world):
    seen = {}
    for actor, user in world.actors().items():
        client = client_for(user)
        for which in MAY_DOWNLOAD:
            certificate = getattr(world, which)
            response = client.get(download_url(certificate))
            seen[actor, which] = response.status_code
            if response.status_code == 200:
                assert b"".join(response.streaming_content) == stored_bytes(certificate)

    expected = {
        (actor, which): (
            302 if actor == "anonymous" else 200 if actor in allowed else 404
        )
        for actor in world.actors()
        for which, allowed in MAY_DOWNLOAD.items()
    }
    assert seen == expected


def test_the_owner_gets_the_stored_pdf_as_an_attachment(world):
    response = client_for(world.owner).get(download_url(world.certificate))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="certificate-{world.certificate.code}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert body == stored_bytes(world.certificate)
    assert body.startswith(b"%PDF-")


def test_anonymous_visitors_are_sent_to_sign_in(world):
    response = Client().get(download_url(world.certificate))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not CertificateEvent.objects.filter(action="downloaded").exists()


def test_each_download_is_recorded_with_who_downloaded(world):
    client_for(world.owner).get(download_url(world.certificate))
    client_for(world.ministry_reviewer).get(download_url(world.certificate))
    client_for(world.stranger).get(download_url(world.certificate))  # 404

    events = CertificateEvent.objects.filter(
        certificate=world.certificate, action=CertificateEvent.Action.DOWNLOADED
    ).order_by("pk")
    assert [e.actor for e in events] == [world.owner, world.ministry_reviewer]
    assert events[0].detail == {"via": "pdf"}
    # The platform's audit log has them too, under the officer's organisation.
    audit = AuditEvent.objects.filter(action="certificate.downloaded").order_by("pk")
    assert [e.actor for e in audit] == [world.owner, world.ministry_reviewer]
    assert {e.target_id for e in audit} == {str(world.certificate.pk)}
    assert {e.organisation_id for e in audit} == {world.owner.organisation_id}


def test_a_typed_code_in_the_address_works_and_unknown_codes_are_404(world):
    client = client_for(world.owner)

    typed = reverse(
        "certificates:download", args=[world.certificate.display_code.lower()]
    )
    assert client.get(typed).status_code == 200
    for code in ("0" * 28, "nonsense"):
        assert (
            client.get(reverse("certificates:download", args=[code])).status_code == 404
        )


def test_a_pdf_being_prepared_gets_a_page_that_says_so(world):
    certificate = make_certificate(user=world.owner)

    response = client_for(world.owner).get(download_url(certificate))

    assert response.status_code == 202
    assert response["Retry-After"] == "10"
    page = response.content.decode()
    assert "Certificate being prepared" in page
    assert "Try again" in page
    assert not CertificateEvent.objects.filter(
        certificate=certificate, action="downloaded"
    ).exists()


def test_a_failed_pdf_gets_a_page_that_explains(world):
    certificate = make_certificate(
        user=world.owner,
        render_state=Certificate.RenderState.FAILED,
        render_error="The name is longer than 300 characters.",
    )

    response = client_for(world.owner).get(download_url(certificate))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Certificate could not be prepared" in page
    assert "The name is longer than 300 characters." in page
    assert "Retry-After" not in response


def test_the_last_stored_file_is_served_while_a_new_one_is_prepared(world):
    before = stored_bytes(world.certificate)
    Certificate.objects.filter(pk=world.certificate.pk).update(
        render_state=Certificate.RenderState.FAILED, render_error="Worker crashed"
    )

    response = client_for(world.owner).get(download_url(world.certificate))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == before


def test_a_file_missing_from_storage_is_a_failure_not_a_crash(world, caplog):
    world.certificate.pdf.storage.delete(world.certificate.pdf.name)

    response = client_for(world.owner).get(download_url(world.certificate))

    assert response.status_code == 200
    assert "Certificate could not be prepared" in response.content.decode()
    assert "stored PDF" in caplog.text


# My certificates ----------------------------------------------------------


def test_my_certificates_lists_only_my_own(world):
    pending = make_certificate(user=world.owner)
    revoked = attach_pdf(make_certificate(user=world.owner, revoked_at=timezone.now()))

    response = client_for(world.owner).get(reverse("certificates:mine"))

    assert response.status_code == 200
    page = response.content.decode()
    assert list(response.context["certificates"]) == [
        revoked,
        pending,
        world.certificate,
    ]
    assert download_url(world.certificate) in page
    assert world.certificate.get_verification_path() in page
    assert world.certificate.display_code in page
    assert download_url(pending) not in page
    assert "Being prepared" in page
    assert "Revoked" in page
    for other in (world.stranger_certificate, world.ministry_certificate):
        assert other.code not in page


def test_reviewers_see_only_their_own_under_my_certificates(world):
    response = client_for(world.ministry_reviewer).get(reverse("certificates:mine"))

    assert response.status_code == 200
    assert list(response.context["certificates"]) == []
    assert "You have no certificates yet." in response.content.decode()


def test_my_certificates_needs_sign_in():
    response = Client().get(reverse("certificates:mine"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def count_queries(client, url) -> int:
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_my_certificates_runs_the_same_queries_for_1_or_5(world):
    client = client_for(world.owner)
    one = count_queries(client, reverse("certificates:mine"))
    for _ in range(4):
        attach_pdf(make_certificate(user=world.owner))

    assert count_queries(client, reverse("certificates:mine")) == one


# Links on the dashboard and the course page -------------------------------


def complete(user, course) -> Enrolment:
    enrolment, _ = enrol(user, course)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    enrolment.refresh_from_db()
    return enrolment


def test_the_dashboard_links_each_completed_course_to_its_certificate(world):
    ready_course = world.certificate.course
    complete(world.owner, ready_course)
    pending_course = factories.make_course(modules=1, lessons=1)
    complete(world.owner, pending_course)
    pending = make_certificate(user=world.owner, course=pending_course)
    without_course = factories.make_course(modules=1, lessons=1)
    complete(world.owner, without_course)

    response = client_for(world.owner).get(reverse("courses:dashboard"))

    page = response.content.decode()
    assert page.count("Download your certificate (PDF)") == 1
    assert download_url(world.certificate) in page
    assert world.certificate.get_verification_path() in page
    assert "Your certificate is being prepared." in page
    assert pending.get_verification_path() in page
    assert reverse("certificates:mine") in page


def test_the_dashboard_runs_one_certificate_query_however_many(world):
    client = client_for(world.owner)
    complete(world.owner, world.certificate.course)
    one = count_queries(client, reverse("courses:dashboard"))
    for _ in range(3):
        course = factories.make_course(modules=1, lessons=1)
        complete(world.owner, course)
        attach_pdf(make_certificate(user=world.owner, course=course))

    response = client.get(reverse("courses:dashboard"))
    assert response.content.decode().count("Download your certificate (PDF)") == 4
    assert count_queries(client, reverse("courses:dashboard")) == one


def test_the_course_page_links_the_certificate_once_the_course_is_complete(world):
    course = world.certificate.course
    client = client_for(world.owner)
    enrol(world.owner, course)

    in_progress = client.get(course.url).content.decode()
    assert download_url(world.certificate) not in in_progress

    complete(world.owner, course)
    page = client.get(course.url).content.decode()
    assert "Download your certificate (PDF)" in page
    assert download_url(world.certificate) in page
    assert world.certificate.get_verification_path() in page


def test_the_course_page_never_shows_someone_elses_certificate(world):
    course = world.certificate.course
    complete(world.colleague, course)

    page = client_for(world.colleague).get(course.url).content.decode()

    assert "You have completed this course" in page
    for other in (world.certificate, world.stranger_certificate):
        assert other.code not in page
    assert "Download your certificate" not in page


def test_a_second_pdf_changes_nothing_for_the_links(world):
    attach_pdf(world.certificate, minimal_pdf("reissued"), reason="reissue")
    response = client_for(world.owner).get(download_url(world.certificate))

    assert b"".join(response.streaming_content) == minimal_pdf("reissued")
