"""Benchmark of the web batch-screening upload (not a test: prints figures, asserts nothing).

    .venv/bin/python bench/web_batch.py [--enterprises 1000 5000 20000] [--runs 3]

For each N: a ZIP of the synthetic record tables of N enterprises (``ipcredit synth records``,
seed 1, Parquet), then ``POST /batch`` through the TestClient as a logged-in evaluator — upload
checks, extraction, DuckDB derivation and scoring, storing the run — and ``GET /batch/{run}``
(the first results page). Prints the ZIP's size, the median wall time of --runs and
enterprises/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.glob("*.parquet")):
            zf.write(p, p.name)
    return buf.getvalue()


def _client(tmp: Path):
    tests = Path(__file__).resolve().parents[1] / "tests"
    sys.path[:0] = [str(tests), str(tests / "integration" / "web")]
    from web_auth_support import login
    from web_rest_support import seeded_settings

    settings = seeded_settings(tmp)
    return login(settings, "evaluator"), settings


def _post(client, name: str, data: bytes, evaluation_date: str) -> float:
    from web_auth_support import csrf_of

    token = csrf_of(client.get("/batch").text)
    started = time.perf_counter()
    r = client.post("/batch", data={"csrf_token": token, "evaluation_date": evaluation_date, "profile": "points"},
                    files={"table": (name, data, "application/octet-stream")})
    assert r.status_code == 303, r.text[-800:]
    page = client.get(r.headers["location"])
    assert page.status_code == 200
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, nargs="+", default=[1000, 5000, 20000])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from ipcredit.facts.synth import generate, write

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        client, _ = _client(root / "db")
        print(f"{'N':>7} {'input':>8} {'MB':>6} {'median s':>9} {'ent/s':>8}")
        for n in args.enterprises:
            folder = root / f"recs{n}"
            write(generate(n, seed=1, until=dt.date(2025, 12, 31)), folder)
            data = _zip(folder)
            times = [_post(client, "records.zip", data, "2026-03-15") for _ in range(args.runs)]
            med = statistics.median(times)
            print(f"{n:>7} {'zip':>8} {len(data) / 1e6:>6.1f} {med:>9.2f} {n / med:>8.0f}")


if __name__ == "__main__":
    main()
