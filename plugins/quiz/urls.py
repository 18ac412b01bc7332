"""Officer-facing quiz URLs, mounted at ``/plugins/quiz/`` (namespace ``quiz``)."""

from django.urls import path

from plugins.quiz.views import attempt, autosave, progress, results, start

app_name = "quiz"

urlpatterns = [
    path("<int:quiz_id>/start/", start.start, name="start"),
    path("attempts/<int:attempt_id>/", attempt.attempt_view, name="attempt"),
    path(
        "attempts/<int:attempt_id>/questions/<int:position>/",
        autosave.autosave,
        name="autosave",
    ),
    path(
        "attempts/<int:attempt_id>/questions/<int:position>/check/",
        autosave.check,
        name="check",
    ),
    path("attempts/<int:attempt_id>/result/", results.result, name="result"),
    path("progress/", progress.progress, name="progress"),
]
