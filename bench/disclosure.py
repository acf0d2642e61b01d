"""What consent checking and the disclosure log cost on the verification page (not a test:
prints figures, asserts nothing).

    .venv/bin/python bench/disclosure.py [--requests 300] [--database-url postgresql+psycopg://…]

On a fresh demo database (SQLite in a temporary folder unless --database-url names an empty
database), requests ``/verify/<code>`` of the demo report in process (TestClient, one client,
sequential) and prints the median and p99 latency in ms: with the enterprise's consent (details
shown, one disclosure-log row committed per request) and without it (details withheld, nothing
written).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path


def seed(url: str | None, folder: Path):
    """(settings, demo summary, new_uow): the tests' demo database (`fresh_demo_db`)."""
    tests = Path(__file__).resolve().parents[1] / "tests"
    sys.path[:0] = [str(tests), str(tests / "integration" / "web")]
    from web_auth_support import fresh_demo_db

    return fresh_demo_db(folder, url)


def timings(client, path: str, n: int) -> tuple[float, float]:
    for _ in range(min(30, n)):
        client.get(path)
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        client.get(path)
        ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    return statistics.median(ts), ts[min(len(ts) - 1, int(len(ts) * 0.99))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from ipcredit.consent.models import Consent
    from ipcredit.web.app import create_app

    settings, summary, new_uow = seed(args.database_url, Path(tempfile.mkdtemp(prefix="ipcredit-bench-")))
    client = TestClient(create_app(settings))
    path = f"/verify/{summary['report']['verification_code']}"
    consented = timings(client, path, args.requests)
    with new_uow() as uow:
        for c in uow.s.scalars(select(Consent)):
            c.revoked_at = dt.datetime.now(dt.timezone.utc)
        uow.commit()
    withheld = timings(client, path, args.requests)
    backend = (args.database_url or "sqlite").split(":")[0]
    print(f"/verify/<code> on {backend}, {args.requests} sequential requests in process")
    print(f"  consented (details + log row): median {consented[0]:.2f} ms, p99 {consented[1]:.2f} ms")
    print(f"  withheld (no write):          median {withheld[0]:.2f} ms, p99 {withheld[1]:.2f} ms")
    print(f"  ratio of medians: {consented[0] / withheld[0]:.2f}")


if __name__ == "__main__":
    sys.exit(main())
