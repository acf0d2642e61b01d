"""Cell values → typed Python values, per column type, with a Chinese message when invalid.

`convert(column, value)` returns ``(value, None)`` or ``(None, message)``. It accepts text
(CSV, XLSX) and already typed values (Parquet, Excel dates and numbers) alike. Empty cells
become ``None`` (``False`` for ``bool``); whether a column may be empty is checked by the
caller.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ipcredit.facts.tables import FALSE_WORDS, TRUE_WORDS, Column
from ipcredit.standard.credit_code import credit_code_problem

_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]00:00(?::00)?)?$")
# every character Python counts as blank (``str.isspace``; what ``str.strip`` removes), in
# code-point order: the batch pipeline's SQL names them one by one (`ipcredit.batch.raw`)
SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
NUMBER_SEPARATORS = f"[;；,，、{SPACES}]+"  # between the patent numbers of one cell
_NUMBER_SPLIT = re.compile(NUMBER_SEPARATORS)
Result = tuple[Any, str | None]
MAX_AMOUNT = Decimal("1e12")  # 万元: far above any enterprise, below float overflow in outputs


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def to_date(value: Any) -> Result:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            return None, f"应为日期，不含时间 '{value}' (must be a date without time)"
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = _text(value)
    match = _DATE.match(text)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())), None
        except ValueError:
            pass
    return None, f"日期格式错误 '{text}'，应为 YYYY-MM-DD (invalid date)"


def to_bool(value: Any) -> Result:
    if isinstance(value, bool):
        return value, None
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True, None
    if text in FALSE_WORDS:
        return False, None
    return None, f"应为 是 或 否 '{_text(value)}' (must be yes or no)"


def to_int(value: Any) -> Result:
    if isinstance(value, bool):
        return None, f"应为整数 '{value}' (must be a whole number)"
    number, problem = to_decimal(value)
    if problem or number != number.to_integral_value():
        return None, f"应为整数 '{_text(value)}' (must be a whole number)"
    if number < 0:
        return None, f"不能为负 '{_text(value)}' (must be >= 0)"
    return int(number), None


def to_decimal(value: Any) -> Result:
    if isinstance(value, bool):
        return None, f"应为数字 '{value}' (must be a number)"
    if isinstance(value, Decimal):
        return value, None
    if isinstance(value, int):
        return Decimal(value), None
    if isinstance(value, float):
        return Decimal(repr(value)), None
    text = _text(value).replace(",", "").replace("，", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, f"应为数字 '{_text(value)}' (must be a number)"
    if not number.is_finite():
        return None, f"应为数字 '{_text(value)}' (must be a number)"
    return number, None


def to_amount(value: Any) -> Result:
    number, problem = to_decimal(value)
    if problem:
        return None, problem
    if number < 0:
        return None, f"金额不能为负 '{_text(value)}' (must be >= 0)"
    if number >= MAX_AMOUNT:
        return None, f"金额过大 '{_text(value)}'（单位为万元）(too large; the unit is 10,000 CNY)"
    return number, None


def to_ratio(value: Any) -> Result:
    text = _text(value) if isinstance(value, str) else None
    percent = bool(text) and text.endswith("%")
    number, problem = to_decimal(text[:-1] if percent else value)
    if problem:
        return None, f"应为 0 到 1 之间的比例 '{_text(value)}' (must be a share such as 0.12)"
    if percent:
        number = number / 100
    if not 0 <= number <= 1:
        return None, f"比例必须在 0 到 1 之间 '{_text(value)}' (must be between 0 and 1)"
    return number, None


def to_code(value: Any) -> Result:
    text = _text(value).upper()
    problem = credit_code_problem(text)
    return (None, f"{problem} '{text}'") if problem else (text, None)


def to_numbers(value: Any) -> Result:
    parts = tuple(dict.fromkeys(p for p in _NUMBER_SPLIT.split(_text(value)) if p))
    return parts, None


def convert(column: Column, value: Any) -> Result:
    """The typed value of one cell, or the message saying why it is invalid."""
    if is_empty(value):
        return (False, None) if column.type == "bool" else (None, None)
    if column.type == "enum":
        code = column.code_for(_text(value))
        if code is None:
            allowed = "、".join(column.choices.values())
            return None, f"取值无效 '{_text(value)}'，可选: {allowed} (must be one of them)"
        return code, None
    return _CONVERTERS[column.type](value)


_CONVERTERS = {
    "code": to_code, "text": lambda v: (_text(v), None), "date": to_date, "bool": to_bool, "int": to_int,
    "amount": to_amount, "ratio": to_ratio, "numbers": to_numbers,
}
