"""An officer studies the whole demo course in Khmer, on a phone, in a browser.

Catalog, course page, the nine lessons, the final quiz (answered from the
Khmer texts of the question bank, the short answer typed in Khmer), the
result, and the certificate, whose PDF text holds the officer's Khmer name
and the Khmer course title. Every page's text must be Khmer: no Latin-letter
word outside the small allowlist of ``tests.e2e.khmer_helpers`` (which also
says what "the page's text" is). English found on any page is collected and
reported at the end with each page's address, so one run names them all.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from bs4 import BeautifulSoup
from django.utils import translation
from playwright.sync_api import expect
from wagtail.models import Locale

from courses.demo.loader import DEMO_USERS
from courses.models import CoursePage, LessonPage
from plugins.quiz.hooks import question_types
from plugins.quiz.models import Attempt, QuizPage
from plugins.quiz.question_types.base import ONE, fraction_of
from plugins.quiz.translation import khmer_versions, translated
from tests.e2e.khmer_helpers import EnglishOnPages, english_words, pdf_text
from tests.e2e.study_helpers import shorten_study, study_lesson

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

OFFICER = next(u for u in DEMO_USERS if u.username == "officer")
COURSE_SLUG = "identifying-and-referring-victims"
PHONE = {"width": 360, "height": 740}
ZERO_WIDTH_SPACE = "\u200b"


def km(message: str, context: str | None = None) -> str:
    """The interface's own Khmer for ``message`` (its English when the
    catalog has none: the English check then finds it)."""
    with translation.override("km"):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    return " ".join(nfc(text).split())


def sign_in_and_choose_khmer(page) -> None:
    """Sign in (which restores the officer's saved language, English), then
    switch the interface to Khmer with the language switch, as an officer does."""
    page.goto("/accounts/login/?next=/")
    page.locator("input[name=username]").fill(OFFICER.username)
    page.locator("input[name=password]").fill(OFFICER.password)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/$|/learn/"))
    page.goto("/")
    page.locator("#lang-select").select_option("km")
    page.locator("form.lang button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "km")


def card_meta(page, course) -> list[str]:
    """The "Taught in" and "translation" lines of ``course``'s catalog card."""
    card = page.locator("article.card").filter(
        has=page.locator(f'a[href="{course.url}"]')
    )
    expect(card).to_have_count(1)
    return [one_line(t) for t in card.locator("ul.meta li").all_inner_texts()]


def check_catalog_languages(page, khmer_course, others, found) -> None:
    taught = km("Taught in")
    khmer_name, english_name = km("Khmer"), km("English")

    lines = card_meta(page, khmer_course)
    taught_line = next((t for t in lines if t.startswith(taught)), "")
    found.expect(
        khmer_name in taught_line,
        "catalog",
        f"{khmer_course.title} is not taught in Khmer: {lines}",
    )
    for other in others:
        lines = card_meta(page, other)
        taught_line = next((t for t in lines if t.startswith(taught)), "")
        # Honest: taught in English, its Khmer translation shown as under way.
        assert english_name in taught_line and khmer_name not in taught_line, lines
        in_progress = [t for t in lines if khmer_name in t and "%" in t]
        assert in_progress, f"{other.title}: no Khmer translation progress in {lines}"


# The quiz, answered from the bank's Khmer texts ---------------------------------


def khmer_twins(question):
    """``(Khmer question, {source choice pk: Khmer choice})`` from wagtail-localize."""
    twin = khmer_versions([question]).get(question.translation_key)
    assert twin is not None, f"question {question.pk} has no Khmer translation"
    by_key = {c.translation_key: c for c in twin.choices.all()}
    return twin, {c.pk: by_key.get(c.translation_key) for c in question.choices.all()}


def khmer_text(source, twin, field="text") -> str:
    text = translated(getattr(source, field), getattr(twin, field) if twin else "")
    assert text, (
        f"{type(source).__name__} {source.pk} {field} {getattr(source, field)!r} "
        "has no Khmer translation"
    )
    return text


def khmer_short_answer(question, twins) -> str:
    """The first fully right accepted answer's Khmer (wildcards dropped)."""
    best = next(
        c for c in question.choices.order_by("sort_order", "pk") if c.fraction >= ONE
    )
    return khmer_text(best, twins[best.pk]).replace("*", "")


def opening(html: str, length: int = 40) -> str:
    """The start of rich text's first paragraph, as the page shows it."""
    soup = BeautifulSoup(html, "html.parser")
    first = soup.find(True) or soup
    return one_line(first.get_text(""))[:length]


def answer_in_khmer(page, item) -> str | None:
    """Answer ``item`` (an AttemptQuestion) right, by its Khmer texts on the
    page; returns the Khmer typed for a short answer."""
    question = item.question
    twin, twins = khmer_twins(question)
    section = page.locator(f"section#q{item.position}")
    expect(section.locator(".quiz-text")).to_contain_text(
        opening(khmer_text(question, twin))
    )
    kind = item.question_type
    choices = list(question.choices.order_by("sort_order", "pk"))
    right = [c for c in choices if c.fraction > 0]
    if kind == "multichoice":
        best = max(right, key=lambda c: c.fraction)
        section.get_by_label(khmer_text(best, twins[best.pk]), exact=True).check()
    elif kind == "multiresponse":
        for choice in right:
            section.get_by_label(
                khmer_text(choice, twins[choice.pk]), exact=True
            ).check()
    elif kind == "truefalse":
        value = "true" if question.options["correct"] else "false"
        section.locator(f'input[value="{value}"]').check()
    elif kind == "shortanswer":
        typed = khmer_short_answer(question, twins)
        section.locator("input[type=text]").fill(typed)
        return typed
    elif kind == "numerical":
        best = max(choices, key=lambda c: c.fraction)
        section.locator("input[inputmode=decimal]").fill(best.text)
    elif kind == "matching":
        for left in (c for c in choices if c.text.strip()):
            section.get_by_label(
                khmer_text(left, twins[left.pk]), exact=True
            ).select_option(label=khmer_text(left, twins[left.pk], "match_text"))
    else:
        raise AssertionError(f"no Khmer answer known for {kind} questions")
    return None


def with_zero_width_space(text: str) -> str:
    """``text`` with U+200B between two clusters near its middle (where a
    Khmer typist's word-break key puts it), never inside a cluster."""
    middle = len(text) // 2
    while middle < len(text) and (
        unicodedata.category(text[middle]).startswith("M")
        or text[middle - 1] == "\u17d2"  # after a coeng comes its consonant
    ):
        middle += 1
    return text[:middle] + ZERO_WIDTH_SPACE + text[middle:]


# The walk -------------------------------------------------------------------------


def test_an_officer_studies_the_whole_demo_course_in_khmer(
    browser_page, live_server, settings, tmp_path
):
    settings.LMS_PUBLIC_BASE_URL = live_server.url
    page = browser_page
    page.set_viewport_size(PHONE)
    english_found = EnglishOnPages()
    khmer = Locale.objects.get(language_code="km")
    english = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="en")
    course = english.get_translation(khmer).specific
    others = [
        c.get_translation(khmer).specific
        for c in CoursePage.objects.live()
        .filter(locale__language_code="en")
        .exclude(pk=english.pk)
    ]
    assert len(others) == 2
    shorten_study(english)

    # 1. The Khmer catalog.
    sign_in_and_choose_khmer(page)
    page.goto("/km/")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    link = page.locator(f'article.card a[href="{course.url}"]')
    expect(link).to_have_text(course.title)
    expect(link).to_have_attribute("lang", "km")
    assert not english_words(course.title)
    check_catalog_languages(page, course, others, english_found)
    english_found.check(page, "catalog")

    # 2. The course page, all in Khmer.
    link.click()
    expect(page).to_have_url(re.compile(re.escape(course.url) + "$"))
    expect(page.locator("main h1")).to_have_text(course.title)
    expect(page.locator("main h1")).to_have_attribute("lang", "km")
    expect(page.locator("main p.lead")).to_have_text(one_line(course.summary))
    expect(page.locator(".notice-language")).to_have_count(0)
    outcomes = page.locator("main ul.outcomes li")
    assert outcomes.count() == len(course.learning_outcomes) > 0
    for lang in outcomes.evaluate_all("els => els.map(e => e.lang)"):
        assert lang == "km"
    if course.audience:
        audience = page.locator("main div[lang]").filter(has_text=course.audience[:20])
        expect(audience).to_have_attribute("lang", "km")
    english_found.check(page, "course page")
    page.get_by_role("button", name=km("Enrol"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/km/"))

    # 3. Every lesson, in order, studied.
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    assert len(lessons) == 9
    for lesson in lessons:
        page.goto(lesson.url)
        expect(page.locator("main h1")).to_have_text(lesson.title)
        notice = page.locator(".notice-language")
        english_found.expect(
            notice.count() == 0, page.url, f"fallback notice on lesson {lesson.title}"
        )
        study_lesson(page)
        english_found.check(page, f"lesson {lesson.title}")

    # 4. The final quiz, answered from the Khmer texts.
    quiz = QuizPage.objects.live().descendant_of(course).get()
    page.goto(quiz.url)
    expect(page.locator("main h1")).to_have_text(quiz.title)
    english_found.check(page, "quiz page")
    page.get_by_role("button", name=km("Start attempt"), exact=True).click()
    expect(page.get_by_role("button", name=km("Submit"), exact=True)).to_be_visible()
    english_found.check(page, "attempt page")
    attempt = Attempt.objects.get(user__username=OFFICER.username, state="in_progress")
    typed = {}
    items = list(attempt.questions.select_related("question").order_by("position"))
    for item in items:
        answer = answer_in_khmer(page, item)
        if answer:
            typed[item.position] = answer
    assert typed, "the demo quiz has no short-answer question"
    page.get_by_role("button", name=km("Submit"), exact=True).click()

    # The result, in Khmer: passed, and every answer (the Khmer one typed) right.
    outcome = page.locator(".quiz-outcome .badge")
    expect(outcome).to_have_text(km("Passed"), timeout=30_000)
    english_found.check(page, "result page")
    attempt.refresh_from_db()
    assert attempt.passed
    for item in attempt.questions.order_by("position"):
        assert item.score == item.mark, (
            f"question {item.position} ({item.question_type}) scored {item.score} "
            f"of {item.mark}; response {item.response!r}"
        )
    # The same Khmer answer typed with a zero-width space (as Khmer keyboards
    # insert between words) is accepted by the grading itself.
    shortanswer = question_types.get("shortanswer")
    for position, text in typed.items():
        item = attempt.questions.get(position=position)
        spaced = with_zero_width_space(text)
        assert spaced != text
        best = shortanswer.best_match(item.snapshot, spaced)
        assert best is not None and fraction_of(best) >= ONE, spaced

    # 5. The certificate: offered on the Khmer course page and the dashboard.
    page.goto(course.url)
    on_course_page = page.locator('main a[href$="/download/"]')
    english_found.expect(
        on_course_page.count() > 0,
        page.url,
        "no certificate download on the completed Khmer course page",
    )
    english_found.check(page, "course page, completed")
    page.goto("/learn/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "km")
    download = page.locator('main a[href$="/download/"]').first
    expect(download).to_be_visible(timeout=30_000)
    english_found.check(page, "dashboard")
    with page.expect_download() as download_info:
        download.click()
    pdf_path = tmp_path / "certificate.pdf"
    download_info.value.save_as(pdf_path)
    text = pdf_text(pdf_path.read_bytes())
    name = OFFICER.full_name_km
    assert nfc(name) in nfc(text), f"{name!r} not in the certificate's text:\n{text}"
    # Long titles wrap: compare with line breaks read as the spaces they replace.
    assert one_line(course.title) in one_line(text), (
        f"{course.title!r} not in the certificate's text:\n{text}"
    )

    print(f"pages checked for English: {english_found.pages_checked}")
    english_found.assert_none()
