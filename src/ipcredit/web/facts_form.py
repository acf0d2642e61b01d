"""The self-assessment form ↔ a facts-v1 document.

Form fields are named by their facts path (``capacity.valid_invention_patents``); R&D
shares are entered in percent (three inputs per share); behaviour records are table rows
whose inputs repeat (``rec.kind`` …) with a row token so that a problem of
``records[2].date`` is shown next to the right row even after rows were added or removed.
Problems the form itself can see (a word where a number belongs) are reported here; the
rest comes from `parse_facts`, with the same field paths.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from ipcredit.errors import Problem
from ipcredit.standard.facts import SCHEMA, field_kinds

RECORD_FIELDS = ("kind", "date", "title", "source", "category", "status", "deduction", "reason", "repaired_on", "id")
HUNDRED = Decimal(100)


class FormLike(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[Any]: ...


@dataclass
class FormState:
    """What the form shows: a value per field path, the record rows, and the profile."""

    values: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)
    profile: str = "points"


def new_token() -> str:
    return secrets.token_hex(4)


def dom_id(path: str) -> str:
    """An HTML id for a field path: ``basic.ip_strategy.formulated`` → ``basic-ip_strategy-formulated``."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", path)


def _text(form: FormLike, key: str) -> str:
    value = form.get(key)
    return value.strip() if isinstance(value, str) else ""


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def _number(text: str, path: str, integer: bool, problems: list[Problem]) -> Any:
    try:
        number = Decimal(text.replace(",", "").replace("，", ""))
        if not number.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        problems.append(Problem(path, "应为数字 (must be a number)"))
        return None
    if integer:
        if number != number.to_integral_value():
            problems.append(Problem(path, "应为整数 (must be an integer)"))
            return None
        return int(number)
    return number


def _ratios(form: FormLike, path: str, problems: list[Problem]) -> list[Decimal]:
    out = []
    for i, raw in enumerate(form.getlist(path)):
        text = raw.strip() if isinstance(raw, str) else ""
        if not text:
            continue
        value = _number(text, f"{path}[{i}]", False, problems)
        if value is None:
            continue
        if not Decimal(0) <= value <= HUNDRED:
            problems.append(Problem(f"{path}[{i}]", "百分比应在 0 到 100 之间 (percent must be between 0 and 100)"))
            continue
        out.append(value / HUNDRED)
    return out


def _scalar_fields(form: FormLike, doc: dict[str, Any], problems: list[Problem]) -> None:
    for path, kind in field_kinds().items():
        if kind == "bool":
            if form.get(path) in ("on", "true", "1"):
                _set(doc, path, True)
        elif kind == "ratios":
            values = _ratios(form, path, problems)
            if values:
                _set(doc, path, values)
        elif text := _text(form, path):
            if kind in ("count", "amount"):
                value = _number(text, path, kind == "count", problems)
                if value is not None:
                    _set(doc, path, value)
            else:
                _set(doc, path, text)


def _records(form: FormLike, problems: list[Problem]) -> tuple[list[dict[str, Any]], list[str]]:
    tokens = [t for t in form.getlist("rec.token") if isinstance(t, str)]
    columns = {name: form.getlist(f"rec.{name}") for name in RECORD_FIELDS}
    records = []
    for i, _token in enumerate(tokens):
        rec: dict[str, Any] = {}
        for name in RECORD_FIELDS:
            column = columns[name]
            text = column[i].strip() if i < len(column) and isinstance(column[i], str) else ""
            if not text or (name == "status" and text == "verified"):
                continue
            if name == "deduction":
                value = _number(text, f"records[{i}].deduction", False, problems)
                if value is not None:
                    rec[name] = value
            else:
                rec[name] = text
        records.append(rec)
    return records, tokens


def form_to_document(form: FormLike) -> tuple[dict[str, Any], list[Problem], list[str]]:
    """The facts-v1 document the form describes, the form's own problems, the row tokens."""
    problems: list[Problem] = []
    doc: dict[str, Any] = {"schema": SCHEMA, "evaluation_date": _text(form, "evaluation_date")}
    if base := _text(form, "base_date"):
        doc["base_date"] = base
    doc["enterprise"] = {"name": _text(form, "enterprise.name"), "credit_code": _text(form, "enterprise.credit_code")}
    _scalar_fields(form, doc, problems)
    records, tokens = _records(form, problems)
    if records:
        doc["records"] = records
    return doc, problems, tokens


# ----------------------------------------------------------------------------- facts → form

def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _flatten(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def state_from_document(doc: dict[str, Any], profile: str = "points") -> FormState:
    """The form showing a (valid) facts document, e.g. an uploaded file."""
    flat = _flatten({k: v for k, v in doc.items() if k not in ("records", "schema", "custom")})
    values: dict[str, Any] = {}
    for path, value in flat.items():
        if isinstance(value, list):
            values[path] = [_plain(Decimal(str(v)) * HUNDRED) for v in value]
        else:
            values[path] = _plain(value)
    rows = []
    for rec in doc.get("records", []):
        row = {name: _plain(rec.get(name)) for name in RECORD_FIELDS}
        row["status"] = row["status"] or "verified"
        row["token"] = new_token()
        rows.append(row)
    return FormState(values, rows, profile)


def empty_row(kind: str = "national_award") -> dict[str, str]:
    row = {name: "" for name in RECORD_FIELDS}
    row.update(kind=kind, status="verified", token=new_token())
    return row


def state_from_form(form: FormLike) -> FormState:
    """The form as submitted, for showing it again (e.g. after an upload that failed)."""
    values: dict[str, Any] = {"evaluation_date": _text(form, "evaluation_date"), "base_date": _text(form, "base_date"),
                              "enterprise.name": _text(form, "enterprise.name"),
                              "enterprise.credit_code": _text(form, "enterprise.credit_code")}
    for path, kind in field_kinds().items():
        values[path] = [str(v) for v in form.getlist(path)] if kind == "ratios" else _text(form, path)
    tokens = form.getlist("rec.token")
    rows = []
    for i, token in enumerate(tokens):
        row = {name: (form.getlist(f"rec.{name}")[i:i + 1] or [""])[0] for name in RECORD_FIELDS}
        row["token"] = token
        rows.append(row)
    return FormState(values, rows, _text(form, "profile") or "points")


def error_target(path: str, tokens: list[str]) -> str | None:
    """The DOM id of the error slot for a problem path, or None when no field shows it."""
    m = re.fullmatch(r"records\[(\d+)\]\.(\w+)", path)
    if m:
        i, name = int(m.group(1)), m.group(2)
        if i < len(tokens) and name in RECORD_FIELDS:
            return f"err-rec-{tokens[i]}-{name}"
        return None
    path = re.sub(r"\[\d+\]$", "", path)
    known = set(field_kinds()) | {"evaluation_date", "base_date", "enterprise.name", "enterprise.credit_code"}
    return f"err-{dom_id(path)}" if path in known else None
