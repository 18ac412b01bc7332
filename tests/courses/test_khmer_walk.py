"""A course never seen before, translated through a course PO file, reads in Khmer.

The fast counterpart of ``tests/e2e/test_khmer_course.py`` (which walks the
demo course in a browser): a small course from the factories, its Khmer
version started as a translator starts one, the course exported as one PO
file, filled with Khmer written here (not the demo's translation), imported,
and read back through Django's test client as a Khmer-speaking officer. A
lesson translated in full has no fallback notice and no English word; a
lesson left half translated says so and marks its English block
``lang="en"``. The text checked and the allowlist are those of
``tests.e2e.khmer_helpers``.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client

from courses.enrolment import enrol
from courses.models import LessonPage
from courses.translation_po import export_course_po, import_course_po, read_po
from tests import factories
from tests.e2e.khmer_helpers import english_words, html_text, problem

pytestmark = pytest.mark.django_db

TITLE = "Checking travel documents at the border"

#: The first lesson: one rich text block of several strings (a heading, two
#: paragraphs, a list), as trainers write them.
FULL_BODY = (
    "<h2>Before the counter</h2>"
    "<p>Greet the traveller and ask for the passport.</p>"
    "<p>Check the <b>photo</b> against the face.</p>"
    "<ul><li>Look at the expiry date.</li><li>Look at the visa.</li></ul>"
)
#: The second lesson's second block, which the translator leaves for later.
UNTRANSLATED = "Refer any doubt to the second-line officer."

#: Khmer for every string of the course, by English source text.
KHMER = {
    TITLE: "ការត្រួតពិនិត្យឯកសារធ្វើដំណើរនៅព្រំដែន",
    f"Summary of {TITLE}": "របៀបត្រួតពិនិត្យលិខិតឆ្លងដែន និងទិដ្ឋាការ នៅច្រកព្រំដែន។",
    f"Module 1 of {TITLE}": "លិខិតឆ្លងដែន និងទិដ្ឋាការ",
    "Lesson 1.1": "មុនពេលអ្នកដំណើរមកដល់បញ្ជរ",
    "Lesson 1.2": "ពេលមានការសង្ស័យ",
    "Before the counter": "មុនពេលមកដល់បញ្ជរ",
    "Greet the traveller and ask for the passport.": (
        "សូមស្វាគមន៍អ្នកដំណើរ ហើយសុំមើលលិខិតឆ្លងដែន។"
    ),
    "Check the <b>photo</b> against the face.": (
        "ផ្ទៀងផ្ទាត់<b>រូបថត</b> ជាមួយមុខរបស់អ្នកដំណើរ។"
    ),
    "Look at the expiry date.": "មើលកាលបរិច្ឆេទផុតកំណត់។",
    "Look at the visa.": "មើលទិដ្ឋាការ។",
    f"Lesson 1.2 of {TITLE}.": "កុំសម្រេចចិត្តតែម្នាក់ឯង។",
}


def khmer_client(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "km"
    client.force_login(user)
    return client


def translate(po):
    """Fill the exported file as a translator does, leaving one block."""
    unknown = [e.msgid for e in po if e.msgid not in KHMER and e.msgid != UNTRANSLATED]
    assert not unknown, f"strings this test has no Khmer for: {unknown}"
    for entry in po:
        entry.msgstr = KHMER.get(entry.msgid, "")
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    # Through text, as the file comes back from a translator's tool.
    return read_po(str(po).encode("utf-8"))


@pytest.fixture
def translated_course():
    course = factories.make_course(title=TITLE, modules=1, lessons=2)
    first, second = factories.lessons_of(course)
    first.body = [("text", FULL_BODY)]
    first.save_revision().publish()
    second.body = [
        ("text", f"<p>Lesson 1.2 of {TITLE}.</p>"),
        ("text", f"<p>{UNTRANSLATED}</p>"),
    ]
    second.save_revision().publish()
    factories.make_khmer_course(course)

    report = import_course_po(
        course, "km", translate(export_course_po(course, "km")), publish=True
    )

    assert report.problems == [], [str(p) for p in report.problems]
    assert report.empty == 1  # the block left for later
    return course


def khmer_lessons(course):
    khmer = course.get_translations().get(locale__language_code="km")
    return list(LessonPage.objects.live().descendant_of(khmer).order_by("path"))


def test_a_lesson_translated_through_a_po_file_reads_in_khmer(
    translated_course, officer
):
    enrol(officer, translated_course)
    client = khmer_client(officer)
    lesson = khmer_lessons(translated_course)[0]

    response = client.get(lesson.url)

    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html["lang"] == "km"
    assert soup.select(".notice-language") == []
    # English content is marked lang="en"; here there is none (the link to
    # the English version, named in English, is not content).
    assert soup.select("main [lang=en]:not([hreflang])") == []
    assert "ផ្ទៀងផ្ទាត់<b>រូបថត</b>" in html  # the Khmer kept its bold
    message = problem(lesson.url, html_text(html))
    assert message is None, message


def test_the_khmer_course_page_has_no_english(translated_course, officer):
    client = khmer_client(officer)
    khmer = translated_course.get_translations().get(locale__language_code="km")

    html = client.get(khmer.url).content.decode()

    assert BeautifulSoup(html, "html.parser").select(".notice-language") == []
    assert KHMER[TITLE] in html
    message = problem(khmer.url, html_text(html))
    assert message is None, message


def test_a_half_translated_lesson_says_so_and_marks_its_english(
    translated_course, officer
):
    enrol(officer, translated_course)
    client = khmer_client(officer)
    lesson = khmer_lessons(translated_course)[1]

    html = client.get(lesson.url).content.decode()

    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select(".notice-language")) == 1
    english = soup.select("article.prose [lang=en]:not([hreflang])")
    assert [" ".join(e.get_text().split()) for e in english] == [UNTRANSLATED]
    # The translated block around it stays Khmer, unmarked.
    khmer_block = soup.find(
        string=lambda s: s and KHMER[f"Lesson 1.2 of {TITLE}."] in s
    )
    assert khmer_block.find_parent(attrs={"lang": "en"}) is None
    assert khmer_block.find_parent(attrs={"lang": True})["lang"] == "km"
    # The only English on the page is that block (and the notice, in Khmer).
    outside = html_text(html).replace(UNTRANSLATED, "")
    assert english_words(outside) == [], problem(lesson.url, outside)
