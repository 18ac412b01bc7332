"""Plugs the demo quizzes into ``manage.py load_demo`` (see ``courses.hooks``).

Imported by ``plugins/quiz/wagtail_hooks.py``, where Wagtail looks for hooks.
"""

from wagtail import hooks

from courses.hooks import DEMO_CONTENT_HOOK
from plugins.quiz.demo.loader import load_demo_quizzes

hooks.register(DEMO_CONTENT_HOOK, load_demo_quizzes)
