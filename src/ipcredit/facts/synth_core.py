"""Building blocks of the record generator: vectorised codes, numbers, dates and columns."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ipcredit.facts.tables import TABLES_BY_NAME, Table
from ipcredit.standard.credit_code import ALPHABET, WEIGHTS

EPOCH = dt.date(1970, 1, 1)
DEFAULT_UNTIL = dt.date(2025, 12, 31)
REGIONS = ("330106", "330108", "440300", "440106", "110108", "310115", "320583", "370211", "420111", "510107")
REGION_NAMES = ("杭州", "深圳", "北京", "上海", "苏州", "青岛", "武汉", "成都", "宁波", "南京")
WORDS = ("华创", "智联", "恒瑞", "博远", "中科", "天成", "海纳", "新源", "精工", "锐捷", "星河", "鼎盛",
         "云帆", "瑞丰", "启明", "东方", "宏图", "联合", "正泰", "英诺")
TRADES = ("科技", "电子", "生物医药", "新材料", "机械", "信息技术", "新能源", "化工", "光电", "智能装备")
INDUSTRIES = ("C39", "C35", "I65", "C26", "C27", "M73", "C38", "C34", "C40", "C36")
PATENT_MEAN_HOLDERS = 24.0  # mean patents of holders; with 45 % holders ≈ 10 rows per enterprise


def _days(day: dt.date) -> int:
    return (day - EPOCH).days


def _dates(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), pa.date32(), mask=mask)


def _choice(rng: np.random.Generator, labels: tuple[str, ...], n: int, p=None) -> pa.Array:
    idx = rng.choice(len(labels), size=n, p=p).astype(np.int32)
    return pa.DictionaryArray.from_arrays(pa.array(idx), pa.array(labels)).dictionary_decode()


def _fixed_strings(chars: np.ndarray) -> pa.Array:
    """A string array from an (n, width) uint8 matrix of ASCII codes."""
    n, width = chars.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    data = np.ascontiguousarray(chars, dtype=np.uint8)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def _decimal(values: np.ndarray, typ: pa.DataType, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.round(values, typ.scale), mask=mask).cast(typ)


def credit_codes(rng: np.random.Generator, n: int) -> pa.Array:
    """Unique, valid 统一社会信用代码: 91 + region + 9-character body + check character."""
    alphabet = np.frombuffer(ALPHABET.encode(), dtype=np.uint8)
    region = np.frombuffer("".join(REGIONS).encode(), dtype=np.uint8).reshape(len(REGIONS), 6)
    idx = np.zeros((n, 17), dtype=np.int64)
    idx[:, 0], idx[:, 1] = 9, 1
    digits = region[rng.integers(0, len(REGIONS), n)] - ord("0")
    idx[:, 2:8] = digits
    # body: a bijection of 0..n-1 into base 31 (multiplier coprime with 31) keeps codes unique
    body = (np.arange(n, dtype=np.int64) * 4_999_999_999_989 + int(rng.integers(0, 31**8))) % (31**9)
    for pos in range(16, 7, -1):
        idx[:, pos], body = body % 31, body // 31
    check = (31 - (idx * np.array(WEIGHTS)).sum(axis=1) % 31) % 31
    chars = alphabet[np.concatenate([idx, check[:, None]], axis=1)]
    return _fixed_strings(chars)


def patent_numbers(app_days: np.ndarray, types: np.ndarray) -> pa.Array:
    """CN application numbers YYYYTNNNNNNN.C (T: 1 invention, 2 utility model, 3 design), unique."""
    years = (app_days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)
    key = years * 10 + types + 1
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.searchsorted(sorted_key, sorted_key, side="left")
    serial = np.empty_like(key)
    serial[order] = np.arange(len(key)) - starts
    if len(serial) and serial.max() >= 10**7 - 100_000:
        raise ValueError("too many patents per year and type for 7-digit serials")
    number = key * 10**7 + serial + 100_000
    digits = np.empty((12, len(key)), dtype=np.uint8)  # one contiguous row per digit position
    for pos in range(11, -1, -1):
        number, rest = np.divmod(number, 10)
        digits[pos] = rest
    weights = np.array([2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], dtype=np.int32)
    check = (weights @ digits.astype(np.int32)) % 11
    chars = np.empty((len(key), 14), dtype=np.uint8)
    chars[:, :12] = digits.T + ord("0")
    chars[:, 12] = ord(".")
    chars[:, 13] = np.where(check == 10, ord("X"), check + ord("0"))
    return _fixed_strings(chars)


def _names(rng: np.random.Generator, n: int) -> pa.Array:
    parts = [_choice(rng, REGION_NAMES, n), _choice(rng, WORDS, n), _choice(rng, TRADES, n)]
    return pc.binary_join_element_wise(*parts, pa.scalar("有限公司"), "")


def patent_counts(rng: np.random.Generator, n: int) -> np.ndarray:
    """Patents per enterprise: 55 % none, the rest Lomax(1.3)-tailed, capped at 20,000."""
    holders = rng.random(n) < 0.45
    scale = PATENT_MEAN_HOLDERS * 0.3
    counts = np.floor(rng.pareto(1.3, n) * scale).astype(np.int64) + 1
    return np.where(holders, np.minimum(counts, 20_000), 0)


def _size_score(counts: np.ndarray) -> np.ndarray:
    """0 for no patents, 1 for a thousand or more: drives the other tables' probabilities."""
    return np.minimum(1.0, np.log1p(counts) / np.log(1000))


def _table(name: str, columns: dict[str, pa.Array]) -> pa.Table:
    table: Table = TABLES_BY_NAME[name]
    n = len(next(iter(columns.values())))
    arrays = [columns[c.name] if c.name in columns else pa.nulls(n, c.arrow_type) for c in table.columns]
    return pa.Table.from_arrays([a.cast(c.arrow_type) for a, c in zip(arrays, table.columns)],
                                schema=table.arrow_schema)
