"""Portal URLs: officers (filled in by its owner)."""

urlpatterns: list = []
