"""Where issued PDFs live: a private storage, never served as plain media.

``STORAGES["certificates"]`` configures it (a folder outside ``MEDIA_ROOT`` by
default); downloads go through views that check who is asking.
"""

from django.core.files.storage import Storage, storages


def certificate_storage() -> Storage:
    """The ``certificates`` storage (a callable, so migrations stay portable)."""
    return storages["certificates"]
