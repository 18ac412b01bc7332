"""Portal URLs: reports (filled in by its owner)."""

urlpatterns: list = []
