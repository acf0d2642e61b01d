"""Web benchmark: requests per second of the scoring API and the live self-assessment,
in process (FastAPI TestClient, no network) — prints figures, asserts nothing.

    .venv/bin/python scripts/bench_web.py [--n 200]
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from ipcredit.web.app import create_app
from ipcredit.web.settings import WebSettings

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, n: int, call) -> float:
    call()  # warm-up
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    p95 = sorted(times)[int(0.95 * len(times)) - 1]
    print(f"{label:<44} median {med * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   {1 / med:7.0f} req/s")
    return med


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    n = ap.parse_args().n
    client = TestClient(create_app(WebSettings()))
    sample = (ROOT / "examples" / "sample-a.yaml").read_bytes()
    yaml_headers = {"content-type": "application/yaml"}
    page = client.get("/self-assessment?example=sample-a").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"csrf_token": token, "evaluation_date": "2026-03-15", "enterprise.name": "甲",
            "enterprise.credit_code": "91330106MA2B3C4D5D", "capacity.valid_invention_patents": "18",
            "capacity.high_value_patents": "9", "basic.ip_department": "on", "basic.ip_specialists": "3"}
    hx = {"HX-Request": "true"}
    base = timed("GET /healthz (framework floor)", n, lambda: client.get("/healthz"))
    ev = timed("POST /api/v1/evaluate (sample-a, YAML)", n,
               lambda: client.post("/api/v1/evaluate", content=sample, headers=yaml_headers))
    wi = timed("POST /api/v1/what-if (sample-a, YAML)", n,
               lambda: client.post("/api/v1/what-if", content=sample, headers=yaml_headers))
    sa = timed("POST /self-assessment (HTMX partial)", n,
               lambda: client.post("/self-assessment", data=form, headers=hx))
    pg = timed("GET /self-assessment?example=sample-a (page)", n,
               lambda: client.get("/self-assessment?example=sample-a"))
    print(f"ratios to /healthz: evaluate {ev / base:.1f}×, what-if {wi / base:.1f}×, "
          f"live self-assessment {sa / base:.1f}×, full page {pg / base:.1f}×")


if __name__ == "__main__":
    main()
