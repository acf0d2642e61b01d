"""The case workflow of SPEC §3 (§5.3) — pure rules, no database.

States: applied → contracted → preparing → collecting → drafting → in_review → issued →
archived, with rejected, cancelled and revoked. Objections run as sub-flows while the case is
issued (see ``ipcredit.objections``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ipcredit.domain_errors import RuleViolation

STATES = ("applied", "contracted", "preparing", "collecting", "drafting", "in_review",
          "issued", "archived", "rejected", "cancelled", "revoked")

STATE_LABELS = {
    "applied": "已申请", "contracted": "已签约", "preparing": "评价准备", "collecting": "信息收集",
    "drafting": "报告起草", "in_review": "评审中", "issued": "已出具", "archived": "已归档",
    "rejected": "申请不予受理", "cancelled": "已撤销/取消", "revoked": "已撤销评级",
}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "applied": ("contracted", "rejected", "cancelled"),
    "contracted": ("preparing", "cancelled"),
    "preparing": ("collecting", "cancelled"),
    "collecting": ("drafting", "cancelled"),
    "drafting": ("in_review", "collecting", "cancelled"),
    "in_review": ("issued", "drafting", "cancelled"),
    "issued": ("archived", "revoked", "cancelled"),
    "archived": ("revoked", "cancelled"),
    "rejected": (),
    "cancelled": (),
    "revoked": (),
}

BAN_YEARS = 3
VALIDITY_YEARS = 3
FACT_STATUSES = ("unverified", "verified", "unverifiable")


def check_transition(current: str, target: str) -> None:
    """Refuse a move the state machine does not allow."""
    if target not in STATES:
        raise RuleViolation(f"未知状态 {target!r} (unknown state)")
    if target not in TRANSITIONS.get(current, ()):
        allowed = "、".join(TRANSITIONS.get(current, ())) or "无"
        raise RuleViolation(
            f"案件处于「{STATE_LABELS[current]}」({current})，不能转为 {target}；可转为：{allowed}",
            "§5.3",
        )


def require_reason(reason: str | None, what: str) -> str:
    if not reason or not reason.strip():
        raise RuleViolation(f"{what}须写明理由 (a reason is required)")
    return reason.strip()


def add_years(day: dt.date, years: int) -> dt.date:
    """Same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def ban_end(discovered_on: dt.date) -> dt.date:
    """Last day of the 3-year applicant ban of §6.3 counted from the discovery date."""
    return add_years(discovered_on, BAN_YEARS) - dt.timedelta(days=1)


@dataclass(frozen=True)
class Ban:
    starts_on: dt.date
    ends_on: dt.date
    reason: str


def check_not_banned(bans: list[Ban], on: dt.date, name: str) -> None:
    """§6.3: an enterprise that supplied false materials may not apply for 3 years."""
    for ban in bans:
        if ban.starts_on <= on <= ban.ends_on:
            raise RuleViolation(
                f"{name} 因提供虚假材料（{ban.reason}）自 {ban.starts_on.isoformat()} 起 3 年内不得申请评价，"
                f"至 {ban.ends_on.isoformat()} 止 (applicant banned)",
                "§6.3",
            )


def valid_until(issued_on: dt.date) -> dt.date:
    """Report validity (§5.3.8): issue date + 3 years − 1 day. A report issued on 29 February
    runs a full three years: 3 years later is read as 1 March, so it is valid to 28 February."""
    try:
        later = issued_on.replace(year=issued_on.year + VALIDITY_YEARS)
    except ValueError:
        later = dt.date(issued_on.year + VALIDITY_YEARS, 3, 1)
    return later - dt.timedelta(days=1)


@dataclass(frozen=True)
class Signature:
    name: str
    role: str  # interviewer | interviewee
    signed_on: dt.date


def interview_problems(interviewer: str, interviewees: str, summary: str, signatures: list[Signature]) -> list[str]:
    """A site-visit interview record (现场访谈记录) needs both sides' signatures (§5.3 b)."""
    problems = []
    if not interviewer.strip() or not interviewees.strip():
        problems.append("访谈记录须写明访谈人与被访谈人 (interviewer and interviewee required)")
    if not summary.strip():
        problems.append("访谈记录须有内容摘要 (summary required)")
    roles = {s.role for s in signatures if s.name.strip()}
    if "interviewer" not in roles:
        problems.append("访谈记录缺少访谈人签字 (interviewer signature missing)")
    if "interviewee" not in roles:
        problems.append("访谈记录缺少被访谈人签字 (interviewee signature missing)")
    return problems


def drafting_problems(fact_statuses: list[str], signed_interviews: int) -> list[str]:
    """Collection is complete (§5.3 a, b): facts exist, none still unverified, a signed site visit."""
    problems = []
    if not fact_statuses:
        problems.append("尚未收集任何事实 (no facts collected)")
    pending = sum(1 for s in fact_statuses if s == "unverified")
    if pending:
        problems.append(f"{pending} 项事实尚未核实 (facts not yet verified)")
    if signed_interviews < 1:
        problems.append("缺少经签字的现场访谈记录 (no signed site-visit interview record)")
    return problems
