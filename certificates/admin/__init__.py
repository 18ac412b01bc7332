"""The certificates' Wagtail admin: designs (a snippet) and issued certificates.

Registered in ``certificates/wagtail_hooks.py`` under one "Certificates" menu.
"""
