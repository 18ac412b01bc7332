"""Portal URLs: dashboard (filled in by its owner)."""

urlpatterns: list = []
