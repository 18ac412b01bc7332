"""Certificate pages: public verification, officers' downloads, bulk downloads."""

from django.urls import path

app_name = "certificates"

urlpatterns: list = []
