"""The certificates admin: designs (with logos, signatories, colours, preview)
and issued certificates (list, inspect, download, revoke, reissue), through the
real Wagtail admin views."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from certificates.issuing import issue_certificate
from certificates.models import (
    Certificate,
    CertificateDesign,
    CertificateEvent,
    CertificatePdf,
    DesignLogo,
    DesignSignatory,
)
from courses.enrolment import enrol
from tests import factories

pytestmark = pytest.mark.django_db


# People --------------------------------------------------------------------------


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def staff_with(*codenames: str):
    """A user who may enter the admin, with these ``certificates`` permissions."""
    user = factories.make_user("trainer")
    group = Group.objects.create(name=factories.unique("Certificate staff"))
    group.permissions.add(
        permission("wagtailadmin", "access_admin"),
        *(permission("certificates", codename) for codename in codenames),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def admin_client(client):
    client.force_login(factories.make_user("admin"))
    return client


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def issued(officer=None, course=None, **course_fields) -> Certificate:
    officer = officer or factories.make_user("officer")
    course = course or factories.make_course(modules=1, lessons=1, **course_fields)
    enrolment, _ = enrol(officer, course)
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    return issue_certificate(enrolment)


def make_image(title="Logo"):
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(f"{title.lower()}.png", size=(40, 40))
    )


# Designs -------------------------------------------------------------------------


def design_post(*, logos=(), signatories=(), **fields) -> dict:
    data = {
        "name": "Ministry of Interior",
        "layout": "classic",
        "issuer_name": "Ministry of Interior",
        "issuer_name_km": "ក្រសួងមហាផ្ទៃ",
        "primary_colour": "#1f4e79",
        "accent_colour": "#b8860b",
        "logos": inline_formset(
            list(logos), initial=sum(1 for logo in logos if "id" in logo)
        ),
        "signatories": inline_formset(
            list(signatories), initial=sum(1 for s in signatories if "id" in s)
        ),
        **fields,
    }
    return nested_form_data(data)


def signatory_row(**fields) -> dict:
    return {
        "name": "Sar Kheng",
        "name_km": "ស ខេង",
        "title": "Minister",
        "title_km": "រដ្ឋមន្ត្រី",
        "signature": "",
        **fields,
    }


def test_design_create_with_logos_and_signatories(admin_client):
    logo, seal, signature = make_image("Logo"), make_image("Seal"), make_image("Sig")

    response = admin_client.post(
        reverse("certificate_designs:add"),
        design_post(
            logos=[
                {"image": str(logo.pk), "alt_text": "Ministry of Interior"},
                {"image": str(seal.pk), "alt_text": "Royal seal"},
            ],
            signatories=[signatory_row(signature=str(signature.pk))],
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    design = CertificateDesign.objects.get(name="Ministry of Interior")
    assert design.layout == "classic"
    assert design.issuer_name_km == "ក្រសួងមហាផ្ទៃ"
    assert [(x.image, x.alt_text) for x in design.logos.all()] == [
        (logo, "Ministry of Interior"),
        (seal, "Royal seal"),
    ]
    (signatory,) = design.signatories.all()
    assert (signatory.name_km, signatory.title, signatory.signature) == (
        "ស ខេង",
        "Minister",
        signature,
    )


def test_design_form_offers_the_installed_layouts_and_colour_pickers(admin_client):
    response = admin_client.get(reverse("certificate_designs:add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="classic"' in html
    assert 'type="color"' in html
    assert "Preview PDF" in html  # posts the unsaved form to the preview


def test_design_edit_replaces_logos_and_signatories(admin_client):
    design = CertificateDesign.objects.create(name="Old", issuer_name="Old issuer")
    old_logo = DesignLogo.objects.create(
        design=design, image=make_image("Old"), alt_text="Old logo"
    )
    signatory = DesignSignatory.objects.create(
        design=design, name="A", title="Director"
    )
    new_image = make_image("New")

    response = admin_client.post(
        reverse("certificate_designs:edit", args=[design.pk]),
        design_post(
            name="Renamed",
            primary_colour="#123456",
            logos=[
                {
                    "id": str(old_logo.pk),
                    "image": str(old_logo.image_id),
                    "alt_text": "Old logo",
                    "DELETE": "1",
                },
                {"image": str(new_image.pk), "alt_text": "New logo"},
            ],
            signatories=[signatory_row(id=str(signatory.pk), name="B")],
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    design.refresh_from_db()
    assert design.name == "Renamed" and design.primary_colour == "#123456"
    assert [x.alt_text for x in design.logos.all()] == ["New logo"]
    assert [s.name for s in design.signatories.all()] == ["B"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("primary_colour", "red", "six hex digits"),
        ("accent_colour", "#12345", "six hex digits"),
        ("layout", "ribbon", "not an installed certificate layout"),
    ],
)
def test_a_bad_design_is_refused_with_a_message_and_nothing_saved(
    admin_client, field, value, message
):
    response = admin_client.post(
        reverse("certificate_designs:add"),
        design_post(
            logos=[{"image": str(make_image().pk), "alt_text": "Logo"}],
            signatories=[signatory_row()],
            **{field: value},
        ),
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "could not be created" in messages_of(response)
    assert not CertificateDesign.objects.exists()
    assert not DesignLogo.objects.exists() and not DesignSignatory.objects.exists()


def test_a_logo_needs_its_alternative_text(admin_client):
    response = admin_client.post(
        reverse("certificate_designs:add"),
        design_post(logos=[{"image": str(make_image().pk), "alt_text": ""}]),
    )
    assert response.status_code == 200
    logos = response.context["form"].formsets["logos"]
    assert "alt_text" in logos.forms[0].errors
    assert not CertificateDesign.objects.exists()


def test_a_second_default_design_is_refused_with_the_first_ones_name(admin_client):
    CertificateDesign.objects.create(
        name="National", issuer_name="National", is_default=True
    )
    response = admin_client.post(
        reverse("certificate_designs:add"), design_post(is_default="on")
    )
    assert response.status_code == 200
    assert "“National” is the default design already" in " ".join(
        response.context["form"].errors["is_default"]
    )
    assert CertificateDesign.objects.count() == 1


def test_saving_a_design_regenerates_its_certificates_keeping_old_hashes(
    admin_client, django_capture_on_commit_callbacks
):
    design = CertificateDesign.objects.create(
        name="Ministry", issuer_name="Ministry", is_default=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issued()
    certificate.refresh_from_db()
    assert certificate.render_state == "ready", certificate.render_error
    first_hash = certificate.pdf_sha256

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("certificate_designs:edit", args=[design.pk]),
            design_post(name="Ministry", primary_colour="#7a1f1f"),
        )

    assert response.status_code == 302
    certificate.refresh_from_db()
    history = list(certificate.pdf_history.order_by("rendered_at", "pk"))
    assert [pdf.reason for pdf in history] == [
        CertificatePdf.Reason.ISSUE,
        CertificatePdf.Reason.DESIGN,
    ]
    assert history[0].sha256 == first_hash and history[0].superseded_at
    assert certificate.pdf_sha256 == history[1].sha256 != first_hash
    assert (
        certificate.rendered_fingerprint
        == CertificateDesign.objects.get(pk=design.pk).fingerprint()
    )


def test_preview_renders_the_saved_design_as_an_inline_pdf(admin_client):
    design = CertificateDesign.objects.create(name="Ministry", issuer_name="Ministry")
    DesignLogo.objects.create(design=design, image=make_image(), alt_text="Logo")

    response = admin_client.get(
        reverse("certificate_designs:preview", args=[design.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.startswith(b"%PDF")
    listing = admin_client.get(reverse("certificate_designs:list")).content.decode()
    assert reverse("certificate_designs:preview", args=[design.pk]) in listing


def test_preview_of_unsaved_changes_saves_nothing(admin_client):
    design = CertificateDesign.objects.create(name="Ministry", issuer_name="Ministry")

    response = admin_client.post(
        reverse("certificate_designs:preview", args=[design.pk]),
        design_post(name="Ministry", issuer_name="Changed", accent_colour="#000000"),
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    design.refresh_from_db()
    assert (design.issuer_name, design.accent_colour) == ("Ministry", "#b8860b")

    new = admin_client.post(
        reverse("certificate_designs:preview_new"),
        design_post(
            name="Draft", logos=[{"image": str(make_image().pk), "alt_text": "Logo"}]
        ),
    )
    assert new["Content-Type"] == "application/pdf"
    assert not CertificateDesign.objects.filter(name="Draft").exists()
    assert (
        admin_client.get(reverse("certificate_designs:preview_new")).status_code == 405
    )
    assert not DesignLogo.objects.exists()


def test_preview_of_an_invalid_form_lists_the_errors(admin_client):
    response = admin_client.post(
        reverse("certificate_designs:preview_new"),
        design_post(primary_colour="blue"),
    )
    assert response.status_code == 400
    assert "six hex digits" in response.content.decode()


def test_a_refused_preview_is_a_clear_admin_message(admin_client):
    # A right-to-left override could disguise a printed name: the renderer
    # refuses it (RenderError), and the admin says why.
    design = CertificateDesign.objects.create(
        name="Tricky", issuer_name="Ministry \u202eyrtsiniM"
    )

    response = admin_client.get(
        reverse("certificate_designs:preview", args=[design.pk]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(
        "certificate_designs:edit", args=[design.pk]
    )
    text = messages_of(response)
    assert "The preview of “Tricky” could not be made" in text
    assert "U+202E" in text


def test_designs_are_denied_by_default(client):
    design = CertificateDesign.objects.create(name="Ministry", issuer_name="Ministry")
    client.force_login(staff_with())  # in the admin, but no design permissions
    for url in (
        reverse("certificate_designs:list"),
        reverse("certificate_designs:add"),
        reverse("certificate_designs:edit", args=[design.pk]),
        reverse("certificate_designs:preview", args=[design.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("wagtailadmin_home")
    response = client.post(
        reverse("certificate_designs:preview", args=[design.pk]), design_post()
    )
    assert response.status_code == 302


# Issued certificates: list, inspect, download ----------------------------------------


def test_listing_filters_by_course_status_and_date_and_finds_codes(
    admin_client, django_assert_max_num_queries
):
    course = factories.make_course(modules=1, lessons=1)
    kept = issued(factories.make_user("officer", full_name="Sok Dara"), course)
    revoked = issued(factories.make_user("officer", full_name="Chan Vanna"), course)
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    elsewhere = issued(factories.make_user("officer", full_name="Keo Sophea"))
    for _ in range(5):
        issued(course=course)
    url = reverse("issued_certificates:index")

    def names(**params):
        response = admin_client.get(url, params)
        assert response.status_code == 200
        return {c.officer_name for c in response.context["object_list"]}

    with django_assert_max_num_queries(15):
        everything = names()
    assert {"Sok Dara", "Chan Vanna", "Keo Sophea"} <= everything
    assert "Keo Sophea" not in names(course=course.pk)
    assert names(status="revoked") == {"Chan Vanna"}
    assert "Chan Vanna" not in names(status="valid")
    assert names(q="sok d") == {"Sok Dara"}
    # A code as printed, with hyphens and in lower case.
    assert names(q=kept.display_code.lower()) == {"Sok Dara"}
    assert names(q=elsewhere.code[:8]) >= {"Keo Sophea"}
    today = timezone.localdate().isoformat()
    assert "Sok Dara" in names(issued_on_from=today, issued_on_to=today)
    assert names(issued_on_from="2001-01-01", issued_on_to="2001-12-31") == set()


def test_inspect_shows_audit_trail_pdf_history_and_download(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = issued()
    certificate.refresh_from_db()
    assert certificate.is_ready, certificate.render_error

    response = admin_client.get(
        reverse("issued_certificates:inspect", args=[certificate.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert certificate.display_code in html
    assert certificate.pdf_sha256 in html
    assert "Issued" in html and "PDF rendered" in html and "First issue" in html
    download = reverse("issued_certificates:download", args=[certificate.pk])
    assert download in html
    assert reverse("issued_certificates:revoke", args=[certificate.pk]) in html

    pdf = admin_client.get(download)
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert certificate.events.filter(action="downloaded").exists()


# Revoke and reissue ------------------------------------------------------------------


def test_revoke_needs_a_reason_and_is_audited(admin_client):
    certificate = issued()
    url = reverse("issued_certificates:revoke", args=[certificate.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert "Give the reason for the revocation" in " ".join(
        response.context["form"].errors["reason"]
    )
    assert "was not revoked" in messages_of(response)
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    response = admin_client.post(url, {"reason": "Completed by someone else"})
    assert response.status_code == 302
    assert response.url == reverse("issued_certificates:inspect", args=[certificate.pk])
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Completed by someone else"
    event = certificate.events.get(action=CertificateEvent.Action.REVOKED)
    assert event.actor.is_superuser
    assert event.detail["reason"] == "Completed by someone else"

    again = admin_client.post(url, {"reason": "Twice"}, follow=False)
    assert again.status_code == 200
    assert "already revoked" in " ".join(again.context["form"].errors["reason"])


def test_reissue_is_post_only_and_audited(
    admin_client, django_capture_on_commit_callbacks
):
    certificate = issued()
    url = reverse("issued_certificates:reissue", args=[certificate.pk])
    assert admin_client.get(url).status_code == 405

    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(url)

    assert response.status_code == 302
    assert certificate.events.filter(action="reissued").count() == 1
    assert len(callbacks) == 1  # the render is queued after commit


@pytest.mark.parametrize(
    ("who", "may_see", "may_change"),
    [
        ("anonymous", False, False),
        ("officer", False, False),
        ("trainer", False, False),
        ("viewer", True, False),
        ("changer", True, True),
        ("superuser", True, True),
    ],
)
def test_permission_matrix(client, who, may_see, may_change):
    certificate = issued()
    users = {
        "officer": lambda: factories.make_user("officer"),
        # In the admin (access_admin) but without certificate permissions.
        "trainer": lambda: staff_with(),
        "viewer": lambda: staff_with("view_certificate"),
        "changer": lambda: staff_with("change_certificate"),
        "superuser": lambda: factories.make_user("admin"),
    }
    if who in users:
        client.force_login(users[who]())
    index = reverse("issued_certificates:index")
    inspect = reverse("issued_certificates:inspect", args=[certificate.pk])
    revoke = reverse("issued_certificates:revoke", args=[certificate.pk])
    reissue = reverse("issued_certificates:reissue", args=[certificate.pk])

    for url in (index, inspect):
        assert (client.get(url).status_code == 200) is may_see, url
    assert (client.get(revoke).status_code == 200) is may_change

    client.post(reissue)
    response = client.post(revoke, {"reason": "Fraud"})
    certificate.refresh_from_db()
    assert certificate.events.filter(action="reissued").exists() is may_change
    assert (certificate.revoked_at is not None) is may_change
    if not may_change:
        assert response.status_code == 302
        assert response.url != inspect
        assert not certificate.events.filter(action="revoked").exists()


def test_the_menu_shows_certificates_only_to_those_who_may_see_them(client):
    client.force_login(staff_with())
    assert (
        reverse("issued_certificates:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(staff_with("view_certificate"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("issued_certificates:index") in home
    assert "Certificates" in home


def test_a_design_that_certificates_use_cannot_be_deleted(admin_client):
    used = CertificateDesign.objects.create(
        name="Used", issuer_name="Ministry", is_default=True
    )
    issued()  # made with the default design
    unused = CertificateDesign.objects.create(name="Unused", issuer_name="Ministry")

    for method in (admin_client.get, admin_client.post):
        response = method(
            reverse("certificate_designs:delete", args=[used.pk]), follow=True
        )
        assert "“Used” cannot be deleted: issued certificates use it" in messages_of(
            response
        )
    assert CertificateDesign.objects.filter(pk=used.pk).exists()

    response = admin_client.post(
        reverse("certificate_designs:delete", args=[unused.pk])
    )
    assert response.status_code == 302
    assert not CertificateDesign.objects.filter(pk=unused.pk).exists()


def test_the_group_editor_offers_the_certificate_permissions(admin_client):
    html = admin_client.get(reverse("wagtailusers_groups:add")).content.decode()
    offered = {
        codename
        for codename, pk in Permission.objects.filter(
            content_type__app_label="certificates"
        ).values_list("codename", "pk")
        if f'value="{pk}"' in html
    }
    # Certificates are issued, never added or deleted by hand.
    assert offered == {
        "view_certificate",
        "change_certificate",
        "add_certificatedesign",
        "change_certificatedesign",
        "delete_certificatedesign",
    }
