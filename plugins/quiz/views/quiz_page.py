"""Serving the quiz page (placeholder until the attempt views land)."""

from courses.activity_view import serve_activity


def serve_quiz_page(page, request, render, *args, **kwargs):
    return serve_activity(page, request, render, *args, **kwargs)
