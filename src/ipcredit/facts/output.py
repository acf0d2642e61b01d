"""Writing derived facts (YAML facts-v1) and their provenance (JSON)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import yaml

from ipcredit.facts.evidence import Derivation


def plain(node: Any) -> Any:
    """Decimals as int/float (exact for the few digits records carry), recursively."""
    if isinstance(node, Decimal):
        return int(node) if node == node.to_integral_value() else float(node)
    if isinstance(node, dict):
        return {k: plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    return node


def facts_yaml(derivation: Derivation, source: str) -> str:
    """The facts-v1 document as YAML, headed by a comment naming its source."""
    doc = derivation.document
    header = (f"# 由原始记录推导 / derived from records: {source}\n"
              f"# 评价基准日 B = {doc['base_date']}，评价日 E = {doc['evaluation_date']}\n")
    return header + yaml.safe_dump(plain(doc), allow_unicode=True, sort_keys=False, width=120)


def provenance_json(derivation: Derivation) -> str:
    """Every derived field with the rows that counted and those that did not (and why)."""
    def default(value: Any) -> Any:
        if isinstance(value, (dt.date, Decimal)):
            return str(value)
        raise TypeError(type(value))

    data = {path: [e.to_json() for e in ev] for path, ev in derivation.provenance.items()}
    return json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n"
