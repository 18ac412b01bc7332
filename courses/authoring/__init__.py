"""What trainers need to write courses in the Wagtail admin.

- ``page_access``: a trainer edits only the courses they are assigned to.
- ``review``: the review workflow (a trainer submits, a lead trainer approves).
- ``documents``: documents download through Wagtail's serve view, checked.
- ``officer_preview``: "view as officer" before publishing.
- ``editions``: copy a course to start a new edition.
- ``batch_review`` (and ``batch_admin``): submit and decide a whole module or
  edition as one review.
- ``publish_guard``: nothing goes live under a page that is not live.
- ``review_queue``, ``breadcrumbs``: the lead trainers' queue names each
  page's course and module.
- ``admin_home``: the "My courses" panel that trainers start from.

``courses.wagtail_hooks`` imports these modules so that their hooks register.
"""
