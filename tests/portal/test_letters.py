"""Activation letters read back from the PDF: text, page size, fonts, the QR code."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.activation import codes
from accounts.models import ActivationCode, User
from portal import import_jobs
from portal.models import Job
from tests.accounts.activation_helpers import NEW_PASSWORD, link_path
from tests.accounts.import_files import HEADER, csv_bytes, make_world
from tests.certificates.pdf_helpers import (
    decode_qr_codes,
    glyphs_drawn,
    page_png,
    page_sizes,
    pdftotext,
)

pytestmark = pytest.mark.django_db

A4_PORTRAIT = (595.28, 841.89)
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\b")
ROWS = [
    ["5001", "", "Sok Dara", "សុខ ដារា", "A1", "Major"],
    ["5002", "", "Keo Sophal", "កែវ សុផល", "A2", ""],
    ["5003", "lim@example.gov.kh", "Lim Vichea", "", "A2", "Lieutenant"],
]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def imported(world, user, rows=ROWS) -> Job:
    """A finished import job of ``user``'s, run as the portal runs it."""
    job = Job.objects.create(
        kind=Job.Kind.OFFICER_IMPORT,
        requested_by=user,
        params={"stage": "check"},
        source_name="officers.csv",
    )
    data = csv_bytes([HEADER, *rows])
    job.source.save("officers.csv", SimpleUploadedFile("o.csv", data))
    assert import_jobs.run(job.pk, import_jobs.CHECK) == Job.Status.PREVIEWED
    job.refresh_from_db()
    assert import_jobs.confirm(job, user)
    assert import_jobs.run(job.pk, import_jobs.APPLY) == Job.Status.DONE
    job.refresh_from_db()
    return job


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def letters(world):
    """The PDF of the import's letters (officers without an address)."""
    job = imported(world, world.reviewer_a)
    url = reverse("portal:import_letters", args=[job.pk])
    response = client_for(world.reviewer_a).post(url)
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_one_a4_portrait_page_per_officer_without_an_address(letters):
    sizes = page_sizes(letters)
    assert len(sizes) == 2
    for width, height in sizes:
        assert abs(width - A4_PORTRAIT[0]) < 1 and abs(height - A4_PORTRAIT[1]) < 1


def test_each_page_names_the_officer_unit_staff_id_and_code(letters):
    text = pdftotext(letters)
    pages = text.split("\f")
    first = pages[0]  # by name: Keo Sophal, then Sok Dara
    assert "Keo Sophal" in first and "5002" in first and "Unit A2" in first
    assert "Sok Dara" in pages[1] and "5001" in pages[1] and "Unit A1" in pages[1]
    assert "Lim Vichea" not in text  # invited by e-mail instead
    for page in pages[:2]:
        assert "Account activation letter" in page
        assert "/accounts/activate/" in page
        assert "Works once. Expires on" in page
        assert CODE.search(page)


def test_the_letter_is_in_khmer_too(letters):
    drawn = glyphs_drawn(letters)
    khmer = [name for name in drawn if "Khmer" in name]
    assert khmer, drawn.keys()
    assert sum(len(drawn[name]) for name in khmer) > 40


def test_the_qr_code_is_the_one_time_link_of_the_printed_code(letters, tmp_path):
    text_pages = pdftotext(letters).split("\f")
    client = Client()
    for number in (1, 2):
        png = page_png(letters, 150, tmp_path / f"page{number}.png", page=number)
        (link,) = decode_qr_codes(png)
        printed = CODE.search(text_pages[number - 1]).group(1)
        assert link.endswith(f"/accounts/activate/{codes.normalise(printed)}/")
    # The second officer follows the QR code and chooses a password.
    response = client.get(link_path(link))
    assert response["Location"] == reverse("accounts:activate_password")
    client.post(
        reverse("accounts:activate_password"),
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    officer = User.objects.get(staff_id="5001")
    assert officer.check_password(NEW_PASSWORD)
    # The other officer types the code printed on the page instead.
    typed = CODE.search(text_pages[0]).group(1).lower().replace("-", " ")
    other = Client()
    response = other.post(reverse("accounts:activate"), {"code": typed})
    assert response["Location"] == reverse("accounts:activate_password")


def test_printing_again_cancels_the_first_letters(world):
    job = imported(world, world.reviewer_a)
    url = reverse("portal:import_letters", args=[job.pk])
    client = client_for(world.reviewer_a)
    first = client.post(url).content
    second = client.post(url, {"include_email": "on"}).content
    assert len(page_sizes(second)) == 3  # with Lim Vichea this time
    old_code = CODE.search(pdftotext(first)).group(1)
    response = Client().post(reverse("accounts:activate"), {"code": old_code})
    assert "replaced by a newer one" in response.content.decode()
    assert ActivationCode.objects.live().count() == 3


def test_only_the_importer_and_admins_print_an_imports_letters(world):
    job = imported(world, world.reviewer_a)
    url = reverse("portal:import_letters", args=[job.pk])
    # Another reviewer, even of the same ministry, does not see the job.
    colleague = make_colleague(world)
    assert client_for(colleague).post(url).status_code == 404
    assert client_for(world.reviewer_b).post(url).status_code == 404
    assert client_for(world.officer_a).post(url).status_code == 403
    assert Client().post(url).status_code == 302
    assert client_for(world.admin).post(url).status_code == 200
    # The finished import's page offers the letters.
    page = client_for(world.reviewer_a).get(reverse("portal:import", args=[job.pk]))
    assert url in page.content.decode()


def make_colleague(world):
    from tests import factories

    return factories.make_user("reviewer", reviews=world.ministry_a)


def test_an_import_still_waiting_prints_nothing(world):
    job = Job.objects.create(
        kind=Job.Kind.OFFICER_IMPORT,
        requested_by=world.reviewer_a,
        status=Job.Status.PREVIEWED,
        result={"created_ids": [world.officer_a.pk]},
    )
    url = reverse("portal:import_letters", args=[job.pk])
    assert client_for(world.reviewer_a).post(url).status_code == 404


def test_too_many_letters_are_refused_and_no_code_changes(world, monkeypatch):
    from portal import letters

    job = imported(world, world.reviewer_a)
    monkeypatch.setattr(letters, "MAX_LETTERS", 1)
    url = reverse("portal:import_letters", args=[job.pk])
    response = client_for(world.reviewer_a).post(url, follow=True)
    assert "More than 1 officers" in response.content.decode()
    assert not ActivationCode.objects.filter(channel="letter").exists()
