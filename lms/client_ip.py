"""The client's address, one rule for every consumer.

The audit log, the sign-in lockout (django-axes), the registration and
password-reset throttles and the certificate verification limit all ask
:func:`client_ip`; none reads ``REMOTE_ADDR`` itself.

Behind reverse proxies every request comes from the last proxy, so two settings
describe what you run in front of Django:

``LMS_TRUSTED_PROXY_COUNT``
    How many proxies you run (default 0: clients connect directly and
    ``REMOTE_ADDR`` is the client). With one proxy (nginx, a TLS terminator),
    set 1: the client is the right-most entry of ``X-Forwarded-For``, the one
    that proxy appended. Entries further left were written by the client and
    prove nothing, so they are never used.
``LMS_CLIENT_IP_HEADER``
    The ``request.META`` key the proxies append to (default
    ``HTTP_X_FORWARDED_FOR``; ``HTTP_X_REAL_IP`` for a proxy that overwrites).

The header is parsed by django-ipware (well-kept, handles ports, brackets and
junk entries); which entry to trust is decided here from the proxy count.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from ipware import get_client_ip

UNKNOWN = "unknown"


def _valid(value: str | None) -> str | None:
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


def client_ip(request) -> str | None:
    """The client's address as a string, or ``None`` when there is none.

    With no trusted proxy this is ``REMOTE_ADDR``. With ``N`` trusted proxies
    it is the ``N``-th address from the right of the configured header; when a
    request carries no such header (it did not come through the proxy) it falls
    back to ``REMOTE_ADDR``.
    """
    count = getattr(settings, "LMS_TRUSTED_PROXY_COUNT", 0)
    remote = _valid(request.META.get("REMOTE_ADDR"))
    if count <= 0:
        return remote
    header = getattr(settings, "LMS_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR")
    if not request.META.get(header):
        return remote
    # ipware counts the proxies listed in the header; the last proxy is not
    # listed (it is REMOTE_ADDR), hence count - 1. Not strict: a chain longer
    # than expected (the client wrote entries of its own) is fine, its
    # right-most part is still ours.
    found, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=count - 1,
        request_header_order=[header],
        strict=False,
    )
    return _valid(found) or remote


def client_bucket(request) -> str:
    """The client as rate limits count it: IPv6 per /64, as one host holds one."""
    address = client_ip(request)
    if address is None:
        return UNKNOWN
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address
