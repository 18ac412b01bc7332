"""What only a browser shows about taking a quiz.

Autosave as the officer answers, two tabs on one attempt, a keyboard-only
attempt, the countdown that ends the attempt by itself, accessibility basics
of every quiz page, and that nothing comes from another host.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from courses.enrolment import enrol
from plugins.quiz.models import Attempt
from tests.factories import PASSWORD, make_user
from tests.quiz.factories import make_question, make_quiz

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT_MS = 10_000
STALE = re.compile(r"another tab.*reload", re.I | re.S)


def quiz_questions():
    """One question of each type an officer answers with a click or by typing."""
    return [
        make_question(
            "multichoice",
            text="<p>Which document is genuine?</p>",
            choices=[("The passport", 1), ("The photocopy", 0), ("The receipt", 0)],
        ),
        make_question(
            "multiresponse",
            text="<p>Which are signs of trafficking?</p>",
            choices=[
                ("Debt bondage", "0.5"),
                ("Confiscated papers", "0.5"),
                ("A visa", -1),
            ],
        ),
        make_question(
            "truefalse",
            text="<p>A child can consent to being moved for work.</p>",
            options={"correct": False},
        ),
        make_question(
            "shortanswer",
            text="<p>Which office takes referrals?</p>",
            choices=[("Social welfare*", 1)],
        ),
        make_question(
            "matching",
            text="<p>Match each document with its use.</p>",
            choices=[
                {"text": "Passport", "match_text": "Identity"},
                {"text": "Visa", "match_text": "Entry"},
            ],
        ),
        make_question(
            "numerical",
            text="<p>How many days may a visitor stay?</p>",
            choices=[{"text": "30", "fraction": 1, "tolerance": "0"}],
        ),
    ]


@pytest.fixture
def officer_quiz(transactional_db):
    """A six-question quiz and an officer enrolled in its course."""

    def build(**settings):
        quiz = make_quiz(questions=quiz_questions(), **settings)
        officer = make_user()
        enrol(officer, quiz.get_parent().get_parent().specific)
        return quiz, officer

    return build


@pytest.fixture
def context(browser, live_server):
    """A browser context (one officer's cookies) recording every request."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.requested_urls = []
    context.on("request", lambda request: context.requested_urls.append(request.url))
    yield context
    context.close()


def sign_in(page, officer, path):
    page.goto(f"/accounts/login/?next={path}")
    page.get_by_label("Username").fill(officer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    page.wait_for_url(f"**{path}")


def start_attempt_in(page, quiz, officer) -> Attempt:
    """Sign in, open the quiz and press Start: the attempt page is showing."""
    sign_in(page, officer, quiz.get_url())
    page.get_by_role("button", name=re.compile("start attempt", re.I)).click()
    page.wait_for_url(re.compile(r"/plugins/quiz/attempts/\d+/$"))
    return Attempt.objects.get(user=officer, state="in_progress")


def slow_link(page, latency_ms):
    """Delay every request and response by ``latency_ms`` (0: back to normal)."""
    session = getattr(page, "cdp", None) or page.context.new_cdp_session(page)
    page.cdp = session
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": -1,
            "uploadThroughput": -1,
        },
    )


def question(page, position):
    return page.locator(f"section#q{position}")


def status_of(page, position):
    return page.locator(f"#q{position}-status")


def item(attempt, position):
    return attempt.questions.get(position=position)


def choice_id(attempt, position, text):
    snapshot = item(attempt, position).snapshot
    return next(c["id"] for c in snapshot["choices"] if c["text"] == text)


def option_id(attempt, position, match_text):
    snapshot = item(attempt, position).snapshot
    return next(c["id"] for c in snapshot["choices"] if c["match_text"] == match_text)


# 1. Autosave --------------------------------------------------------------


def test_answers_save_themselves_and_survive_a_reload(context, officer_quiz):
    quiz, officer = officer_quiz()
    page = context.new_page()
    attempt = start_attempt_in(page, quiz, officer)

    # A click saves the answer: no button pressed.
    question(page, 1).get_by_label("The passport").check()
    expect(status_of(page, 1)).to_have_text("Saved")
    first = item(attempt, 1)
    assert first.response == choice_id(attempt, 1, "The passport")
    assert first.sequence == 1

    # On a slow link (a border post), two boxes ticked one after the other: the
    # second save waits for the first, rather than going with the old sequence
    # and being refused as if another tab had answered.
    slow_link(page, latency_ms=400)
    question(page, 2).get_by_label("Debt bondage").check()
    question(page, 2).get_by_label("Confiscated papers").check()
    expect(status_of(page, 2)).to_have_text("Saved")
    expect(page.locator("[name=q2-sequence]")).to_have_value("2")
    assert set(item(attempt, 2).response) == {
        choice_id(attempt, 2, "Debt bondage"),
        choice_id(attempt, 2, "Confiscated papers"),
    }
    slow_link(page, latency_ms=0)

    # Typed answers save when the field is left.
    page.get_by_label("Your answer", exact=True).fill("Social welfare office")
    expect(status_of(page, 4)).to_have_text("")
    page.keyboard.press("Tab")
    expect(status_of(page, 4)).to_have_text("Saved")
    assert item(attempt, 4).response == "Social welfare office"
    page.get_by_label("Your answer (a number)").fill("30")
    page.get_by_label("Your answer (a number)").blur()
    expect(status_of(page, 6)).to_have_text("Saved")
    assert Decimal(item(attempt, 6).response) == 30

    page.reload()
    expect(question(page, 1).get_by_label("The passport")).to_be_checked()
    expect(question(page, 2).get_by_label("Debt bondage")).to_be_checked()
    expect(question(page, 2).get_by_label("Confiscated papers")).to_be_checked()
    expect(question(page, 2).get_by_label("A visa")).not_to_be_checked()
    expect(page.get_by_label("Your answer", exact=True)).to_have_value(
        "Social welfare office"
    )
    expect(page.get_by_label("Your answer (a number)")).to_have_value("30")
    attempt.refresh_from_db()
    assert attempt.state == "in_progress"

    # Still slow: two changes, then Save pressed while the first is on its way.
    # The form waits for that save and goes with the sequence it returned.
    slow_link(page, latency_ms=400)
    question(page, 1).get_by_label("The photocopy").check()
    question(page, 1).get_by_label("The receipt").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    expect(question(page, 1).get_by_label("The receipt")).to_be_checked()
    assert item(attempt, 1).response == choice_id(attempt, 1, "The receipt")


# 2. Two tabs --------------------------------------------------------------


def test_a_stale_tab_is_told_and_does_not_overwrite(context, officer_quiz):
    quiz, officer = officer_quiz()
    tab_a = context.new_page()
    attempt = start_attempt_in(tab_a, quiz, officer)
    tab_b = context.new_page()
    tab_b.goto(tab_a.url)

    question(tab_a, 1).get_by_label("The passport").check()
    expect(status_of(tab_a, 1)).to_have_text("Saved")

    question(tab_b, 1).get_by_label("The receipt").check()
    expect(status_of(tab_b, 1)).to_have_text(STALE)
    expect(status_of(tab_b, 1)).to_have_class(re.compile(r"\bbad\b"))
    right = choice_id(attempt, 1, "The passport")
    assert item(attempt, 1).response == right
    assert item(attempt, 1).sequence == 1

    tab_b.reload()
    expect(question(tab_b, 1).get_by_label("The passport")).to_be_checked()
    expect(question(tab_b, 1).get_by_label("The receipt")).not_to_be_checked()
    expect(status_of(tab_b, 1)).to_have_text("")


# 3. Keyboard only ---------------------------------------------------------


def tab_to(page, selector, *, key="Tab", limit=60):
    """Press Tab until the focused element matches ``selector``."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            return
    raise AssertionError(f"{selector} is not reachable with {key}")


def focus_ring(page):
    """Every element Tab reaches on the page, in order (one full cycle)."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    reached = []
    for _ in range(100):
        page.keyboard.press("Tab")
        described = page.evaluate(
            """() => { const e = document.activeElement;
               if (!e || e === document.body || e.quizRingSeen) return null;
               e.quizRingSeen = true;
               return e.tagName + '|' + (e.name || '') + '|' + (e.value || '') + '|'
                 + e.className + '|' + (e.getAttribute('aria-hidden') || ''); }"""
        )
        if described is None:
            break
        reached.append(described)
    return reached


def test_keyboard_only_attempt(context, officer_quiz):
    quiz, officer = officer_quiz()
    page = context.new_page()
    sign_in(page, officer, quiz.get_url())

    tab_to(page, "form[action*='/start/'] button")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/plugins/quiz/attempts/\d+/$"))
    attempt = Attempt.objects.get(user=officer, state="in_progress")

    # The hidden first Save (the default for Enter) is never a Tab stop.
    ring = focus_ring(page)
    assert ring, "nothing on the attempt page takes focus"
    assert not [r for r in ring if "|save|vh|" in r or r.endswith("|true")], ring
    assert any(r.startswith("BUTTON|action|submit|") for r in ring), ring

    # Radio: Tab into the group, arrow to the second answer, back up to the first.
    tab_to(page, "[name=q1-choice]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(question(page, 1).get_by_label("The passport")).to_be_checked()
    # Checkbox: Space ticks the focused box; Tab to the next and tick it too.
    tab_to(page, "[name=q2-choice]")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    # True/false: arrow keys choose within the group.
    tab_to(page, "[name=q3-answer]")
    page.keyboard.press("ArrowDown")
    expect(question(page, 3).get_by_label("False")).to_be_checked()
    # Text: Enter inside the field saves the form; it does not submit.
    tab_to(page, "[name=q4-answer]")
    page.keyboard.type("Social welfare")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    assert re.search(r"/plugins/quiz/attempts/\d+/$", page.url)
    attempt.refresh_from_db()
    assert attempt.state == "in_progress"
    assert item(attempt, 4).response == "Social welfare"
    assert set(item(attempt, 2).response) == {
        choice_id(attempt, 2, "Debt bondage"),
        choice_id(attempt, 2, "Confiscated papers"),
    }
    expect(page.get_by_label("Your answer", exact=True)).to_have_value("Social welfare")

    # Selects (matching; the options are shuffled): typing an option's initial
    # chooses it.
    tab_to(page, "[name^=q5-match-]")
    first_select = page.evaluate("document.activeElement.id")
    page.keyboard.type("I")
    expect(page.locator(f"#{first_select} option:checked")).to_have_text("Identity")
    page.keyboard.press("Tab")
    page.keyboard.type("E")
    expect(page.locator("select:focus option:checked")).to_have_text("Entry")
    tab_to(page, "[name=q6-number]")
    page.keyboard.type("30")

    tab_to(page, "button[value=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/result/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("result of attempt 1")
    expect(page.get_by_text(re.compile(r"Score: 6 of 6"))).to_be_visible()

    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.passed
    matching = item(attempt, 5).response
    assert first_select == f"q5-match-{choice_id(attempt, 5, 'Passport')}"
    assert matching == {
        str(choice_id(attempt, 5, "Passport")): option_id(attempt, 5, "Identity"),
        str(choice_id(attempt, 5, "Visa")): option_id(attempt, 5, "Entry"),
    }
    assert item(attempt, 3).response is False


# 4. The countdown ---------------------------------------------------------


def test_countdown_ends_the_attempt_by_itself(context, officer_quiz):
    quiz, officer = officer_quiz(time_limit_minutes=1)
    page = context.new_page()
    attempt = start_attempt_in(page, quiz, officer)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(seconds=3)
    )
    page.reload()
    attempt_url = page.url
    loads = []
    page.on(
        "request",
        lambda r: (
            loads.append(r.url)
            if r.is_navigation_request() and r.url == attempt_url
            else None
        ),
    )

    timer = page.get_by_role("timer")
    expect(timer).to_contain_text(re.compile(r"Time left:\s*0:0[0-3]"))
    question(page, 1).get_by_label("The passport").check()
    expect(status_of(page, 1)).to_have_text("Saved")

    # Nobody touches the page: it reloads at zero and shows the result.
    page.wait_for_url(re.compile(r"/result/$"), timeout=8_000)
    expect(
        page.get_by_text(re.compile("the time limit was reached", re.I))
    ).to_be_visible()
    expect(page.get_by_text(re.compile("Time is up", re.I))).to_be_visible()
    # One reload, after the deadline: not a burst of reloads that arrive early.
    assert len(loads) == 1, loads

    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.closed_by == "time_limit"
    assert item(attempt, 1).response == choice_id(attempt, 1, "The passport")
    assert item(attempt, 1).score == 1


# 5. Accessibility basics --------------------------------------------------

A11Y_PROBLEMS = """
() => {
  const problems = [];
  const name = (e) => {
    if (e.labels && e.labels.length) {
      return [...e.labels].map(l => l.innerText).join(' ');
    }
    if (e.getAttribute('aria-label')) return e.getAttribute('aria-label');
    const ids = (e.getAttribute('aria-labelledby') || '').split(/\\s+/);
    return ids.map(i => (document.getElementById(i) || {}).innerText || '').join(' ');
  };
  for (const e of document.querySelectorAll('input, select, textarea')) {
    if (e.type === 'hidden') continue;
    if (!name(e).trim()) problems.push('no name: ' + e.outerHTML.slice(0, 120));
  }
  for (const e of document.querySelectorAll('button, a[href]')) {
    const text = (e.innerText || e.getAttribute('aria-label') || '').trim();
    if (!text) problems.push('no text: ' + e.outerHTML.slice(0, 120));
  }
  const lang = document.documentElement.getAttribute('lang');
  if (!lang) problems.push('html has no lang');
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
  const ones = headings.filter(h => h.tagName === 'H1').length;
  if (ones !== 1) problems.push(ones + ' h1 elements');
  if (headings.length && headings[0].tagName !== 'H1') {
    problems.push('first heading is ' + headings[0].tagName);
  }
  let level = 0;
  for (const h of headings) {
    const next = +h.tagName[1];
    if (next > level + 1) problems.push('skips to ' + h.tagName + ': ' + h.innerText);
    level = next;
  }
  return problems;
}
"""

CONTRAST = """
(selectors) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const background = (e) => {
    for (; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const results = [];
  for (const s of selectors) {
    for (const e of document.querySelectorAll(s)) {
      const fg = parse(getComputedStyle(e).color), bg = background(e);
      const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
      results.push({selector: s, text: e.innerText.trim().slice(0, 40),
                    ratio: (hi + 0.05) / (lo + 0.05)});
    }
  }
  return results;
}
"""

FOCUS_STYLE = """
() => { const s = getComputedStyle(document.activeElement);
  return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          shadow: s.boxShadow !== 'none'}; }
"""


def check_page_basics(page, label):
    problems = page.evaluate(A11Y_PROBLEMS)
    assert problems == [], f"{label}: {problems}"
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    assert overflow <= 0, f"{label} scrolls sideways by {overflow}px at 360px"


def check_contrast(page, label, selectors, *, expect_some=()):
    results = page.evaluate(CONTRAST, list(selectors))
    found = {r["selector"] for r in results}
    assert set(expect_some) <= found, f"{label}: none of {set(expect_some) - found}"
    low = [r for r in results if r["ratio"] < 4.5]
    assert low == [], f"{label}: contrast below 4.5:1: {low}"


def check_focus_visible(page, selector, label):
    tab_to(page, selector)
    style = page.evaluate(FOCUS_STYLE)
    assert style["outline"] or style["shadow"], (
        f"{label}: no visible focus on {selector}"
    )


def test_quiz_pages_accessibility_basics(context, officer_quiz):
    quiz, officer = officer_quiz()
    page = context.new_page()
    attempt = start_attempt_in(page, quiz, officer)

    # The attempt page, with a saved answer and a refused one in its statuses.
    question(page, 1).get_by_label("The photocopy").check()
    expect(status_of(page, 1)).to_have_text("Saved")
    page.get_by_label("Your answer", exact=True).fill("Police")
    page.get_by_label("Your answer (a number)").fill("not a number")
    page.get_by_label("Your answer (a number)").blur()
    expect(status_of(page, 6)).to_have_class(re.compile(r"\bbad\b"))
    check_page_basics(page, "attempt page")
    check_contrast(
        page,
        "attempt page",
        [".quiz-status", ".quiz-timer", ".muted", "label", "h2"],
        expect_some=[".quiz-status"],
    )
    statuses = page.evaluate(
        "[...document.querySelectorAll('.quiz-status')].map(e => e.className)"
    )
    assert "quiz-status small" in statuses and "quiz-status small bad" in statuses
    check_focus_visible(page, "[name=q2-choice]", "attempt page")
    check_focus_visible(page, "button[value=submit]", "attempt page")

    # The result page with its review: submit right and wrong answers.
    page.get_by_label("Your answer (a number)").fill("30")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url(re.compile(r"/result/$"))
    expect(page.get_by_role("heading", name="Review")).to_be_visible()
    check_page_basics(page, "result page")
    check_contrast(
        page,
        "result page",
        [".quiz-verdict", ".quiz-verdict-right", ".badge", ".msg", ".muted"],
        expect_some=[".quiz-verdict", ".quiz-verdict-right", ".badge"],
    )
    # A verdict's colour matches its words: "correct" is never shown in red.
    verdicts = page.evaluate(
        """[...document.querySelectorAll('.quiz-verdict')].map(e =>
             [e.innerText.trim(), e.classList.contains('quiz-verdict-right')])"""
    )
    assert ["Your answer: correct", True] in verdicts  # the number
    assert ["Your answer: incorrect", False] in verdicts  # the short answer
    assert all(right for text, right in verdicts if text.endswith(": correct"))
    check_focus_visible(page, "a[href], button", "result page")

    # The quiz page, now with the attempt listed, and the progress page.
    page.goto(quiz.get_url())
    expect(page.get_by_role("heading", name="Your attempts")).to_be_visible()
    check_page_basics(page, "quiz page")
    check_contrast(page, "quiz page", [".badge", ".muted", "dt", "dd", "td"])
    check_focus_visible(page, "form[action*='/start/'] button", "quiz page")

    page.goto("/plugins/quiz/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your results by topic")
    check_page_basics(page, "progress page")
    check_contrast(page, "progress page", [".badge", ".muted", "td", "th"])
    attempt.refresh_from_db()
    assert attempt.state == "finished"


# 6. Nothing from elsewhere ------------------------------------------------


def test_no_other_host_and_attempt_js_only_on_the_attempt_page(
    context, officer_quiz, live_server
):
    quiz, officer = officer_quiz()
    page = context.new_page()
    sign_in(page, officer, quiz.get_url())
    scripts = {}

    def visit(label, action):
        context.requested_urls.clear()
        action()
        page.wait_for_load_state("networkidle")
        scripts[label] = [u for u in context.requested_urls if u.endswith(".js")]
        foreign = [
            u
            for u in context.requested_urls
            if not u.startswith(live_server.url) and not u.startswith("data:")
        ]
        assert foreign == [], f"{label} fetched from elsewhere: {foreign}"

    visit("quiz", lambda: page.goto(quiz.get_url()))
    visit(
        "attempt",
        lambda: page.get_by_role(
            "button", name=re.compile("start attempt", re.I)
        ).click(),
    )
    assert re.search(r"/plugins/quiz/attempts/\d+/$", page.url)
    question(page, 1).get_by_label("The passport").check()
    expect(status_of(page, 1)).to_have_text("Saved")
    visit("result", lambda: page.get_by_role("button", name="Submit").click())
    assert page.url.endswith("/result/")
    visit("progress", lambda: page.goto("/plugins/quiz/progress/"))

    attempt_js = re.compile(r"/quiz/attempt(\.[0-9a-f]+)?\.js$")
    assert [u for u in scripts["attempt"] if attempt_js.search(u)]
    for label in ("quiz", "result", "progress"):
        assert not [u for u in scripts[label] if attempt_js.search(u)], label
