"""The demo's reviewer of the General Department of Immigration imports
officers by the names of the demo's units (the file the end-to-end test and the
README's example use)."""

from __future__ import annotations

import pytest

from accounts.importing import apply_import, preview_import
from accounts.models import Organisation, User
from accounts.scope import scope_for
from courses.demo import people
from tests import factories

pytestmark = pytest.mark.django_db

#: Half with an e-mail address, half without; English and Khmer unit names.
EXAMPLE = (
    "staff_id,email,full_name,full_name_km,unit\n"
    "E2E-001,e2e.001@example.gov.kh,Sok Dara,សុខ ដារា,"
    "Poipet International Border Checkpoint Immigration Unit\n"
    "E2E-002,,Chan Vanna,ចាន់ វណ្ណា,អង្គភាពអន្តោប្រវេសន៍ច្រកព្រំដែនអន្តរជាតិបាវិត\n"
    "E2E-003,,Keo Sophal,,techo international airport immigration unit (phnom penh)\n"
)


@pytest.fixture
def demo_reviewer():
    by_code = {}
    for row in people.ORGANISATIONS:
        by_code[row["code"]] = Organisation.objects.create(
            code=row["code"],
            name=row["name"],
            name_km=row["name_km"],
            kind=row["kind"],
            parent=by_code.get(row["parent"]),
            province=row["province"],
        )
    return factories.make_user(
        "reviewer", username="reviewer", organisation=by_code["GDI"]
    )


def test_the_demo_reviewer_imports_by_unit_name(demo_reviewer):
    scope = scope_for(demo_reviewer)
    data = EXAMPLE.encode()

    checked = preview_import(data, scope=scope, name="officers.csv")
    assert checked.ok, [str(e) for e in checked.errors]
    applied = apply_import(data, scope=scope, name="officers.csv")

    assert applied.applied
    units = dict(
        User.objects.filter(staff_id__startswith="E2E-").values_list(
            "staff_id", "organisation__code"
        )
    )
    assert units == {
        "E2E-001": "GDI-POIPET",
        "E2E-002": "GDI-BAVET",
        "E2E-003": "GDI-TECHO",
    }
    assert User.objects.get(staff_id="E2E-001").province == "01"  # the unit's


def test_a_customs_unit_is_not_the_immigration_reviewers(demo_reviewer):
    data = (
        b"staff_id,full_name,unit\n"
        b"E2E-009,Meas Nary,Poipet International Border Checkpoint Customs Office\n"
    )

    (error,) = preview_import(data, scope=scope_for(demo_reviewer)).errors

    assert error.message.startswith(
        "“Poipet International Border Checkpoint Customs Office” is not the code "
        "or name of a unit you manage. Use the code, the English name or the "
        "Khmer name of one of these (code — English name — Khmer name): "
        "GDI-BAVET — Bavet International Border Checkpoint Immigration Unit — "
    )
    assert "GDCE" not in error.message
