"""Retention rules of §5.3.10 — pure.

- Work papers and the report are archived on issue; the archive is kept at least 7 years
  (``retention_until``), after which the evidence files may be purged; the archive's
  manifest (hashes, numbers, grades) is kept long-term.
- Credit information is used or disclosed for at most 5 years: 5 years after issue the case's
  facts, interview contents and scoring details are redacted and verification no longer
  shows the grade.
"""

from __future__ import annotations

import datetime as dt

from ipcredit.cases.domain import add_years

RETENTION_YEARS = 7
DISCLOSURE_YEARS = 5


def retention_until(archived_on: dt.date) -> dt.date:
    return add_years(archived_on, RETENTION_YEARS)


def disclosure_allowed(issued_on: dt.date, today: dt.date) -> bool:
    """Credit information from a report may be used/disclosed for 5 years after issue."""
    return today < add_years(issued_on, DISCLOSURE_YEARS)


def purge_due(retention_until_day: dt.date, today: dt.date) -> bool:
    return today > retention_until_day
