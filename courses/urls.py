from django.urls import path

from courses import views, views_search

app_name = "courses"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("search/", views_search.search, name="search"),
    path("courses/<int:course_id>/enrol/", views.enrol_in_course, name="enrol"),
    path("lessons/<int:page_id>/study/", views.study_report, name="study"),
    path("lessons/<int:page_id>/confirm/", views.confirm_lesson, name="confirm"),
]
