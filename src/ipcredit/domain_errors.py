"""Errors a user of the agency workflow can cause: a rule of SPEC §3 refused the action.

They carry a Chinese message naming what is wrong and, where one applies, the clause of
T/CFIE 002—2023 (e.g. ``§4.1``). The CLI prints them on stderr and exits non-zero; the web
app will turn them into 4xx answers.
"""

from __future__ import annotations


class RuleViolation(Exception):
    """An action refused by a rule (agency eligibility, state machine, deadlines …)."""

    def __init__(self, message: str, clause: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.clause = clause

    def __str__(self) -> str:
        return f"{self.message}（{self.clause}）" if self.clause else self.message


class NotFound(RuleViolation):
    """A case, agency, report … that does not exist."""
