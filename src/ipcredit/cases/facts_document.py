"""Facts of a case as path → value entries, and back to a facts-v1 document — pure.

Every leaf of the facts-v1 document is one entry (``basic.ip_department``,
``capacity.pledge_wan``, ``evaluation_date`` …); each record is one entry ``records.<key>``
whose value is the record mapping. Each entry carries its own source, collection date,
evidence and verification status.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

SCALAR_LISTS = ("basic.rd_staff_ratio", "basic.rd_expense_ratio")


def jsonable(value: Any) -> Any:
    """Plain JSON values: Decimal → int/float (shortest repr), dates → ISO text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(str(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def flatten(doc: dict[str, Any]) -> dict[str, Any]:
    """A raw facts-v1 mapping (as read by ``yamlio``) → ``{path: value}`` of JSON values."""
    return _flatten(jsonable(doc))


def _flatten(doc: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "schema":
            continue
        if key == "records":
            for i, rec in enumerate(value or [], start=1):
                rid = rec.get("id") if isinstance(rec, dict) else None
                out[f"records.{rid or f'r{i}'}"] = rec
        elif isinstance(value, dict) and key != "custom":
            for sub, v in _flatten(value).items():
                out[f"{key}.{sub}"] = v
        else:
            out[key] = value
    return out


def assemble(entries: dict[str, Any]) -> dict[str, Any]:
    """``{path: value}`` → a facts-v1 mapping (records in key order)."""
    doc: dict[str, Any] = {"schema": "ipcredit/facts-v1"}
    records = []
    for path in sorted(entries):
        value = entries[path]
        if path.startswith("records."):
            records.append(value)
            continue
        node = doc
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    doc["records"] = records
    return doc


def canonical_json(doc: Any) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def document_hash(doc: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(doc).encode("utf-8")).hexdigest()


def parse_value(text: str) -> Any:
    """A value typed on the command line: JSON when it parses (``true``, ``12``, ``[0.1,0.2]``,
    ``{"kind": …}``), else the text itself (dates, names)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text
