"""Errors a user can cause, each naming where the problem is.

A `Problem` is one line a user reads: the place (a field path such as
``records[2].deduction``, or ``file.xlsx 第 12 行 申请日``) and a message in Chinese with
English alongside. `InputError` carries all the problems found in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(Exception):
    """Invalid input: every problem found, not only the first."""

    def __init__(self, problems: list[Problem] | Problem, source: str | None = None):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.source = source
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One line per problem. A problem with a field path starts with that path (the file is
        the one the user named); a problem of the whole file starts with the file's name."""
        prefix = f"{self.source}: " if self.source else ""
        return [str(p) if p.path else prefix + str(p) for p in self.problems]


class ModelError(InputError):
    """A scoring model file that is malformed or breaks the rules of A.2.1."""

    def lines(self) -> list[str]:
        """Model problems always name the model file, then the key."""
        prefix = f"{self.source}: " if self.source else ""
        return [prefix + str(p) for p in self.problems]
