"""Portal URLs: certificates (filled in by its owner)."""

urlpatterns: list = []
