"""Taking a quiz in the browser: fill each question's fields as an officer would."""

import re

from playwright.sync_api import expect

from plugins.quiz.models import Attempt
from tests.quiz.answers import attempt_form_data, correct_form_data, wrong_form_data


def fill_answers(page, data: dict[str, list[str]]) -> None:
    """Fill form fields by name: choose options, tick boxes, type text."""
    for name, values in data.items():
        field = page.locator(f'[name="{name}"]')
        kind = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + e.type")
        if kind.startswith("select"):
            field.select_option(values[0])
        elif kind.endswith(("radio", "checkbox")):
            for value in values:
                page.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            field.fill(values[0])


def take_attempt(page, username: str, *, right: bool) -> None:
    """On the attempt page: answer every question right or wrong, then submit."""
    expect(page.get_by_role("button", name=re.compile("^submit", re.I))).to_be_visible()
    attempt = Attempt.objects.filter(user__username=username, state="in_progress").get()
    answer = correct_form_data if right else wrong_form_data
    fill_answers(page, attempt_form_data(attempt, answer))
    page.get_by_role("button", name=re.compile("^submit", re.I)).click()
