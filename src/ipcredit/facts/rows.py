"""Validated source rows and record sets: what derivation works on (no file access here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Row:
    """One validated source row: canonical column names → typed values, and where it came from."""

    table: str
    source: str
    line: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    @property
    def ref(self) -> str:
        return f"{self.source} 第 {self.line} 行"


@dataclass
class RecordSet:
    tables: dict[str, list[Row]] = field(default_factory=dict)
    _by_code: dict[str, dict[str, list[Row]]] | None = field(default=None, repr=False, compare=False)

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    def enterprise_codes(self) -> list[str]:
        return [r["credit_code"] for r in self.rows("enterprises")]

    def for_enterprise(self, code: str) -> RecordSet:
        """The rows of one enterprise (rows are grouped by credit code once, on first use)."""
        if self._by_code is None:
            index: dict[str, dict[str, list[Row]]] = {}
            for name, rows in self.tables.items():
                for row in rows:
                    index.setdefault(row["credit_code"], {}).setdefault(name, []).append(row)
            self._by_code = index
        own = self._by_code.get(code, {})
        return RecordSet({name: own.get(name, []) for name in self.tables})
