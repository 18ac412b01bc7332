"""Demo organisations (a tree: ministry -> department -> unit) and demo accounts.

Pure data, read by ``courses.demo.loader``. The tree follows how Cambodia's
frontline services are organised: the General Department of Immigration and
the National Police under the Ministry of Interior, Customs under the
Ministry of Economy and Finance, provincial social-affairs departments under
MoSVY, and the National Committee for Counter Trafficking on its own.
Officers belong to units (the leaves) and serve at a duty station seeded by
``accounts/migrations/0004_duty_stations.py`` (referred to by its code).

Khmer names of units are descriptive ("the immigration unit of the Poipet
international border checkpoint"), not official titles.
"""

from __future__ import annotations

from dataclasses import dataclass

# Province codes (accounts.geography): 01 Banteay Meanchey, 08 Kandal,
# 12 Phnom Penh, 20 Svay Rieng.

#: Parents are listed before their children.
ORGANISATIONS = [
    {
        "code": "MOI",
        "name": "Ministry of Interior",
        "name_km": "ក្រសួងមហាផ្ទៃ",
        "kind": "ministry",
        "parent": None,
        "province": "",
    },
    {
        "code": "GDI",
        "name": "General Department of Immigration",
        "name_km": "អគ្គនាយកដ្ឋានអន្តោប្រវេសន៍",
        "kind": "department",
        "parent": "MOI",
        "province": "",
    },
    {
        "code": "GDI-POIPET",
        "name": "Poipet International Border Checkpoint Immigration Unit",
        "name_km": "អង្គភាពអន្តោប្រវេសន៍ច្រកព្រំដែនអន្តរជាតិប៉ោយប៉ែត",
        "kind": "unit",
        "parent": "GDI",
        "province": "01",
    },
    {
        "code": "GDI-BAVET",
        "name": "Bavet International Border Checkpoint Immigration Unit",
        "name_km": "អង្គភាពអន្តោប្រវេសន៍ច្រកព្រំដែនអន្តរជាតិបាវិត",
        "kind": "unit",
        "parent": "GDI",
        "province": "20",
    },
    {
        # Techo International Airport took over Phnom Penh's flights in 2025.
        "code": "GDI-TECHO",
        "name": "Techo International Airport Immigration Unit (Phnom Penh)",
        "name_km": "អង្គភាពអន្តោប្រវេសន៍អាកាសយានដ្ឋានអន្តរជាតិតេជោ",
        "kind": "unit",
        "parent": "GDI",
        "province": "08",
    },
    {
        "code": "GCNP",
        "name": "General Commissariat of National Police",
        "name_km": "អគ្គស្នងការដ្ឋាននគរបាលជាតិ",
        "kind": "department",
        "parent": "MOI",
        "province": "",
    },
    {
        "code": "AHTJP",
        "name": "Department of Anti-Human Trafficking and Juvenile Protection",
        "name_km": "នាយកដ្ឋានប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន",
        "kind": "department",
        "parent": "GCNP",
        "province": "",
    },
    {
        "code": "AHTJP-BMC",
        "name": "Banteay Meanchey Anti-Human Trafficking and Juvenile Protection "
        "Office",
        "name_km": "ការិយាល័យប្រឆាំងការជួញដូរមនុស្ស និងការពារអនីតិជន ខេត្តបន្ទាយមានជ័យ",
        "kind": "unit",
        "parent": "AHTJP",
        "province": "01",
    },
    {
        "code": "MEF",
        "name": "Ministry of Economy and Finance",
        "name_km": "ក្រសួងសេដ្ឋកិច្ច និងហិរញ្ញវត្ថុ",
        "kind": "ministry",
        "parent": None,
        "province": "",
    },
    {
        "code": "GDCE",
        "name": "General Department of Customs and Excise",
        "name_km": "អគ្គនាយកដ្ឋានគយ និងរដ្ឋាករកម្ពុជា",
        "kind": "department",
        "parent": "MEF",
        "province": "",
    },
    {
        "code": "GDCE-POIPET",
        "name": "Poipet International Border Checkpoint Customs Office",
        "name_km": "ការិយាល័យគយ និងរដ្ឋាករ ច្រកព្រំដែនអន្តរជាតិប៉ោយប៉ែត",
        "kind": "unit",
        "parent": "GDCE",
        "province": "01",
    },
    {
        "code": "MOSVY",
        "name": "Ministry of Social Affairs, Veterans and Youth Rehabilitation",
        "name_km": "ក្រសួងសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទា",
        "kind": "ministry",
        "parent": None,
        "province": "",
    },
    {
        "code": "DOSVY-BMC",
        "name": "Banteay Meanchey Provincial Department of Social Affairs, "
        "Veterans and Youth Rehabilitation",
        "name_km": "មន្ទីរសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទាខេត្តបន្ទាយមានជ័យ",
        "kind": "unit",
        "parent": "MOSVY",
        "province": "01",
    },
    {
        "code": "DOSVY-SVR",
        "name": "Svay Rieng Provincial Department of Social Affairs, "
        "Veterans and Youth Rehabilitation",
        "name_km": "មន្ទីរសង្គមកិច្ច អតីតយុទ្ធជន និងយុវនីតិសម្បទាខេត្តស្វាយរៀង",
        "kind": "unit",
        "parent": "MOSVY",
        "province": "20",
    },
    {
        "code": "MOFAIC",
        "name": "Ministry of Foreign Affairs and International Cooperation",
        "name_km": "ក្រសួងការបរទេស និងសហប្រតិបត្តិការអន្តរជាតិ",
        "kind": "ministry",
        "parent": None,
        "province": "",
    },
    {
        "code": "NCCT",
        "name": "National Committee for Counter Trafficking",
        "name_km": "គណៈកម្មាធិការជាតិប្រយុទ្ធប្រឆាំងអំពើជួញដូរមនុស្ស",
        "kind": "committee",
        "parent": None,
        "province": "",
    },
    {
        "code": "IOM",
        "name": "IOM Cambodia",
        "name_km": "អង្គការអន្តរជាតិទេសន្តរប្រវេសន៍ ប្រចាំកម្ពុជា",
        "kind": "international",
        "parent": None,
        "province": "",
    },
]


@dataclass(frozen=True)
class DemoUser:
    """One demo account. ``organisation``, ``reviews`` and ``duty_station`` are codes.

    A reviewer reviews ``reviews`` (by default their own organisation); a
    trainer trains every demo course; a lead trainer approves what trainers
    submit for review and publishes.
    """

    username: str
    password: str
    role: str
    full_name: str
    full_name_km: str
    organisation: str | None
    preferred_language: str = "en"
    rank: str = ""
    position: str = ""
    duty_station: str | None = None
    province: str = ""
    staff_id: str | None = None
    reviews: str | None = None


OFFICER = "Officer"
TRAINER = "Trainer"
LEAD_TRAINER = "Lead trainer"
REVIEWER = "Organisation reviewer"
ADMIN = "Platform admin"


def _demo(username: str, role: str, *args, **kwargs) -> DemoUser:
    # Demo passwords are public by design: they exist only where LMS_DEMO_ALLOWED.
    return DemoUser(username, f"{username}-demo-2026", role, *args, **kwargs)


DEMO_USERS = (
    _demo(
        "officer",
        OFFICER,
        "Chan Sokha",
        "ចាន់ សុខា",
        "GDI-POIPET",
        rank="First Lieutenant",
        position="Immigration officer, arrivals",
        duty_station="poipet",
        province="01",
        staff_id="DEMO-GDI-0457",
    ),
    _demo(
        "trainer",
        TRAINER,
        "Lim Dara",
        "លឹម ដារ៉ា",
        "IOM",
        position="Counter-trafficking trainer",
        province="12",
    ),
    _demo(
        "lead-trainer",
        LEAD_TRAINER,
        "Sam Bopha",
        "សំ បុប្ផា",
        "IOM",
        position="Lead trainer, counter-trafficking curriculum",
        province="12",
    ),
    _demo(
        "reviewer",
        REVIEWER,
        "Keo Sophea",
        "កែវ សុភា",
        "GDI",
        rank="Colonel",
        position="Deputy Director, Training Office",
        province="12",
        reviews="GDI",
    ),
    _demo(
        "customs-reviewer",
        REVIEWER,
        "Sok Vanna",
        "សុខ វណ្ណា",
        "GDCE",
        position="Chief, Human Resources Office",
        province="12",
        reviews="GDCE",
    ),
    _demo("admin", ADMIN, "Platform Admin", "", None),
    _demo(
        "officer-bavet",
        OFFICER,
        "Heng Sreymom",
        "ហេង ស្រីមុំ",
        "GDI-BAVET",
        preferred_language="km",
        rank="Second Lieutenant",
        position="Immigration officer, departures",
        duty_station="bavet",
        province="20",
        staff_id="DEMO-GDI-1123",
    ),
    _demo(
        "officer-airport",
        OFFICER,
        "Prak Vibol",
        "ប្រាក់ វិបុល",
        "GDI-TECHO",
        rank="Captain",
        position="Travel document examiner",
        duty_station="techo-airport",
        province="08",
        staff_id="DEMO-GDI-2210",
    ),
    _demo(
        "officer-police",
        OFFICER,
        "Nhem Rithy",
        "ញឹម រិទ្ធី",
        "AHTJP-BMC",
        preferred_language="km",
        rank="Lieutenant",
        position="Investigator",
        province="01",
        staff_id="DEMO-NP-0381",
    ),
    _demo(
        "officer-customs",
        OFFICER,
        "Meas Channary",
        "មាស ចាន់ណារី",
        "GDCE-POIPET",
        position="Customs inspector",
        duty_station="poipet",
        province="01",
        staff_id="DEMO-GDCE-0912",
    ),
    _demo(
        "social-worker",
        OFFICER,
        "Chhun Sopheap",
        "ឈុន សុភាព",
        "DOSVY-BMC",
        preferred_language="km",
        position="Social worker, victim reception",
        province="01",
    ),
)
