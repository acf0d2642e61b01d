"""Generators for the `certifications` and `records` tables (rare events, one row each)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from ipcredit.facts.synth_core import _dates, _days, _decimal, _size_score, _table
from ipcredit.facts.tables import BAD_CATEGORY_LABELS

YEAR = 365
GBT_2023_FROM = dt.date(2024, 1, 1)


def _pick(rng, s: np.ndarray, base: float, slope: float) -> np.ndarray:
    return np.flatnonzero(rng.random(len(s)) < base + slope * s)


def _strings(values: list[str], idx: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    arr = pa.DictionaryArray.from_arrays(pa.array(idx.astype(np.int32)), pa.array(values)).dictionary_decode()
    return arr if mask is None else pa.array(arr.to_numpy(zero_copy_only=False), mask=mask, type=pa.string())


def certifications(rng, codes: pa.Array, counts: np.ndarray, until: dt.date) -> pa.Table:
    """GB/T 29490 (2013 edition before 2024, 2023 edition after), ISO 56005, advantage / demo."""
    s, end = _size_score(counts), _days(until)
    groups = []
    gbt = _pick(rng, s, 0.03, 0.4)
    issued = rng.integers(_days(dt.date(2016, 1, 1)), end + 1, len(gbt))
    groups.append((gbt, np.where(issued < _days(GBT_2023_FROM), 0, 1), issued, issued + 3 * YEAR))
    iso = _pick(rng, s, 0.005, 0.05)
    issued = rng.integers(_days(dt.date(2023, 1, 1)), end + 1, len(iso))
    groups.append((iso, np.full(len(iso), 2), issued, issued + 3 * YEAR))
    for kind, base, slope in ((3, 0.01, 0.15), (4, 0.002, 0.05)):
        who = _pick(rng, s, base, slope)
        issued = rng.integers(_days(dt.date(2013, 1, 1)), end + 1, len(who))
        groups.append((who, np.full(len(who), kind), issued, np.full(len(who), -1)))
    owner, kind, issue, expiry = (np.concatenate([g[i] for g in groups]) for i in range(4))
    order = np.argsort(owner, kind="stable")
    owner, kind, issue, expiry = owner[order], kind[order], issue[order], expiry[order]
    return _table("certifications", {
        "credit_code": pa.compute.take(codes, pa.array(owner.astype(np.int64))),
        "kind": _strings(["gbt29490_2013", "gbt29490_2023", "iso56005", "ip_advantage", "ip_demo"], kind),
        "issue_date": _dates(issue), "expiry_date": _dates(expiry, expiry < 0),
    })


KINDS = ["national_award", "provincial_award", "good_record_provincial", "good_record_county", "bad_record",
         "infringement"]
TITLES = ["中国专利奖优秀奖", "省专利奖二等奖", "省级知识产权信用优良记录证明", "县级知识产权信用优良记录证明",
          "列入知识产权领域失信名单", "法院判决认定侵犯专利权"]
RATES = [(0.002, 0.03), (0.005, 0.05), (0.01, 0.05), (0.03, 0.05), (0.006, 0.0), (0.004, 0.01)]


def records(rng, codes: pa.Array, counts: np.ndarray, until: dt.date) -> pa.Table:
    """Awards, good-credit certificates, bad records and infringement findings, some repaired."""
    s, end = _size_score(counts), _days(until)
    picks = [(_pick(rng, s, b, k), i) for i, (b, k) in enumerate(RATES)]
    owner = np.concatenate([p for p, _ in picks])
    kind = np.concatenate([np.full(len(p), i) for p, i in picks])
    order = np.argsort(owner, kind="stable")
    owner, kind = owner[order], kind[order]
    m = len(owner)
    day = rng.integers(_days(dt.date(2019, 1, 1)), end + 1, m)
    negative = kind >= 4
    status = np.where(rng.random(m) < 0.93, 0, np.where(negative, 2, 1))
    category = rng.integers(0, len(BAD_CATEGORY_LABELS), m)
    repaired = day + rng.integers(180, 600, m)
    has_repair = negative & (rng.random(m) < 0.3) & (repaired <= end)
    infringement = kind == 5
    deduction = rng.integers(1, 11, m).astype(float)
    return _table("records", {
        "credit_code": pa.compute.take(codes, pa.array(owner.astype(np.int64))),
        "kind": _strings(KINDS, kind), "date": _dates(day), "title": _strings(TITLES, kind),
        "status": _strings(["verified", "unverified", "rejected"], status),
        "category": _strings(list(BAD_CATEGORY_LABELS), category, mask=kind != 4),
        "repaired_on": _dates(repaired, ~has_repair),
        "deduction": _decimal(deduction, pa.decimal128(18, 2), mask=~infringement),
        "reason": _strings(["判决认定侵犯专利权"], np.zeros(m), mask=~infringement),
    })
