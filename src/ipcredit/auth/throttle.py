"""Failed logins per source address (across accounts) — pure, in memory, clock given.

The per-account lockout (``domain.after_failure``) stops guessing one account's password;
this stops one address from trying many accounts: after ``limit`` failures within ``window``
the address is refused (HTTP 429 with ``Retry-After``) until the oldest failure leaves the
window. State lives in the process (one application instance); memory is bounded by
``max_addresses`` (the address with the oldest last failure is forgotten first).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import OrderedDict, deque

MAX_FAILURES_PER_ADDRESS = 20
ADDRESS_WINDOW = dt.timedelta(minutes=10)


class AddressThrottle:
    def __init__(self, limit: int = MAX_FAILURES_PER_ADDRESS, window: dt.timedelta = ADDRESS_WINDOW,
                 max_addresses: int = 10_000) -> None:
        self.limit, self.window, self.max_addresses = limit, window, max_addresses
        self._failures: OrderedDict[str, deque[dt.datetime]] = OrderedDict()

    def _recent(self, address: str, now: dt.datetime) -> deque[dt.datetime]:
        times = self._failures.get(address, deque())
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            self._failures.pop(address, None)
        return times

    def retry_after(self, address: str, now: dt.datetime) -> int | None:
        """Seconds this address must wait before trying again, or None when it may try."""
        times = self._recent(address, now)
        if len(times) < self.limit:
            return None
        wait = (times[-self.limit] + self.window - now).total_seconds()
        return max(1, math.ceil(wait))

    def failed(self, address: str, now: dt.datetime) -> None:
        times = self._recent(address, now)
        times.append(now)
        while len(times) > self.limit:
            times.popleft()
        self._failures[address] = times
        self._failures.move_to_end(address)
        while len(self._failures) > self.max_addresses:
            self._failures.popitem(last=False)
