"""Typed request parameters shared by the routes.

Database ids are bounded: an id beyond a 32-bit signed integer cannot exist (the id columns
are ``INTEGER`` on PostgreSQL, `ipcredit.db.base.MAX_ID`) and would otherwise reach the
driver and fail there (SQLite: OverflowError, PostgreSQL: NumericValueOutOfRange) as a 500 —
it is a 422 naming the field. Optional whole numbers typed into a form are read by
`optional_int`; their range is the service's rule.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path

from ipcredit.db.base import MAX_ID
from ipcredit.domain_errors import RuleViolation

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdForm = Annotated[int, Form(ge=1, le=MAX_ID)]


def optional_int(text: str, message: str) -> int | None:
    """A whole number typed into a form field that may be left blank (None); ``message`` is the
    refusal when it is not a whole number."""
    if not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        raise RuleViolation(message) from None
