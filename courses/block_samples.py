"""Sample content for the lesson blocks' previews in the Wagtail block picker.

A trainer hovering a block in "Add block" sees it rendered with this content,
in the admin's language (English or Khmer). Everything here is plain data:
no database, no files, so previews render on an empty installation too.
Files are :class:`SampleFile` stand-ins with the attributes the block
templates read from a Wagtail document (``url``, ``title``...).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class SampleFile:
    """What a block template reads from a document, without a document."""

    title: str
    filename: str
    file_size: int
    # Points nowhere: previews must not start a download or stream.
    url: str = "#sample"

    @property
    def file_extension(self) -> str:
        return self.filename.rsplit(".", 1)[-1]


def khmer() -> bool:
    return get_language() == "km"


def text() -> str:
    if khmer():
        return (
            "<h2>ពិនិត្យលិខិតឆ្លងដែន</h2>"
            "<p>មុននឹងបោះត្រាចូល សូមពិនិត្យមើល៖</p>"
            "<ul><li>រូបថត និងមុខរបស់អ្នកដំណើរ</li>"
            "<li>កាលបរិច្ឆេទផុតកំណត់</li>"
            "<li>ត្រាចូល និងចេញពីមុន</li></ul>"
        )
    return (
        "<h2>Checking a passport</h2>"
        "<p>Before you stamp a traveller in, compare:</p>"
        "<ul><li>the photograph with the traveller's face,</li>"
        "<li>the expiry date,</li>"
        "<li>earlier entry and exit stamps.</li></ul>"
    )


def image_alt_text() -> str:
    if khmer():
        return "មន្ត្រីម្នាក់ពិនិត្យលិខិតឆ្លងដែននៅបញ្ជរច្រកព្រំដែន"
    return "An officer checks a passport at a border checkpoint counter"


def media() -> dict:
    km = khmer()
    return {
        "file": SampleFile(
            title="Interview at the checkpoint",
            filename="interview-at-the-checkpoint.mp4",
            file_size=48_200_000,
        ),
        "kind": "video",
        "caption": (
            "សម្ភាសន៍នៅច្រកព្រំដែន (៤ នាទី)"
            if km
            else "Interviewing a traveller at the checkpoint (4 minutes)"
        ),
        "captions": [
            {
                "file": SampleFile(
                    title="Captions (English)",
                    filename="interview.en.vtt",
                    file_size=4_100,
                ),
                "language": "en",
            },
            {
                "file": SampleFile(
                    title="Captions (Khmer)",
                    filename="interview.km.vtt",
                    file_size=6_900,
                ),
                "language": "km",
            },
        ],
        "transcript": (
            "<p><strong>មន្ត្រី៖</strong> សួស្តី។ តើអ្នកធ្វើដំណើរទៅណា?</p>"
            "<p><strong>អ្នកដំណើរ៖</strong> ខ្ញុំទៅធ្វើការនៅថៃ។</p>"
            if km
            else "<p><strong>Officer:</strong> Good morning. Where are you going?</p>"
            "<p><strong>Traveller:</strong> To a job in Thailand.</p>"
        ),
    }


def document() -> dict:
    km = khmer()
    return {
        "document": SampleFile(
            title="បញ្ជីត្រួតពិនិត្យការកំណត់អត្តសញ្ញាណជនរងគ្រោះ"
            if km
            else "Victim identification checklist",
            filename="victim-identification-checklist.pdf",
            file_size=182_000,
        ),
        "description": "ទំព័រតែមួយ សម្រាប់បោះពុម្ព" if km else "One page, to print",
    }


def callout() -> dict:
    if khmer():
        return {
            "kind": "warning",
            "title": "កុំរឹបអូសលិខិតឆ្លងដែនដោយគ្មានហេតុផល",
            "text": "<p>ប្រគល់បង្កាន់ដៃជូនអ្នកដំណើរជានិច្ច។</p>",
        }
    return {
        "kind": "warning",
        "title": "Never keep a passport without a reason",
        "text": "<p>Always give the traveller a receipt for a document you hold.</p>",
    }


def case_scenario() -> dict:
    if khmer():
        return {
            "title": "ក្រុមកម្មករនៅច្រកព្រំដែន",
            "situation": "<p>បុរសម្នាក់កាន់លិខិតឆ្លងដែនរបស់មនុស្សប្រាំមួយនាក់។</p>",
            "questions": [
                "ហេតុអ្វីបានជាគាត់កាន់លិខិតឆ្លងដែនរបស់អ្នកដទៃ?",
                "តើអ្នកនឹងសួរអ្នកដំណើរម្នាក់ៗនូវសំណួរអ្វីខ្លះ?",
            ],
            "debrief": "<p>សម្ភាសអ្នកដំណើរម្នាក់ៗដាច់ដោយឡែក។</p>",
        }
    return {
        "title": "A group of workers at the checkpoint",
        "situation": (
            "<p>A man hands over six passports for a group of young workers. "
            "He answers every question for them.</p>"
        ),
        "questions": [
            "Why might he hold the others' passports?",
            "What would you ask each traveller, and where?",
        ],
        "debrief": (
            "<p>Speak to each traveller alone, in their language. Holding another "
            "person's documents is an indicator of trafficking.</p>"
        ),
    }


def checklist() -> dict:
    if khmer():
        return {
            "title": "មុនពេលសម្ភាសន៍",
            "items": [
                "រកកន្លែងស្ងាត់",
                "ស្នើសុំអ្នកបកប្រែប្រសិនបើចាំបាច់",
                "ពន្យល់ថាអ្នកជានរណា",
            ],
        }
    return {
        "title": "Before the interview",
        "items": [
            "Find a quiet room",
            "Ask for an interpreter if needed",
            "Explain who you are and why you ask",
        ],
    }
