"""Certificates: model, layouts, WeasyPrint rendering, issuing, verification.

Built by the certificate issue; it listens to ``lms.signals.course_completed``.
"""
