"""Where job files live (uploaded imports, built ZIPs): private storage.

``STORAGES["private"]`` (a folder outside ``MEDIA_ROOT``); files are served
only by views that check the job belongs to the user asking.
"""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    """The ``private`` storage (a callable, so migrations stay portable)."""
    return storages["private"]
