"""Helpers for golden derivation cases: YAML case → CSV record folder → derivation."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from ipcredit.facts.derive import derive
from ipcredit.facts.evidence import Derivation
from ipcredit.facts.readers import load_records

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "facts" / "golden"
CODE = "91440300708461136T"
DEFAULT_ENTERPRISE = {"统一社会信用代码": CODE, "企业名称": "示例科技有限公司"}


def _cell(value: Any) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    return "" if value is None else str(value)


def write_tables(tables: dict[str, list[dict[str, Any]]], folder: Path) -> Path:
    """Each table as ``<name>.csv``; rows without a credit code get the example enterprise."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {"enterprises": [DEFAULT_ENTERPRISE], **tables}
    for name, rows in tables.items():
        rows = [{"统一社会信用代码": CODE, **r} for r in rows]
        headers = list(dict.fromkeys(k for r in rows for k in r))
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows([[_cell(r.get(h)) for h in headers] for r in rows])
    return folder


def load_case(name: str) -> dict[str, Any]:
    return yaml.safe_load((GOLDEN / name).read_text(encoding="utf-8"))


def derive_case(case: dict[str, Any], folder: Path) -> Derivation:
    records = load_records(write_tables(case["tables"], folder))
    base = case.get("base_date")
    return derive(records, CODE, case["evaluation_date"], base if isinstance(base, dt.date) else None)


def value_at(doc: dict[str, Any], path: str) -> Any:
    node: Any = doc
    for part in path.replace("]", "").replace("[", ".").split("."):
        node = node[int(part)] if part.isdigit() else node[part]
    return node
