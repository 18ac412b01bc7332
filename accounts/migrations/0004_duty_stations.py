"""Seed Cambodia's international border checkpoints, airports and ports.

Rows are keyed by ``code``: running the migration again (or ``seed`` from the
demo loader) updates them in place instead of adding duplicates. Reversing it
leaves the rows alone, since officers may already point at them.

Province codes are those of ``accounts.geography`` (the Ministry of Economy
and Finance numbering); ``province_name`` is kept beside each code so a test
can check every code against ``find_province``. Khmer names are given only
where the spelling is well established; otherwise ``name_km`` stays empty for
an administrator to fill in rather than a guess.
"""

from django.db import migrations

THAILAND = "Thailand"
VIETNAM = "Vietnam"
LAOS = "Laos"

#: (code, English name, Khmer name, kind, province code, province name, border with)
DUTY_STATIONS = [
    # Land (and river) border checkpoints
    (
        "poipet",
        "Poipet International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិប៉ោយប៉ែត",
        "land",
        "01",
        "Banteay Meanchey",
        THAILAND,
    ),
    (
        "stung-bot",
        "Stung Bot International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិស្ទឹងបត់",
        "land",
        "01",
        "Banteay Meanchey",
        THAILAND,
    ),
    (
        "cham-yeam",
        "Cham Yeam International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិចាំយាម",
        "land",
        "09",
        "Koh Kong",
        THAILAND,
    ),
    (
        "o-smach",
        "O'Smach International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិអូរស្មាច់",
        "land",
        "22",
        "Oddar Meanchey",
        THAILAND,
    ),
    (
        "choam",
        "Choam International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិជាំ",
        "land",
        "22",
        "Oddar Meanchey",
        THAILAND,
    ),
    (
        "daung",
        "Daung International Border Checkpoint",
        "",
        "land",
        "02",
        "Battambang",
        THAILAND,
    ),
    (
        "psar-prum",
        "Psar Prum International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិផ្សារព្រំ",
        "land",
        "24",
        "Pailin",
        THAILAND,
    ),
    (
        "bavet",
        "Bavet International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិបាវិត",
        "land",
        "20",
        "Svay Rieng",
        VIETNAM,
    ),
    (
        "phnom-den",
        "Phnom Den International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិភ្នំដិន",
        "land",
        "21",
        "Takeo",
        VIETNAM,
    ),
    (
        "prek-chak",
        "Prek Chak International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិព្រែកចាក",
        "land",
        "07",
        "Kampot",
        VIETNAM,
    ),
    # On the Mekong: a river crossing, but a checkpoint on the land border.
    (
        "kaam-samnor",
        "Kaam Samnor International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិក្អមសំណរ",
        "land",
        "08",
        "Kandal",
        VIETNAM,
    ),
    (
        "trapeang-plong",
        "Trapeang Plong International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិត្រពាំងផ្លុង",
        "land",
        "25",
        "Tboung Khmum",
        VIETNAM,
    ),
    (
        "o-yadav",
        "O'Yadav International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិអូរយ៉ាដាវ",
        "land",
        "16",
        "Ratanak Kiri",
        VIETNAM,
    ),
    (
        "trapeang-kriel",
        "Trapeang Kriel International Border Checkpoint",
        "ច្រកព្រំដែនអន្តរជាតិត្រពាំងគ្រៀល",
        "land",
        "19",
        "Stung Treng",
        LAOS,
    ),
    # International airports. Techo International Airport replaced Phnom Penh
    # International Airport for scheduled flights in September 2025; it lies in
    # Kandal province, south of the capital.
    (
        "techo-airport",
        "Techo International Airport (Phnom Penh)",
        "អាកាសយានដ្ឋានអន្តរជាតិតេជោ",
        "airport",
        "08",
        "Kandal",
        "",
    ),
    (
        "siem-reap-angkor-airport",
        "Siem Reap-Angkor International Airport",
        "អាកាសយានដ្ឋានអន្តរជាតិសៀមរាប-អង្គរ",
        "airport",
        "17",
        "Siem Reap",
        "",
    ),
    (
        "sihanouk-airport",
        "Sihanouk International Airport",
        "អាកាសយានដ្ឋានអន្តរជាតិព្រះសីហនុ",
        "airport",
        "18",
        "Preah Sihanouk",
        "",
    ),
    # Ports
    (
        "sihanoukville-port",
        "Sihanoukville Autonomous Port",
        "កំពង់ផែស្វយ័តក្រុងព្រះសីហនុ",
        "port",
        "18",
        "Preah Sihanouk",
        "",
    ),
    (
        "phnom-penh-port",
        "Phnom Penh Autonomous Port",
        "កំពង់ផែស្វយ័តភ្នំពេញ",
        "port",
        "12",
        "Phnom Penh",
        "",
    ),
]


def seed(model, *, update=True) -> int:
    """Create (and, with ``update``, refresh) the stations; return how many were new.

    ``model`` is the ``DutyStation`` class: the historical one in this
    migration, the real one in the demo loader (which passes
    ``update=False`` so that an administrator's edits survive a reload).
    """
    created_count = 0
    for code, name, name_km, kind, province, _province_name, border in DUTY_STATIONS:
        values = {
            "name": name,
            "name_km": name_km,
            "kind": kind,
            "province": province,
            "border_with": border,
        }
        if update:
            _, created = model.objects.update_or_create(code=code, defaults=values)
        else:
            _, created = model.objects.get_or_create(code=code, defaults=values)
        created_count += created
    return created_count


def forwards(apps, schema_editor):
    seed(apps.get_model("accounts", "DutyStation"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_role_assignments_from_groups")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
