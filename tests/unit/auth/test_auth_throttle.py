"""Failed logins per source address: refused after the limit within the window, then free again."""

from __future__ import annotations

import datetime as dt

from ipcredit.auth.throttle import AddressThrottle

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def test_the_limit_within_the_window_blocks_then_the_window_frees():
    t = AddressThrottle(limit=3, window=dt.timedelta(minutes=10))
    for i in range(3):
        assert t.retry_after("10.0.0.1", T0 + dt.timedelta(minutes=i)) is None
        t.failed("10.0.0.1", T0 + dt.timedelta(minutes=i))
    assert t.retry_after("10.0.0.1", T0 + dt.timedelta(minutes=2)) == 8 * 60   # until the first failure is 10 min old
    assert t.retry_after("10.0.0.2", T0) is None                                # other addresses are not affected
    assert t.retry_after("10.0.0.1", T0 + dt.timedelta(minutes=10)) is None


def test_failures_spread_beyond_the_window_never_block():
    t = AddressThrottle(limit=3, window=dt.timedelta(minutes=10))
    for i in range(10):
        now = T0 + dt.timedelta(minutes=6 * i)
        assert t.retry_after("a", now) is None
        t.failed("a", now)


def test_memory_is_bounded():
    t = AddressThrottle(limit=2, max_addresses=100)
    for i in range(1000):
        t.failed(f"10.0.{i // 256}.{i % 256}", T0)
    assert len(t._failures) == 100
