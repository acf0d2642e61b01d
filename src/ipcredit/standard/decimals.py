"""Decimal arithmetic of SPEC §2: no binary floats in scoring, ROUND_HALF_UP to 2 places."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)


def to_decimal(value: int | float | str | Decimal) -> Decimal:
    """Exact decimal of a number as written (``0.045`` → ``Decimal('0.045')``)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def round2(value: Decimal) -> Decimal:
    """Round half up to 2 decimals (四舍五入)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def fmt_number(value: Decimal) -> str:
    """A human rendering: ``10.00`` → ``10``, ``4.90`` → ``4.9``."""
    return format(value.normalize(), "f")


def fmt_score(value: Decimal) -> str:
    """A score as printed in a report: always 2 decimals (``91.4`` → ``91.40``, ``60`` → ``60.00``)."""
    return format(round2(value), "f")


def json_number(value: Decimal) -> int | float:
    """A JSON number with at most 2 decimals (exact for 2-decimal values)."""
    value = round2(value)
    return int(value) if value == value.to_integral_value() else float(value)
