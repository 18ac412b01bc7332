"""Certificate layouts: the contract (``base``) and the built-in ones.

Plugins add layouts through the ``lms_register_certificate_layouts`` hook (see
``certificates.hooks`` and ``certificates.layouts.base``).
"""

from __future__ import annotations


def builtin_layouts() -> list:
    """The layouts this app registers through its own hook."""
    from certificates.layouts.classic import ClassicLayout

    return [ClassicLayout()]
