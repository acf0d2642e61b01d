"""One generator per record table; `ipcredit.facts.synth.generate` calls them in order."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ipcredit.facts.synth_core import (
    INDUSTRIES, _choice, _dates, _days, _decimal, _fixed_strings, _names, _size_score, _table, credit_codes,
    patent_numbers,
)

AMOUNT = pa.decimal128(18, 2)
RATIO = pa.decimal128(9, 6)
YEAR = 365


def _owners(codes: pa.Array, idx: np.ndarray) -> pa.Array:
    return pc.take(codes, pa.array(idx.astype(np.int64)))


def _per_enterprise(rng, counts: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(len(counts)), counts)


def _digits(rng, n: int, width: int) -> np.ndarray:
    return rng.integers(0, 10, (n, width)) + ord("0")


def enterprises(rng: np.random.Generator, counts: np.ndarray) -> pa.Table:
    n, s = len(counts), _size_score(counts)

    def flag(base: float, slope: float) -> pa.Array:
        return pa.array(rng.random(n) < base + slope * s)

    dept = rng.random(n) < 0.08 + 0.7 * s
    formulated = rng.random(n) < 0.1 + 0.6 * s
    specialists = np.where(dept, rng.integers(1, 3 + (20 * s).astype(np.int64)), rng.integers(0, 2, n))
    return _table("enterprises", {
        "credit_code": credit_codes(rng, n), "name": _names(rng, n), "industry": _choice(rng, INDUSTRIES, n),
        "ip_department": pa.array(dept), "ip_specialists": pa.array(specialists.astype(np.int32)),
        "ip_lawyer": flag(0.05, 0.3),
        "strategy_formulated": pa.array(formulated),
        "strategy_culture": pa.array(formulated & (rng.random(n) < 0.7)),
        "strategy_system": pa.array(formulated & (rng.random(n) < 0.6)),
        "strategy_integrated": pa.array(formulated & (rng.random(n) < 0.5)),
        "early_warning": flag(0.03, 0.5), "rights_protection": flag(0.02, 0.3), "ip_association": flag(0.1, 0.5),
        "trade_secret_full_process": flag(0.05, 0.4), "trade_secret_internal": flag(0.2, 0.5),
        "trade_secret_external": flag(0.1, 0.4),
    })


def rd_yearly(rng, codes: pa.Array, counts: np.ndarray, until: dt.date) -> pa.Table:
    s = _size_score(counts)
    has = np.flatnonzero(rng.random(len(counts)) < 0.5 + 0.5 * s)
    owner = np.repeat(has, 3)
    years = np.tile(np.arange(until.year - 2, until.year + 1), len(has))
    keep = rng.random(len(owner)) < 0.9
    owner, years, m = owner[keep], years[keep], int(keep.sum())
    staff = np.clip(rng.beta(2, 14, m) + 0.12 * s[owner], 0, 1)
    spend = np.clip(rng.beta(2, 50, m) + 0.04 * s[owner], 0, 1)
    revenue = np.exp(rng.normal(np.log(2000) + 3.5 * s[owner], 1.2))
    return _table("rd_yearly", {
        "credit_code": _owners(codes, owner), "year": pa.array(years.astype(np.int32)),
        "rd_staff_ratio": _decimal(staff, RATIO), "rd_expense_ratio": _decimal(spend, RATIO),
        "revenue_wan": _decimal(revenue, AMOUNT),
    })


TITLES = ("一种数据处理方法及装置", "一种电池管理系统", "一种高强度复合材料及其制备方法", "一种图像识别方法",
          "一种智能控制电路", "一种医用导管", "一种节能电机", "一种传感器组件", "包装盒", "一种通信方法")


def patents(rng, codes: pa.Array, counts: np.ndarray, until: dt.date) -> pa.Table:
    owner = _per_enterprise(rng, counts)
    p, end, s = len(owner), _days(until), _size_score(counts)[owner]
    types = rng.choice(3, size=p, p=[0.4, 0.45, 0.15])
    inv = types == 0
    app = rng.integers(_days(dt.date(2005, 1, 1)), end - 30, p)
    grant = np.where(inv, app + rng.integers(540, 1460, p), app + rng.integers(180, 450, p))
    granted = (rng.random(p) < np.where(inv, 0.6, 0.95)) & (grant <= end)
    term_end = app + np.choose(types, [20 * YEAR + 5, 10 * YEAR + 2, 15 * YEAR + 4])
    early = granted & (rng.random(p) < 0.35)
    lapse = np.where(early, np.minimum(grant + rng.integers(YEAR, 20 * YEAR, p), term_end), term_end)
    lapsed = granted & (lapse <= end)
    refused = ~granted & (app + 4 * YEAR < end)
    refused_on = app + rng.integers(2 * YEAR, 4 * YEAR, p)
    status = np.where(lapsed | refused, 1, np.where(granted, 0, 2))
    status_day = np.where(lapsed, lapse, np.where(refused, refused_on, grant))
    return _table("patents", {
        "credit_code": _owners(codes, owner), "patent_number": patent_numbers(app, types),
        "title": _choice(rng, TITLES, p),
        "patent_type": pa.DictionaryArray.from_arrays(pa.array(types.astype(np.int32)),
                                                      pa.array(["invention", "utility_model", "design"])).dictionary_decode(),
        "application_date": _dates(app), "grant_date": _dates(grant, ~granted),
        "legal_status": pa.DictionaryArray.from_arrays(pa.array(status.astype(np.int32)),
                                                       pa.array(["valid", "lapsed", "pending"])).dictionary_decode(),
        "status_date": _dates(status_day, status == 2), "lapse_date": _dates(lapse, ~lapsed),
        "overseas_family": pa.array(inv & (rng.random(p) < 0.05 + 0.1 * s)),
        "strategic_emerging": pa.array(inv & (rng.random(p) < 0.3)),
        "award": pa.array(inv & granted & (rng.random(p) < 0.002)),
    })


def other_rights(rng, codes: pa.Array, counts: np.ndarray, until: dt.date) -> pa.Table:
    n, end = len(counts), _days(until)
    has = rng.random(n) < 0.3 + 0.6 * _size_score(counts)
    held = np.where(has, np.minimum(np.floor(rng.pareto(1.5, n) * 3) + 1 + counts // 3, 5000), 0).astype(np.int64)
    owner = _per_enterprise(rng, held)
    m = len(owner)
    kinds = rng.choice(5, size=m, p=[0.55, 0.12, 0.30, 0.015, 0.015])
    reg = rng.integers(_days(dt.date(2008, 1, 1)), end + 1, m)
    term = np.choose(kinds, [10 * YEAR + 1, 0, 0, 15 * YEAR + 3, 10 * YEAR + 2])
    expiry = reg + term - 1
    renewed = (kinds == 0) & (expiry < end) & (rng.random(m) < 0.6)
    expiry = np.where(renewed, expiry + 10 * YEAR + 2, expiry)
    labels = pa.array(["trademark", "copyright", "software", "plant_variety", "ic_layout"])
    return _table("other_rights", {
        "credit_code": _owners(codes, owner),
        "kind": pa.DictionaryArray.from_arrays(pa.array(kinds.astype(np.int32)), labels).dictionary_decode(),
        "number": _fixed_strings(_digits(rng, m, 8)), "registration_date": _dates(reg),
        "expiry_date": _dates(expiry, term == 0),
    })


def foreign_filings(rng, codes: pa.Array, counts: np.ndarray, until: dt.date) -> pa.Table:
    filed = np.minimum(rng.poisson(0.03 * counts.astype(float) ** 0.9), 2000)
    owner = _per_enterprise(rng, filed)
    m = len(owner)
    day = rng.integers(_days(dt.date(2010, 1, 1)), _days(until) + 1, m)
    kinds = rng.choice(3, size=m, p=[0.8, 0.15, 0.05])
    years = day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    chars = np.empty((m, 17), dtype=np.int64)
    chars[:, :6] = np.frombuffer(b"PCT/CN", dtype=np.uint8)
    for pos in range(9, 5, -1):
        chars[:, pos], years = years % 10 + ord("0"), years // 10
    chars[:, 10] = ord("/")
    chars[:, 11:] = _digits(rng, m, 6)
    number = pa.array(_fixed_strings(chars).to_numpy(zero_copy_only=False), mask=kinds != 0)
    return _table("foreign_filings", {
        "credit_code": _owners(codes, owner),
        "kind": pa.DictionaryArray.from_arrays(pa.array(kinds.astype(np.int32)),
                                               pa.array(["pct", "madrid", "hague"])).dictionary_decode(),
        "number": number, "filing_date": _dates(day),
    })


def transactions(rng, codes: pa.Array, counts: np.ndarray, pat: pa.Table, until: dt.date) -> pa.Table:
    made = np.minimum(rng.poisson(0.03 * counts + 0.05 * (counts > 0)), 2 * counts)
    owner = _per_enterprise(rng, made)
    m, end = len(owner), _days(until)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])[owner]
    numbers = pat.column("patent_number").combine_chunks()
    app = pat.column("application_date").combine_chunks().cast(pa.int32()).to_numpy()
    picks = [first + rng.integers(0, counts[owner]) for _ in range(3)] if m else [np.zeros(0, np.int64)] * 3
    how_many = rng.choice([1, 2, 3], size=m, p=[0.7, 0.2, 0.1])
    parts = [pc.take(numbers, pa.array(picks[0]))]
    for k in (1, 2):
        parts.append(pa.array(pc.take(numbers, pa.array(picks[k])).to_numpy(zero_copy_only=False),
                              mask=(how_many <= k) | np.isin(picks[k] - picks[0], 0) | (picks[k] == picks[k - 1]),
                              type=pa.string()))
    joined = pc.binary_join_element_wise(*parts, ";", null_handling="skip")
    kinds = rng.choice(6, size=m, p=[0.35, 0.25, 0.25, 0.08, 0.04, 0.03])
    day = np.minimum(np.maximum(rng.integers(_days(dt.date(2016, 1, 1)), end + 1, m), app[picks[0]] + 30), end)
    median = np.choose(np.minimum(kinds, 3), [30.0, 50.0, 500.0, 1.0])
    amount = np.exp(rng.normal(np.log(median), 1.1))
    labels = pa.array(["transfer", "license", "pledge", "open_license", "pool", "standard"])
    return _table("transactions", {
        "credit_code": _owners(codes, owner),
        "kind": pa.DictionaryArray.from_arrays(pa.array(kinds.astype(np.int32)), labels).dictionary_decode(),
        "patent_numbers": joined, "registration_date": _dates(day),
        "amount_wan": _decimal(amount, AMOUNT, mask=kinds >= 3),
    })


def disputes(rng, codes: pa.Array, counts: np.ndarray, until: dt.date) -> pa.Table:
    won = np.minimum(rng.poisson(0.004 * counts), 200)
    owner = _per_enterprise(rng, won)
    m = len(owner)
    return _table("disputes", {
        "credit_code": _owners(codes, owner),
        "decision_date": _dates(rng.integers(_days(dt.date(2016, 1, 1)), _days(until) + 1, m)),
        "amount_wan": _decimal(np.exp(rng.normal(np.log(20), 1.5, m)), AMOUNT),
    })

