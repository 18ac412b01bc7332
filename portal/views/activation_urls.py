"""Portal URLs: activation letters and invitations (``portal.views.activation``)."""

from django.urls import path

from portal.views import activation

urlpatterns = [
    path("letters/", activation.unit_letters, name="activation_letters"),
    path("officers/<int:pk>/letter/", activation.officer_letter, name="officer_letter"),
    path("officers/<int:pk>/invite/", activation.officer_invite, name="officer_invite"),
    path(
        "imports/<uuid:pk>/letters/", activation.import_letters, name="import_letters"
    ),
]
