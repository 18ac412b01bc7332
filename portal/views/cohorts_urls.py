"""Portal URLs: cohorts (filled in by its owner)."""

urlpatterns: list = []
