"""Quizzes: question banks, attempts that never lose an answer, grading.

The first built-in plugin. It uses exactly the contract an external plugin
uses (``lms.plugin``, the ``lms_`` hooks of ``courses.hooks``) and offers its
own extension point for question types (see ``plugins.quiz.hooks``).
"""
