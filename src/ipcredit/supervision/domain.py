"""Supervision rules of §6 — pure.

- Annual sampling: a reproducible random sample of the rated enterprises, from a recorded
  seed and sample rate (same seed, rate and population → same sample).
- Revocation: a newly known bad record makes a revocation proposal when the enterprise becomes
  a 失信惩戒对象 (listed as dishonest) or the record no longer fits its grade.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal

from ipcredit.domain_errors import RuleViolation

TRIGGER_KINDS = ("bad_record", "infringement")
DISHONEST_CATEGORIES = ("listed_dishonest", "authority_determined")


def sample_size(population: int, rate: Decimal) -> int:
    if not (Decimal("0") < rate <= Decimal("1")):
        raise RuleViolation(f"抽查比例应在 (0, 1] 内，得到 {rate}")
    return min(population, math.ceil(population * rate)) if population else 0


def draw_sample(ids: list[int], seed: int, rate: Decimal) -> list[int]:
    """The sampled ids: deterministic for (sorted ids, seed, rate)."""
    population = sorted(ids)
    return sorted(random.Random(seed).sample(population, sample_size(len(population), rate)))


def revocation_reason(record: dict, grade_now: str, grade_with_record: str, grades_best_first: list[str]) -> str | None:
    """Why a new record calls for revoking the report, or None."""
    if record.get("kind") not in TRIGGER_KINDS:
        return None
    if record.get("category") in DISHONEST_CATEGORIES:
        return "企业被列为失信惩戒对象 (listed as dishonest)"
    if grades_best_first.index(grade_with_record) > grades_best_first.index(grade_now):
        return f"新增不良记录后等级由 {grade_now} 降为 {grade_with_record}，与原等级不符 (grade no longer fits)"
    return None
