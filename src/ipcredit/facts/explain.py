"""``--explain C1``: which source rows counted for an indicator, which did not, and why.

The fields an indicator reads are taken from its rule in the model (so agency indicators
work too); behaviour rules (R1–R4, N1–N9) read the records.
"""

from __future__ import annotations

from typing import Any

from ipcredit.errors import InputError, Problem
from ipcredit.facts.evidence import Derivation, Evidence
from ipcredit.standard.facts import FIELD_LABELS

PREFIXES = ("basic.", "capacity.", "enterprise.")
LABELS = {"records": "信用行为记录", "enterprise.annual_revenue_wan": "上年营业收入（万元）"}


def _paths(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node] if node.startswith(PREFIXES) else []
    if isinstance(node, dict):
        return [p for v in node.values() for p in _paths(v)]
    if isinstance(node, (list, tuple)):
        return [p for v in node for p in _paths(v)]
    return []


def indicator_fields(model, indicator: str) -> list[str]:
    """The facts field paths an indicator's rule reads (``records`` for behaviour rules)."""
    wanted = indicator.strip().upper()
    for dim in model.dimensions:
        for ind in dim.indicators:
            if ind.id.upper() == wanted:
                return list(dict.fromkeys(_paths(ind.rule.model_dump())))
    if any(rule.id.upper() == wanted for rule in model.behavior.rules) or wanted == "P":
        return ["records"]
    known = [i.id for d in model.dimensions for i in d.indicators] + [r.id for r in model.behavior.rules]
    raise InputError(Problem("--explain", f"未知指标 {indicator!r}，可选: {', '.join(known)} (unknown indicator)"))


def _behaviour_tag(model, indicator: str) -> str | None:
    """The record kind (kind/category for bad records) a behaviour rule counts; None for P."""
    for rule in model.behavior.rules:
        if rule.id.upper() == indicator.strip().upper():
            return f"{rule.kind}/{rule.category}" if getattr(rule, "category", None) else rule.kind
    return None


def explain(derivation: Derivation, model, indicator: str) -> list[tuple[str, list[Evidence]]]:
    """(field path, evidence) for each field the indicator reads that was derived from rows;
    for a behaviour rule, the records of the kind it counts."""
    out = []
    for path in indicator_fields(model, indicator):
        evidence = derivation.provenance.get(path, [])
        tag = _behaviour_tag(model, indicator) if path == "records" else None
        if tag:
            evidence = [e for e in evidence if e.tag == tag]
        out.append((path, evidence))
    return out


def explain_json(derivation: Derivation, model, indicator: str) -> dict[str, Any]:
    return {
        "indicator": indicator.upper(),
        "fields": [
            {"field": path, "label": LABELS.get(path) or FIELD_LABELS.get(path, path),
             "counted": [e.to_json() for e in ev if e.counted],
             "not_counted": [e.to_json() for e in ev if not e.counted]}
            for path, ev in explain(derivation, model, indicator)
        ],
    }


def explain_lines(derivation: Derivation, model, indicator: str) -> list[str]:
    """A readable Chinese explanation, one line per source row."""
    lines = [f"指标 {indicator.upper()} 的来源记录 / source rows"]
    for path, evidence in explain(derivation, model, indicator):
        counted = [e for e in evidence if e.counted]
        lines.append(f"  {LABELS.get(path) or FIELD_LABELS.get(path, path)}（{path}）: 计入 {len(counted)} 行，未计入 {len(evidence) - len(counted)} 行")
        for e in evidence:
            mark = "✓ 计入" if e.counted else "✗ 未计入"
            value = "" if e.value is None else f"  {e.value}" + (" 万元" if path.endswith("_wan") else "")
            lines.append(f"    {mark}  {e.ref}  {e.key}  {e.reason}{value}")
        if not evidence:
            lines.append("    （无来源记录 / no source rows）")
        elif path == "records":
            lines.append("    注：计入 = 进入事实文件；是否在评价窗口内、是否核实、是否修复见上方记录表 / windows judged at E above")
    return lines
