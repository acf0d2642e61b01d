"""Provenance: how each source row was judged for one derived figure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ipcredit.facts import rules
from ipcredit.facts.rows import Row


@dataclass(frozen=True)
class Evidence:
    """One source row as seen by one derived figure."""

    ref: str
    key: str
    counted: bool
    reason: str
    value: Decimal | None = None
    tag: str | None = None  # behaviour records: kind, or kind/category of a bad record

    def to_json(self) -> dict[str, Any]:
        out = {"row": self.ref, "key": self.key, "counted": self.counted, "reason": self.reason}
        if self.value is not None:
            out["value"] = str(self.value)
        return out


@dataclass
class Derivation:
    document: dict[str, Any]
    provenance: dict[str, list[Evidence]] = field(default_factory=dict)

    def counted(self, path: str) -> list[Evidence]:
        return [e for e in self.provenance.get(path, []) if e.counted]


@dataclass(frozen=True)
class Params:
    base: dt.date
    evaluation: dt.date
    pledge_threshold: Decimal = Decimal(1000)
    maintained_years: int = 10


def judge(rows: list[Row], verdict: Callable[[Row], rules.Verdict], key: Callable[[Row], str],
           value: Callable[[Row], Decimal] | None = None) -> list[Evidence]:
    out = []
    for row in rows:
        ok, reason = verdict(row)
        out.append(Evidence(row.ref, key(row), ok, reason, value(row) if value and ok else None))
    return out
