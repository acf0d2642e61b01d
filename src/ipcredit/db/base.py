"""Declarative base shared by every slice's ``models.py``, with stable constraint names."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# the largest value an id column (INTEGER on PostgreSQL) and a BigInteger column can hold: a
# larger number sent to the driver fails there (SQLite: OverflowError) instead of being refused
MAX_ID = 2_147_483_647
BIGINT_RANGE = (-(2**63), 2**63 - 1)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: DateTime(timezone=True)}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """SQLite gives timestamps back without their zone; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def load_all_models() -> MetaData:
    """Import every slice's ORM module so ``Base.metadata`` is complete."""
    import importlib

    for module in MODEL_MODULES:
        importlib.import_module(module)
    return Base.metadata


MODEL_MODULES = (
    "ipcredit.agencies.models",
    "ipcredit.cases.models",
    "ipcredit.reviews.models",
    "ipcredit.issuance.models",
    "ipcredit.objections.models",
    "ipcredit.calendar.models",
    "ipcredit.archive.models",
    "ipcredit.supervision.models",
    "ipcredit.auth.models",
    "ipcredit.security.models",
    "ipcredit.audit.models",
    "ipcredit.consent.models",
)
