"""Fixed-window rate limits on Django's cache.

Used for every unauthenticated action worth guessing or flooding: public
certificate verification, self-registration and password-reset mail.
:func:`hit` counts one action per client (by default) or per any key the
caller gives (an e-mail address, say) in a window of ``per`` seconds, and
refuses past ``rate`` actions a window.

The counter lives in the default cache: ``add`` starts a window, ``incr``
counts in it, both atomic on the local-memory and Redis backends, so parallel
requests never lose a count. A fixed window lets a client make up to twice the
rate across a window boundary; that costs one cache round trip per action and
is enough to stop guessing and flooding.

Clients are told apart by :func:`lms.client_ip.client_bucket` (the trusted
proxy settings apply; IPv6 per /64). Keys are hashed, so the cache holds no
addresses. If the cache fails, the action is allowed (and the failure logged):
the service must not go down with the cache.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache

from lms.client_ip import client_bucket

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class Verdict:
    """The answer for one action: allowed or not, and when to come back."""

    allowed: bool
    limit: int
    remaining: int
    #: Seconds until the current window ends (``Retry-After`` when refused).
    retry_after: int


def hit(
    request,
    scope: str,
    rate: int,
    *,
    per: int = WINDOW_SECONDS,
    key: str | None = None,
    now: float | None = None,
) -> Verdict:
    """Count one action of ``scope``; refuse past ``rate`` in ``per`` seconds.

    ``key`` says whose action it is (default: the requesting client). A
    ``rate`` of 0 or less switches the limit off.
    """
    if rate <= 0:
        return Verdict(True, rate, rate, 0)
    now = time.time() if now is None else now
    window = int(now // per)
    retry_after = max(1, math.ceil((window + 1) * per - now))
    who = client_bucket(request) if key is None else key
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    cache_key = f"lms:ratelimit:{scope}:{per}:{window}:{digest}"
    try:
        # The key outlives its window a little, so a late incr never fails.
        cache.add(cache_key, 0, timeout=per + 5)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # evicted between add and incr
            cache.add(cache_key, 1, timeout=per + 5)
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
