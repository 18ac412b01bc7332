"""Ordering question plugin: the officer puts items in the right order.

Installed like any external plugin (an ``lms.plugins`` entry point) and
registered only through the quiz's ``lms_quiz_register_question_types`` hook.
"""
