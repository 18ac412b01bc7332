"""Portal URLs: jobs (filled in by its owner)."""

urlpatterns: list = []
