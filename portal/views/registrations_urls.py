"""Portal URLs: registrations (filled in by its owner)."""

urlpatterns: list = []
