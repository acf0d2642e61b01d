"""Benchmark of the data protections (not a test: prints figures, asserts nothing).

    .venv/bin/python bench/trust.py [--cases 20] [--runs 3]

On a fresh SQLite database in a temporary folder (the keyring from IPCREDIT_DATA_KEYS, or a
generated one), prints medians of:
  - sealing / opening one fact value (AES-256-GCM with row-bound associated data), µs;
  - one case driven from application to issued report, with encryption and the audit chain
    on, and with both switched off in the same process (ratio = their cost);
  - ``audit verify`` over the chain those cases produced, entries/s;
  - key rotation of everything they wrote, values/s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def _keyring() -> None:
    if not os.environ.get("IPCREDIT_DATA_KEYS"):
        import json

        from ipcredit.security.keyring import generate

        os.environ["IPCREDIT_DATA_KEYS"] = json.dumps(generate().to_json())


def micro(n: int = 5000) -> tuple[float, float]:
    from ipcredit.security import cipher, keyring
    from ipcredit.security.fields import to_bytes

    ring = keyring.load()
    plain = to_bytes([0.045, 0.05, 0.052], True)
    t = time.perf_counter()
    tokens = [cipher.seal(ring, plain, "case_fact", "value", str(i)) for i in range(n)]
    seal = (time.perf_counter() - t) / n * 1e6
    t = time.perf_counter()
    for i, tok in enumerate(tokens):
        cipher.open_(ring, tok, "case_fact", "value", str(i))
    return seal, (time.perf_counter() - t) / n * 1e6


def flow_seconds(folder: Path, cases: int, protected: bool) -> tuple[float, object]:
    from wf_support import Db, Flow

    from ipcredit.db.engine import make_engine
    from ipcredit.db.migrate import upgrade

    engine = make_engine(f"sqlite:///{folder / 'bench.db'}")
    upgrade(engine)
    flow = Flow(Db("sqlite", engine, folder))
    flow.setup_agency()
    times = []
    for _ in range(cases):
        t = time.perf_counter()
        flow.case("issued")
        times.append(time.perf_counter() - t)
    return statistics.median(times), flow.db


def unprotected() -> None:
    """Switch encryption and auditing off in this process (for the comparison only)."""
    import ipcredit.audit.listener as audit
    import ipcredit.security.fields as fields
    import ipcredit.security.keycheck as keycheck

    fields.install = lambda base: None
    keycheck.ensure_keys = lambda engine: None
    audit.install = lambda factory: None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    _keyring()
    seal, open_ = micro()
    print(f"seal one value  {seal:8.1f} µs   open one value {open_:8.1f} µs")
    on, verify_rate, rotate_rate = [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            sec, db = flow_seconds(Path(tmp), args.cases, True)
            on.append(sec)
            verify_rate.append(_verify_rate(db))
            rotate_rate.append(_rotate_rate(db, Path(tmp)))
    print(f"case to issued, protected      median {statistics.median(on) * 1000:8.1f} ms")
    print(f"audit verify                   median {statistics.median(verify_rate):8.0f} entries/s")
    print(f"key rotation                   median {statistics.median(rotate_rate):8.0f} values/s")
    import subprocess

    off = subprocess.run([sys.executable, __file__, "--off", str(args.cases), str(args.runs)], capture_output=True,
                         text=True, env=os.environ).stdout.strip()
    off_ms = float(off)
    print(f"case to issued, unprotected    median {off_ms:8.1f} ms   ratio protected/unprotected "
          f"{statistics.median(on) * 1000 / off_ms:.2f}")


def _verify_rate(db) -> float:
    from ipcredit.audit.service import verify_chain

    with db.uow() as uow:
        t = time.perf_counter()
        verdict = verify_chain(uow)
        return verdict.count / (time.perf_counter() - t)


def _rotate_rate(db, folder: Path) -> float:
    from ipcredit.db.base import load_all_models
    from ipcredit.security import keyring
    from ipcredit.security.rotation import encrypted_columns, rotate_keys

    saved = os.environ.pop("IPCREDIT_DATA_KEYS")
    path = folder / "keys.json"
    keyring.save(keyring.parse(saved, "bench"), path)
    os.environ["IPCREDIT_KEY_FILE"] = str(path)
    try:
        t = time.perf_counter()
        _, values, _ = rotate_keys(db.engine, folder / "evidence", encrypted_columns(load_all_models()))
        return values / (time.perf_counter() - t)
    finally:
        os.environ["IPCREDIT_DATA_KEYS"] = saved
        os.environ.pop("IPCREDIT_KEY_FILE")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--off":
        unprotected()
        _keyring()
        cases, runs = int(sys.argv[2]), int(sys.argv[3])
        out = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                out.append(flow_seconds(Path(tmp), cases, False)[0])
        print(statistics.median(out) * 1000)
    else:
        main()
