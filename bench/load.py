"""Load benchmark of the web application on PostgreSQL: prints requests/s, p50/p99 latency
and error counts per endpoint (medians over runs); asserts nothing.

    .venv/bin/python bench/load.py [--users 10] [--requests 3000] [--workers 2] [--runs 3]

It makes a dedicated PostgreSQL schema (dropped at the end), seeds the demo agency plus
``--reports`` issued reports through the real services, starts ``ipcredit serve`` on a free
127.0.0.1 port and sends, with ``--users`` concurrent asyncio clients (aiohttp), a bounded
number of requests (``--requests`` per endpoint and run, at most ``--seconds`` each) to:

- ``POST /api/v1/evaluate`` — the self-assessment API (sample-a facts, JSON);
- ``GET /verify/<code>`` — the public verification page, a random issued report each time;
- ``GET /cases/<id>`` — case pages of a logged-in project lead (session cookie).

Only 127.0.0.1 is ever contacted. Target (issue 8): ≥ 300 verification requests/s with
p99 < 100 ms and no errors on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("IPCREDIT_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
PASSWORD = "ipcredit-demo"


def seed(url: str, reports: int, consent: bool = True) -> tuple[list[str], list[int]]:
    """Demo data and logins, then ``reports`` more issued reports; (verification codes, case ids)."""
    from sqlalchemy import select

    sys.path.insert(0, str(ROOT / "tests"))
    from wf_support import demo_database

    from ipcredit.db.uow import UnitOfWork
    from ipcredit.issuance.models import IssuedReport
    from ipcredit.cases.models import Case

    engine, factory, info = demo_database(url, ROOT / "var" / "bench-load")
    uow = lambda: UnitOfWork(factory, ROOT / "var" / "bench-load")  # noqa: E731
    today = dt.date.today()
    for i in range(reports):
        issue_one(uow, info["agency_id"], i, today)
    if consent:
        consent_all(uow, today)
    with uow() as u:
        codes = list(u.s.scalars(select(IssuedReport.verification_code)))
        cases = list(u.s.scalars(select(Case.id)))
    engine.dispose()
    return codes, cases


def consent_all(uow, on: dt.date) -> None:
    """Every enterprise consents to the verification page showing its details, so that each
    verification shows them and writes a disclosure-log row (the costlier path)."""
    from sqlalchemy import select

    from ipcredit.consent.models import Consent
    from ipcredit.consent.service import grant_consent
    from ipcredit.issuance.models import IssuedReport
    from ipcredit.cases.models import Case

    with uow() as u:
        consented = set(u.s.scalars(select(Consent.enterprise_id).where(Consent.scope == "verification_page")))
        enterprises = set(u.s.scalars(select(Case.enterprise_id).join(IssuedReport, IssuedReport.case_id == Case.id)))
        for enterprise_id in sorted(enterprises - consented):
            grant_consent(u, enterprise_id, "verification_page", None, on + dt.timedelta(days=365), "bench", on)


def issue_one(uow, agency_id: int, i: int, on: dt.date) -> None:
    """One more enterprise taken from application to an issued report by the demo people."""
    from sqlalchemy import select

    from ipcredit.agencies.models import Person
    from ipcredit.cases import collection, service
    from ipcredit.cases.domain import Signature
    from ipcredit.demo.service import credit_code, demo_facts
    from ipcredit.issuance.service import issue_report
    from ipcredit.reviews import service as panel

    name, code = f"压测企业{i}有限公司", credit_code(f"913301060000{i:05d}")
    with uow() as u:
        people = {p.name: p.id for p in u.s.scalars(select(Person).where(Person.agency_id == agency_id))}
        cid = service.apply_for_evaluation(u, agency_id, code, name, "bench", on)
        service.sign_contract(u, cid, f"HT-B-{i}", "bench", on)
        service.assign_member(u, cid, people["王明"], "lead", "bench", on)
        service.assign_member(u, cid, people["张伟"], "evaluator", "bench", on)
        service.start_preparing(u, cid, "bench", "方案")
        service.start_collecting(u, cid, "bench")
        collection.import_facts(u, cid, demo_facts(name, code, on), "企业提交", on, "bench")
        collection.verify_pending_facts(u, cid, "bench", "核对原件")
        collection.record_interview(u, cid, on, "会议室", "王明", "负责人", "摘要",
                                    [Signature("王明", "interviewer", on), Signature("负责人", "interviewee", on)], "bench")
        grade = collection.draft_report(u, cid, "bench").grade
        members = [(people["王明"], "lead"), (people["孙立"], "reviewer"), (people["吴敏"], "reviewer"),
                   (people["郑教授"], "expert"), (people["冯高工"], "expert")]
        pid = panel.form_panel(u, cid, members, "bench", on)
        for person, _ in members:
            panel.sign_confidentiality(u, pid, person, on, "bench")
            panel.cast_vote(u, pid, person, grade, "bench")
        panel.decide(u, pid, "bench")
        issue_report(u, cid, "bench", on)


def start_server(url: str, workers: int, port: int, log: Path) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("ipcredit")
    env = {**os.environ, "IPCREDIT_DATABASE_URL": url, "IPCREDIT_DATA_DIR": str(ROOT / "var" / "bench-load")}
    cmd = [str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--no-access-log"]
    proc = subprocess.Popen(cmd, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                time.sleep(1.0 if workers > 1 else 0)   # let every worker finish starting
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start:\n{log.read_text()[-2000:]}")


def login(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base) as c:
        token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text).group(1)
        r = c.post("/login", data={"username": "lead", "password": PASSWORD, "csrf_token": token})
        if r.status_code != 303:
            raise SystemExit(f"login failed: {r.status_code}")
        return httpx.Cookies(c.cookies)


async def phase(base: str, users: int, total: int, seconds: float, make_request) -> dict:
    """``total`` requests from ``users`` concurrent clients (at most ``seconds``), over one
    aiohttp session with a keep-alive connection per user (aiohttp: a light client, so the
    2 cores go to the server rather than to the load generator)."""
    import aiohttp

    latencies: list[float] = []
    errors = 0
    left = total
    deadline = time.perf_counter() + seconds

    async def user(session: "aiohttp.ClientSession", rng: random.Random) -> None:
        nonlocal left, errors
        while left > 0 and time.perf_counter() < deadline:
            left -= 1
            t0 = time.perf_counter()
            try:
                ok = await make_request(session, rng) == 200
            except (aiohttp.ClientError, asyncio.TimeoutError):
                ok = False
            latencies.append(time.perf_counter() - t0)
            errors += not ok

    connector = aiohttp.TCPConnector(limit=users)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
        start = time.perf_counter()
        await asyncio.gather(*(user(session, random.Random(i)) for i in range(users)))
        wall = time.perf_counter() - start
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / wall,
            "p50": pick(0.50), "p99": pick(0.99)}


def endpoints(codes: list[str], cases: list[int], cookies: httpx.Cookies, facts: dict):
    """Each endpoint as ``request(session, rng) -> status``; the body is read in full."""
    cookie = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}

    async def get(session, path: str, headers: dict | None = None) -> int:
        async with session.get(path, headers=headers, allow_redirects=False) as r:
            await r.read()
            return r.status

    async def evaluate(session, rng):
        async with session.post("/api/v1/evaluate", json=facts) as r:
            await r.read()
            return r.status

    async def verify(session, rng):
        return await get(session, f"/verify/{rng.choice(codes)}")

    async def case_page(session, rng):
        return await get(session, f"/cases/{rng.choice(cases)}", cookie)

    return {"evaluate": evaluate, "verify": verify, "case page": case_page}


def use_bench_keyring() -> None:
    """Encryption at rest is always on: unless keys are configured, the benchmark (and the server
    it starts, which inherits the environment) uses a key file of its own under var/bench-load."""
    from ipcredit.security import keyring

    if os.environ.get("IPCREDIT_DATA_KEYS") or os.environ.get("IPCREDIT_KEY_FILE"):
        return
    path = ROOT / "var" / "bench-load" / "keys" / "keyring.json"
    if not path.exists():
        keyring.save(keyring.generate(), path)
    os.environ["IPCREDIT_KEY_FILE"] = str(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=10, help="concurrent clients")
    ap.add_argument("--requests", type=int, default=3000, help="requests per endpoint and run")
    ap.add_argument("--seconds", type=float, default=30, help="time limit per endpoint and run")
    ap.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--reports", type=int, default=20, help="issued reports seeded besides the demo's")
    ap.add_argument("--no-consent", action="store_true",
                    help="seed no verification-page consents (the page then shows no details and logs nothing)")
    ap.add_argument("--only", help="comma-separated endpoints (evaluate, verify, case page)")
    args = ap.parse_args()
    use_bench_keyring()

    from ipcredit.yamlio import load_file
    from sqlalchemy import create_engine, text

    schema = f"ipc_load_{secrets.token_hex(4)}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    log = ROOT / "var" / "bench-load.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = None
    try:
        t0 = time.perf_counter()
        codes, cases = seed(url, args.reports, consent=not args.no_consent)
        print(f"seeded {len(codes)} issued reports, {len(cases)} cases in {time.perf_counter() - t0:.1f}s (schema {schema})")
        port = _free_port()
        proc = start_server(url, args.workers, port, log)
        base = f"http://127.0.0.1:{port}"
        facts = load_file(ROOT / "examples" / "sample-a.yaml")
        eps = endpoints(codes, cases, login(base), json.loads(json.dumps(facts, default=_plain)))
        chosen = [e.strip() for e in args.only.split(",")] if args.only else list(eps)
        report(args, {name: [asyncio.run(phase(base, args.users, args.requests, args.seconds, eps[name]))
                             for _ in range(args.runs)] for name in chosen})
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def report(args, results: dict[str, list[dict]]) -> None:
    load1 = os.getloadavg()[0]
    print(f"\n{args.users} users, {args.workers} workers, {args.runs} runs × ≤ {args.requests} requests "
          f"(≤ {args.seconds:.0f}s) per endpoint; load average {load1:.2f}; medians of the runs")
    print(f"{'endpoint':<12} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'requests':>9}")
    for name, runs in results.items():
        med = lambda k: statistics.median(r[k] for r in runs)  # noqa: E731
        print(f"{name:<12} {med('rps'):>8.1f} {med('p50'):>8.1f} {med('p99'):>8.1f} "
              f"{sum(r['errors'] for r in runs):>7d} {sum(r['requests'] for r in runs):>9d}")


def _plain(value):
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else str(value)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
