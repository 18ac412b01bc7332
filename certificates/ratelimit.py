"""Per-client rate limits on Django's cache: a fixed window of one minute.

Public verification is the only unauthenticated lookup by code, so it is
limited per client to ``settings.CERTIFICATE_VERIFY_RATE`` lookups a minute.
The counter lives in the default cache: ``add`` starts a window, ``incr``
counts in it, both atomic on the local-memory and Redis backends, so parallel
requests never lose a count. A fixed window lets a client make up to twice the
rate across a window boundary; that is enough to stop code guessing (codes
carry 140 random bits) and costs one cache round trip per lookup.

Which client? ``REMOTE_ADDR`` by default. Behind a reverse proxy every request
comes from the proxy, so set:

``CERTIFICATE_CLIENT_IP_HEADER``
    The ``request.META`` key the proxy writes the client address into, e.g.
    ``"HTTP_X_FORWARDED_FOR"`` or ``"HTTP_X_REAL_IP"``. Default ``None``
    (use ``REMOTE_ADDR``). Only set it when a proxy you run always writes the
    header: otherwise any client can choose its own address.
``CERTIFICATE_TRUSTED_PROXY_COUNT``
    How many proxies you run in front of Django (default 1). The client is the
    address that many entries from the right of ``X-Forwarded-For``: the ones
    further left were written by the client and prove nothing.

IPv6 clients are counted per /64 network, since one host usually holds a
whole /64. If the cache fails, lookups are allowed (and the failure logged):
verification must not go down with the cache.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    """The answer for one request: allowed or not, and when to come back."""

    allowed: bool
    limit: int
    remaining: int
    #: Seconds until the current window ends (``Retry-After`` when refused).
    retry_after: int


def client_address(request) -> str:
    """The client's address as the rate limit sees it (see the module doc)."""
    header = getattr(settings, "CERTIFICATE_CLIENT_IP_HEADER", None)
    candidate = ""
    if header:
        entries = [
            part.strip() for part in request.META.get(header, "").split(",") if part
        ]
        count = max(1, getattr(settings, "CERTIFICATE_TRUSTED_PROXY_COUNT", 1))
        if entries:
            candidate = entries[-count] if len(entries) >= count else entries[0]
    for value in (candidate, request.META.get("REMOTE_ADDR", "")):
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            continue
        if address.version == 6:
            if address.ipv4_mapped:
                return str(address.ipv4_mapped)
            return str(ipaddress.ip_network(f"{address}/64", strict=False))
        return str(address)
    return "unknown"


def hit(request, scope: str, rate: int, *, now: float | None = None) -> Verdict:
    """Count one request of ``scope`` for this client; refuse past ``rate``/minute.

    A ``rate`` of 0 or less switches the limit off.
    """
    if rate <= 0:
        return Verdict(True, rate, rate, 0)
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    retry_after = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    # Hashed: the cache holds no addresses, and keys stay short for memcached.
    client = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"certificates:ratelimit:{scope}:{window}:{client}"
    try:
        # The key outlives its window a little, so a late incr never fails.
        cache.add(key, 0, timeout=WINDOW_SECONDS + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.add(key, 1, timeout=WINDOW_SECONDS + 5)
            count = 1
    except Exception:  # noqa: BLE001 (any cache backend error: fail open)
        logger.warning("Rate limit cache unavailable; request allowed", exc_info=True)
        return Verdict(True, rate, rate, 0)
    return Verdict(
        allowed=count <= rate,
        limit=rate,
        remaining=max(0, rate - count),
        retry_after=retry_after,
    )
