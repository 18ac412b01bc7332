"""What trainers need to write courses in the Wagtail admin.

- ``page_access``: a trainer edits only the courses they are assigned to.
- ``review``: the review workflow (a trainer submits, a lead trainer approves).
- ``documents``: documents download through Wagtail's serve view, checked.
- ``officer_preview``: "view as officer" before publishing.
- ``editions``: copy a course to start a new edition.

``courses.wagtail_hooks`` imports these modules so that their hooks register.
"""
