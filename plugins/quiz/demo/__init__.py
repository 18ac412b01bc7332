"""The quiz plugin's part of the demo: a final quiz for each demo course.

``questions`` holds the data, ``loader`` creates it and ``hooks`` plugs the
loader into ``manage.py load_demo`` through the ``lms_load_demo_content`` hook.
"""
