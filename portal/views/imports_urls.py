"""Portal URLs: imports (filled in by its owner)."""

urlpatterns: list = []
