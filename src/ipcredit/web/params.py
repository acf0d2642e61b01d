"""Typed request parameters shared by the routes.

Database ids are bounded: an id beyond a 32-bit signed integer cannot exist (the id columns
are ``INTEGER`` on PostgreSQL) and would otherwise reach the driver and fail there (SQLite:
OverflowError, PostgreSQL: NumericValueOutOfRange) as a 500 — it is a 422 naming the field.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path

MAX_ID = 2_147_483_647

IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdForm = Annotated[int, Form(ge=1, le=MAX_ID)]
