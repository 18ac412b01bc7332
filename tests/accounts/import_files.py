"""Builders for officer import files (CSV and XLSX bytes) and a small world.

The world: ministry A with units A1 (in Siem Reap, province 17) and A2,
ministry B with unit B1; a duty station in Banteay Meanchey; reviewers of A
and of B, an admin, and an officer of A1 and one of B1 already on the platform.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import openpyxl

from accounts.models import DutyStation, Organisation
from accounts.scope import scope_for
from tests import factories

HEADER = ["staff_id", "email", "full_name", "full_name_km", "unit", "rank"]


def csv_bytes(rows, *, delimiter=",", bom=False, encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    text = out.getvalue()
    return ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Officers")
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def officer_rows(count: int, *, unit="A1", start=1) -> list[list]:
    """``count`` good rows (without the header), staff IDs as numbers."""
    return [
        [
            100000 + n,
            f"officer{n}@example.gov.kh",
            f"Sok Dara {n}",
            f"សុខ ដារា {n}",
            unit,
            "Captain",
        ]
        for n in range(start, start + count)
    ]


@dataclass
class World:
    ministry_a: Organisation
    unit_a1: Organisation
    unit_a2: Organisation
    ministry_b: Organisation
    unit_b1: Organisation
    station: DutyStation
    reviewer_a: object
    reviewer_b: object
    admin: object
    officer_a: object
    officer_b: object

    def scope(self, user):
        return scope_for(user)


def make_world() -> World:
    def org(code, name, parent=None, province=""):
        return Organisation.objects.create(
            code=code,
            name=name,
            kind="unit" if parent else "ministry",
            parent=parent,
            province=province,
        )

    ministry_a = org("A", "Ministry A")
    unit_a1 = org("A1", "Unit A1", ministry_a, province="17")
    unit_a2 = org("A2", "Unit A2", ministry_a)
    ministry_b = org("B", "Ministry B")
    unit_b1 = org("B1", "Unit B1", ministry_b)
    station = DutyStation.objects.create(
        code="test-checkpoint",
        name="Test Border Checkpoint",
        name_km="ច្រកព្រំដែនសាកល្បង",
        kind="land",
        province="01",
    )
    return World(
        ministry_a=ministry_a,
        unit_a1=unit_a1,
        unit_a2=unit_a2,
        ministry_b=ministry_b,
        unit_b1=unit_b1,
        station=station,
        reviewer_a=factories.make_user("reviewer", organisation=ministry_a),
        reviewer_b=factories.make_user("reviewer", organisation=ministry_b),
        admin=factories.make_user("admin"),
        officer_a=_officer(
            "A-0001", "existing.a@example.gov.kh", "Chan Sophea", unit_a1
        ),
        officer_b=_officer("B-0001", "existing.b@example.gov.kh", "Keo Vanna", unit_b1),
    )


def _officer(staff_id, email, full_name, unit):
    user = factories.make_user(
        "officer", organisation=unit, staff_id=staff_id, full_name=full_name
    )
    user.email = email
    user.save(update_fields=["email"])
    return user
