"""What trainers use in the Wagtail admin: the question bank, marking, regrades.

Registered from ``plugins.quiz.wagtail_hooks``.
"""
