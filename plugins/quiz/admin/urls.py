"""Admin URLs of the marking queue (mounted under the admin by a hook)."""

from django.urls import path

from plugins.quiz.admin.marking import MarkingQueueView, MarkView

app_name = "quiz_marking"

urlpatterns = [
    path("", MarkingQueueView.as_view(), name="queue"),
    path("<int:item_id>/", MarkView.as_view(), name="mark"),
]
