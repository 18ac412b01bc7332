"""Driving the Wagtail admin in the browser: signing in, the footer, the editors.

Everything is found by role and accessible name, as a keyboard or screen
reader user would find it, and every step waits with ``expect``.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect


def sign_in_to_admin(page, user) -> None:
    """Sign in through Wagtail's own login form and land on the dashboard."""
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    # The dashboard: trainers and lead trainers start from "My courses",
    # platform admins also get Wagtail's site summary.
    expect(
        page.get_by_role("heading", name=re.compile("^(My courses|Site summary)$"))
    ).not_to_have_count(0)


def sign_in_to_site(page, user, next_path: str = "/") -> None:
    """Sign in through the platform's login page (officers)."""
    page.goto(f"/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


def fill_title(page, title: str, slug: str) -> None:
    """Type a new page's title; Wagtail's script fills the slug from it.

    The script listens from the moment the page has loaded; the slug field
    (on the Promote tab) must be filled before the form is submitted.
    """
    page.wait_for_load_state("load")
    field = page.get_by_role("textbox", name="Title*")
    field.fill(title)
    field.press("Tab")
    expect(page.locator("input[name='slug']")).to_have_value(slug)


def footer(page):
    return page.get_by_role("navigation", name="Actions (footer)")


def open_more_actions(page):
    """Open the footer's dropdown of actions; return the footer."""
    actions = footer(page)
    actions.get_by_role("button", name="More actions").click()
    return actions


def type_rich_text(page, editor, text: str, *, hidden_input) -> None:
    """Type ``text`` at the end of a Draftail editor, as a person would.

    Draftail writes its content to the form's hidden input a moment after the
    last key (it debounces), so wait for the input to hold the text before
    anything submits the form.
    """
    editor.click()
    page.keyboard.press("Control+End")
    editor.press_sequentially(text)
    expect(editor).to_contain_text(text)
    expect(hidden_input).to_have_value(re.compile(re.escape(text)))


def review_row(page, title: str):
    """The row of ``title`` in the dashboard's "Awaiting your review" panel."""
    panel = page.get_by_role("region", name="Awaiting your review")
    return panel.get_by_role("row").filter(
        has=page.get_by_role("link", name=title, exact=True)
    )


def decide_on_dashboard(page, title: str, action: str, comment: str = "") -> None:
    """Take a workflow action (``Approve``...) from the dashboard's review panel.

    Actions "with comment" and "Request changes" open a dialog asking for the
    comment; the dashboard reloads once the decision is saved.
    """
    row = review_row(page, title)
    expect(row).to_have_count(1)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name=action, exact=True).click()
    if comment or action != "Approve":
        dialog = page.get_by_role("dialog")
        expect(dialog.get_by_role("heading", name=action)).to_be_visible()
        dialog.get_by_role("textbox", name="Comment").fill(comment)
        dialog.get_by_role("button", name=action).click()
    expect(review_row(page, title)).to_have_count(0)
