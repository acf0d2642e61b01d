"""Inputs of the agency use cases (validated, shared by the CLI and the web app)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class AgencyIn(_In):
    code: str = Field(min_length=2, max_length=20, pattern=r"^[A-Z0-9]+$")
    name: str = Field(min_length=1, max_length=200)
    licence_no: str | None = None
    filing_no: str | None = None


class PersonIn(_In):
    name: str = Field(min_length=1, max_length=100)
    kind: Literal["evaluator", "reviewer", "expert"] = "evaluator"
    credit_qualification: bool = False
    ip_training: bool = False
    credit_service_since: dt.date | None = None


class AgencyStatus(BaseModel):
    agency_id: int
    name: str
    eligible: bool
    qualified_evaluators: int
    problems: list[str]
