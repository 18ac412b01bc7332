"""Portal URLs: registration requests."""

from django.urls import path

from portal.views import registrations

urlpatterns = [
    path("", registrations.registrations, name="registrations"),
    path(
        "<int:pk>/decide/",
        registrations.registration_decide,
        name="registration_decide",
    ),
]
