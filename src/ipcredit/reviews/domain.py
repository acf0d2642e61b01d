"""Panel rules of §5.3.7 (SPEC §3) — pure, no database.

An odd number of members, at least 5, including professional reviewers (专业评审人员), the
project lead (项目负责人) and technical/industry experts (技术或行业专家); every member signs
confidentiality before voting; conflicted members are excluded. The grade is decided by a
majority of all members; a grade different from the draft needs the panel's reasons; a
majority may instead send the report back to drafting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

MIN_PANEL = 5
ROLES = ("reviewer", "lead", "expert")
RETURN = "return"  # vote: send back to drafting


@dataclass(frozen=True)
class Seat:
    name: str
    role: str
    conflicted: bool = False


def panel_problems(seats: list[Seat]) -> list[str]:
    problems = []
    n = len(seats)
    if n < MIN_PANEL:
        problems.append(f"评审委员会 {n} 人，少于 {MIN_PANEL} 人 (panel needs at least 5 members)")
    if n % 2 == 0:
        problems.append(f"评审委员会人数须为奇数，现为 {n} (panel size must be odd)")
    roles = Counter(s.role for s in seats)
    if roles["reviewer"] < 1:
        problems.append("缺少专业评审人员 (no professional reviewer)")
    if roles["lead"] != 1:
        problems.append("须且仅须包括本案项目负责人一名 (the project lead must sit once)")
    if roles["expert"] < 1:
        problems.append("缺少技术或行业专家 (no technical/industry expert)")
    unknown = sorted({s.role for s in seats} - set(ROLES))
    if unknown:
        problems.append(f"未知角色 {', '.join(unknown)} (unknown role)")
    for s in seats:
        if s.conflicted:
            problems.append(f"{s.name} 与受评企业存在利益关系，须回避 (conflicted member excluded)")
    names = [s.name for s in seats]
    if len(set(names)) != len(names):
        problems.append("同一人不能占两个席位 (duplicate member)")
    return problems


def tally(votes: list[str], panel_size: int) -> str | None:
    """The choice (a grade or ``return``) backed by more than half of all members, else None."""
    if not votes:
        return None
    choice, count = Counter(votes).most_common(1)[0]
    return choice if count * 2 > panel_size else None


def decision_problems(decided: str, draft: str, reasons: str | None) -> list[str]:
    if decided != draft and not (reasons or "").strip():
        return [f"评审结论 {decided} 与初稿等级 {draft} 不同，须写明评审理由 (reasons required)"]
    return []
